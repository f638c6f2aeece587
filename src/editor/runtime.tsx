import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { EditorClient } from './editorClient.ts';
import type { EditorState, EditorStore } from './editorStore.ts';

/** The editor's store and client, handed to components through one context (tests pass their own). */
export interface EditorRuntime {
  store: EditorStore;
  client: EditorClient;
}

const Context = createContext<EditorRuntime | null>(null);

/** Provides the runtime to the editor. */
export function EditorProvider({ runtime, children }: { runtime: EditorRuntime; children: ReactNode }) {
  return <Context.Provider value={runtime}>{children}</Context.Provider>;
}

/** The runtime; throws outside an EditorProvider (a wiring bug). */
export function useEditorRuntime(): EditorRuntime {
  const rt = useContext(Context);
  if (!rt) throw new Error('useEditorRuntime outside <EditorProvider>');
  return rt;
}

/** Subscribes a component to a slice of the editor store. */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorRuntime().store, selector);
}
