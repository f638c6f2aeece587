import type { EditorStore } from './editorStore.ts';

/**
 * Runs one edit on the current text and records it with its line for the change list. An edit that cannot be
 * made (the text does not parse as YAML) leaves the text alone and says why.
 */
export function applyEdit(store: EditorStore, change: string, edit: (text: string) => string): boolean {
  try {
    store.getState().apply(change, edit(store.getState().text));
    return true;
  } catch (error) {
    store.setState({ notice: { level: 'error', text: `${change}: ${error instanceof Error ? error.message : String(error)}` } });
    return false;
  }
}
