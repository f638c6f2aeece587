import { createTokenStore } from '../net/tokenStore.ts';
import { openTwinSocket } from '../net/twinSocket.ts';
import { connectEditor } from './editorClient.ts';
import { EditorApp } from './EditorApp.tsx';
import { createEditorStore, type EditorStore } from './editorStore.ts';
import { openScene } from './fileActions.ts';
import { EditorProvider } from './runtime.tsx';
import { EMPTY_FLOOR, TEMPLATES } from './templates.ts';
import './editor.css';

declare global {
  /** `window.__editor`: the editor's store, for browser tests. */
  interface Window {
    __editor?: { store: EditorStore };
  }
}

/**
 * `?mode=editor` (src/modes.ts): the line editor. `&scene=KEY` opens a bundled or saved scene, `&template=serial`
 * (parallel, assembly) a template, `&template=empty` an empty floor; without them, the open screen.
 */
export function start(url: URL) {
  const store = createEditorStore();
  const tokens = createTokenStore(typeof sessionStorage === 'undefined' ? null : sessionStorage);
  const socket = openTwinSocket(window.location.origin, () => tokens.get());
  const client = connectEditor(socket, { store, tokens });
  document.title = 'LineTwin · Line editor';
  window.__editor = { store };

  const scene = url.searchParams.get('scene');
  const template = url.searchParams.get('template');
  if (template === 'empty') store.getState().open(EMPTY_FLOOR, 'new-line.yaml', 'empty');
  const t = TEMPLATES.find((x) => x.key === template);
  if (t) store.getState().open(t.text, `${t.key}-line.yaml`, 'template');
  if (scene) void client.whenConnected().then(() => openScene(store, client, scene));
  return (
    <EditorProvider runtime={{ store, client }}>
      <EditorApp />
    </EditorProvider>
  );
}
