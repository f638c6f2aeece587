import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { loadScene, SCENE_EXTENSIONS, type Scene } from './index.ts';
import type { SceneInfo } from '../protocol/events.ts';

/** The scenes a server offers: the files directly in its scenes folder (not experiments or scenarios). */
export interface SceneCatalog {
  list(): SceneInfo[];
  /** A scene by key (file name without extension), or null. */
  get(key: string): Scene | null;
  /** The file a scene was loaded from, or null (experiments read its text). */
  file(key: string): string | null;
  /** The scenes folder (experiment files are in its `experiments/`). */
  readonly dir: string;
}

/** Scenes saved from the editor (server/editor/savedScenes.ts), as the catalog lists them after the bundled ones. */
export interface SavedSceneSource {
  /** Keys of the saved scenes now, in the order to list them. */
  keys(): string[];
  get(key: string): Scene | null;
  file(key: string): string | null;
}

/**
 * The bundled scenes and, listed apart after them with `saved: true`, the saved ones (which change as operators
 * save). A key is never both: the editor refuses a bundled key as a name; should one appear anyway, the bundled
 * scene wins.
 */
export function withSavedScenes(bundled: SceneCatalog, saved: SavedSceneSource): SceneCatalog {
  const savedKeys = (): string[] => saved.keys().filter((key) => bundled.get(key) === null);
  return {
    list: () => [
      ...bundled.list(),
      ...savedKeys().flatMap((key) => {
        const s = saved.get(key);
        return s ? [{ ...infoOf(key, s), saved: true }] : [];
      }),
    ],
    get: (key) => bundled.get(key) ?? saved.get(key),
    file: (key) => bundled.file(key) ?? saved.file(key),
    dir: bundled.dir,
  };
}

/** A scene as the picker lists it. */
function infoOf(key: string, s: Scene): SceneInfo {
  return { key, name: s.name, description: s.description ?? '', stations: s.line.stations.length };
}

/** Scene key of a file: its name without folder and extension. */
export function sceneKey(file: string): string {
  return basename(file, extname(file));
}

/** Loads every valid scene in `dir` (invalid ones are reported through `warn` and left out) plus `extra` files. */
export async function loadSceneCatalog(dir: string, extra: string[], warn: (text: string) => void): Promise<SceneCatalog> {
  const files: string[] = [];
  try {
    for (const name of (await readdir(dir)).sort()) if (SCENE_EXTENSIONS.includes(extname(name))) files.push(join(dir, name));
  } catch {
    warn(`no scenes folder at ${dir}`);
  }
  const scenes = new Map<string, Scene>();
  for (const file of [...extra, ...files]) {
    const key = sceneKey(file);
    if (scenes.has(key)) continue;
    try {
      scenes.set(key, await loadScene(file));
    } catch (e) {
      warn((e as Error).message);
    }
  }
  return {
    list: () => [...scenes].map(([key, s]) => infoOf(key, s)),
    get: (key) => scenes.get(key) ?? null,
    file: (key) => scenes.get(key)?.file ?? null,
    dir,
  };
}
