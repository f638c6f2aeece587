// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../../src/editor/editorStore.ts';
import { downloadScene, MAX_UPLOAD_BYTES, uploadScene } from '../../src/editor/fileActions.ts';

/** Upload and download of scene files in the editor: what a user gets is the file's text, byte for byte. */

afterEach(() => vi.restoreAllMocks());

describe('editor files', () => {
  it('an uploaded YAML file opens as the edited scene, its text unchanged, with nothing to undo', async () => {
    const text = readFileSync('scenes/bottling.yaml', 'utf8');
    const store = createEditorStore();
    store.getState().apply('an edit before', 'stations: []\n');
    await uploadScene(store, new File([text], 'my-bottling.yaml'));
    const s = store.getState();
    expect(s.text).toBe(text);
    expect(s.file).toBe('my-bottling.yaml');
    expect(s.origin).toBe('upload');
    expect(s.changes).toEqual([]);
    expect(store.temporal.getState().pastStates).toEqual([]);
  });

  it('a file over the upload limit is refused with its name, and the edited scene stays', async () => {
    const store = createEditorStore();
    store.getState().open('name: kept\n', 'kept.yaml', 'template');
    await uploadScene(store, new File(['#'.repeat(MAX_UPLOAD_BYTES + 1)], 'huge.yaml'));
    expect(store.getState().text).toBe('name: kept\n');
    expect(store.getState().notice).toEqual({ level: 'error', text: 'huge.yaml is larger than 512 KiB' });
  });

  it('download offers the text as a YAML file under the given name', async () => {
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:scene';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.getAttribute('href')}`);
    });
    downloadScene('name: a line # kept\n', 'a-line.yaml');
    expect(clicked).toEqual(['a-line.yaml blob:scene']);
    expect(blob).not.toBeNull();
    expect(await blob!.text()).toBe('name: a line # kept\n');
    expect(blob!.type).toBe('application/yaml');
  });
});
