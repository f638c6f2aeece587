import { MAX_EDITOR_STATIONS, MAX_EDITOR_TEXT_BYTES, utf8Bytes } from '../protocol/editor.ts';
import { readDocument, sceneFromDocument, SceneError, type Scene } from '../scene/index.ts';

/**
 * A scene text from the editor, read the way `twin validate` reads a file (parseScene: same issues, same positions)
 * and held to the editor's limits: its size (the server's message limit) and its station count.
 */

/** A scene text that passed: the scene, and its raw data (what estimate workers rebuild the scene from). */
export interface EditedScene {
  scene: Scene;
  document: unknown;
  /** The name the text goes by in issues: `<name>.yaml`. */
  file: string;
}

/** Reads an edited scene; throws a SceneError listing every problem (the issues parseScene(text, file) gives). */
export function readEditedScene(text: string, file: string): EditedScene {
  const bytes = utf8Bytes(text);
  if (bytes > MAX_EDITOR_TEXT_BYTES) {
    const message = `the scene text is too large (${bytes.toLocaleString('en-US')} bytes; at most ${MAX_EDITOR_TEXT_BYTES.toLocaleString('en-US')} in the editor)`;
    throw new SceneError([{ file, path: '', message }]);
  }
  const { data, locate } = readDocument(text, file);
  const scene = sceneFromDocument(data, file, locate);
  const stations = scene.line.stations.length;
  if (stations > MAX_EDITOR_STATIONS) {
    const message = `the line has ${stations.toLocaleString('en-US')} stations: the editor takes at most ${MAX_EDITOR_STATIONS} (larger lines are files in the scenes folder)`;
    throw new SceneError([{ file, path: 'stations', message, ...locate(['stations']) }]);
  }
  return { scene, document: data, file };
}
