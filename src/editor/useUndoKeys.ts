import { useEffect } from 'react';
import { redo, undo, type EditorStore } from './editorStore.ts';

/** True when a key press belongs to a text input (its own undo applies there). */
const typing = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Ctrl/Cmd+Z undoes an edit; Shift+Ctrl/Cmd+Z and Ctrl+Y redo it. */
export function useUndoKeys(store: EditorStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || typing(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) undo(store);
      else if ((key === 'z' && e.shiftKey) || key === 'y') redo(store);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
