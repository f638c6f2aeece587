import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import type { SceneCard } from '@protocol/training.ts';
import type { EditorEstimate } from '@protocol/editor.ts';

/**
 * The editor's state. The scene is its YAML text (the source of truth) and the list of changes made since it
 * was opened; both are tracked by zundo, so undo and redo restore the text and the change list together. The
 * rest (selection, estimate, role, notices) is view state and is not undone.
 */

/** Where the scene being edited came from. */
export type SceneOrigin = 'bundled' | 'saved' | 'template' | 'empty' | 'upload';

/** The state of the quick estimate for the current text. */
export type EstimateState =
  | { status: 'idle' }
  | { status: 'waiting' }
  | { status: 'done'; estimate: EditorEstimate; text: string }
  | { status: 'error'; error: string };

/** The undoable part: the text and what was done to it. */
export interface EditedScene {
  text: string;
  /** One line per edit since opening, oldest first. */
  changes: string[];
}

/** Everything the editor shows. */
export interface EditorState extends EditedScene {
  /** False until a scene, template or empty floor is opened. */
  opened: boolean;
  /** File name in messages and the default save name (`my-line.yaml`). */
  file: string;
  origin: SceneOrigin;
  /** Selected stations, by id. */
  selected: string[];
  estimate: EstimateState;
  role: 'viewer' | 'operator';
  connection: 'connecting' | 'connected' | 'reconnecting' | 'offline';
  notice: { level: 'info' | 'warn' | 'error'; text: string } | null;
  /** The scenes that can be opened (bundled and saved), from the server. */
  scenes: SceneCard[];
  /** Opens text as the scene being edited: the history starts afresh. */
  open(text: string, file: string, origin: SceneOrigin): void;
  /** Records an edit: the new text and a line for the change list (no-op when the text is unchanged). */
  apply(change: string, text: string): void;
  select(ids: string[]): void;
}

/** The editor's store with its temporal (undo/redo) companion at `store.temporal`. */
export function createEditorStore() {
  const store = createStore<EditorState>()(
    temporal(
      (set, get) => ({
        text: '',
        changes: [],
        opened: false,
        file: 'new-line.yaml',
        origin: 'empty',
        selected: [],
        estimate: { status: 'idle' },
        role: 'viewer',
        connection: 'connecting',
        notice: null,
        scenes: [],
        open(text, file, origin) {
          set({ text, changes: [], file, origin, opened: true, selected: [], estimate: { status: 'idle' } });
          store.temporal.getState().clear();
        },
        apply(change, text) {
          if (text === get().text) return;
          set({ text, changes: [...get().changes, change] });
        },
        select(ids) {
          set({ selected: ids });
        },
      }),
      {
        partialize: (s): EditedScene => ({ text: s.text, changes: s.changes }),
        equality: (a, b) => a.text === b.text, // only edits make history, not selection or estimates
        limit: 500,
      },
    ),
  );
  return store;
}

/** The editor store type. */
export type EditorStore = ReturnType<typeof createEditorStore>;

/** Undoes the last edit. */
export const undo = (store: EditorStore): void => store.temporal.getState().undo();
/** Redoes the last undone edit. */
export const redo = (store: EditorStore): void => store.temporal.getState().redo();
