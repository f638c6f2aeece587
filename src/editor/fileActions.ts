import type { EditorClient } from './editorClient.ts';
import type { EditorStore } from './editorStore.ts';
import { SAVED_SCENE_NAME } from '@protocol/editor.ts';
import { downloadText } from '../ui/download.ts';

/** Opening, saving, downloading and uploading scenes, and running the edited line. */

/** A saved-scene name from a file or catalog key: letters, digits, `_` and `-` only (what the server accepts). */
export function saveNameOf(file: string): string {
  const base = file.replace(/^.*[\\/:]/, '').replace(/\.(ya?ml|json)$/i, '');
  const clean = base
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return SAVED_SCENE_NAME.test(clean) ? clean : 'my-line';
}

/** Opens a catalog scene (bundled or saved) through editor:open. */
export async function openScene(store: EditorStore, client: EditorClient, key: string): Promise<void> {
  const res = await client.open(key);
  if (!res.ok) return store.setState({ notice: { level: 'error', text: `Could not open ${key}: ${res.error}` } });
  store.getState().open(res.text, `${saveNameOf(key)}.yaml`, res.saved ? 'saved' : 'bundled');
  store.setState({ notice: null });
}

/** Saves the text under `name` (operators); the scene list is refreshed so the picker shows it. */
export async function saveScene(store: EditorStore, client: EditorClient, name: string): Promise<boolean> {
  const res = await client.save(name, store.getState().text);
  if (!res.ok) {
    store.setState({ notice: { level: 'error', text: `Not saved: ${res.error}` } });
    return false;
  }
  store.setState({ notice: { level: 'info', text: `Saved as ${res.key}` }, file: `${name}.yaml`, origin: 'saved' });
  await client.refreshScenes();
  return true;
}

/** Offers the text as a YAML file download. */
export function downloadScene(text: string, file: string): void {
  downloadText(file, text, 'application/yaml');
}

/** Largest YAML file read from the user's disk (bytes): the server's limit for scene files. */
export const MAX_UPLOAD_BYTES = 512 * 1024;

/** Reads a YAML file the user picked and opens it. */
export async function uploadScene(store: EditorStore, file: File): Promise<void> {
  if (file.size > MAX_UPLOAD_BYTES) return store.setState({ notice: { level: 'error', text: `${file.name} is larger than 512 KiB` } });
  store.getState().open(await file.text(), file.name, 'upload');
}
