import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SAVED_SCENE_NAME } from '../protocol/editor.ts';
import type { SavedSceneSource } from '../scene/catalog.ts';
import type { Scene } from '../scene/index.ts';
import { readEditedScene } from './sceneText.ts';

/**
 * The saved-scenes folder: scenes operators saved from the editor, one `<name>.yaml` each, written byte for byte as
 * sent. A name is letters, digits, `_` and `-` only (no dots, no separators), so it never leaves the folder; it may
 * not be a bundled scene's key (the catalog would show two scenes of one key), in any letter case. The folder is
 * created on the first save. Files are written under a temporary name and renamed, so a reader never sees half a
 * scene.
 */

/** `scenes/` under `TWIN_DATA_DIR` (default `./data`): data/scenes relative to the working directory. */
export function defaultSavedScenesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['TWIN_DATA_DIR'] || 'data', 'scenes');
}

/** Most scenes the folder holds: each one is loaded at start and listed in the scene picker. */
export const MAX_SAVED_SCENES = 500;

/** Names Windows reserves for devices: refused everywhere, so a folder can be copied between systems. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** The saved scenes of one server. */
export interface SavedScenes extends SavedSceneSource {
  readonly dir: string;
  /** Validates and writes `text` as `<name>.yaml`; replaces an earlier save of that name. Throws to refuse. */
  save(name: string, text: string): Promise<{ key: string; file: string }>;
}

/** How the folder is kept. */
export interface SavedScenesOptions {
  /** Is `key` a bundled scene? Such names are refused (and such files left out at start). */
  isBundled: (key: string) => boolean;
  /** Makes a scene fit to serve (the server's model policy); throws a SceneError when it may not be served. */
  serveScene: (scene: Scene) => Scene;
  warn: (text: string) => void;
}

/** Why `name` cannot be a saved scene's name, or null. */
export function refuseSavedName(name: string, isBundled: (key: string) => boolean): string | null {
  if (!SAVED_SCENE_NAME.test(name))
    return `"${name.slice(0, 80)}" is not a scene name: 1-64 letters, digits, _ and -, starting with a letter or digit (no dots or slashes)`;
  if (RESERVED.test(name)) return `"${name}" is a reserved device name on Windows: choose another`;
  if (isBundled(name)) return `"${name}" is a bundled scene: save under another name`;
  return null;
}

/** Loads the saved scenes in `dir` (invalid files are reported through `warn` and left out). */
export async function loadSavedScenes(dir: string, options: SavedScenesOptions): Promise<SavedScenes> {
  const folder = resolve(dir);
  const scenes = new Map<string, { scene: Scene; file: string }>();
  let names: string[] = [];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    // no folder yet: created on the first save
  }
  for (const entry of names) {
    const key = entry.slice(0, -'.yaml'.length);
    const file = join(folder, entry);
    const refused = refuseSavedName(key, options.isBundled);
    if (refused) {
      options.warn(`saved scene ${file} left out: ${refused}`);
      continue;
    }
    if (scenes.size >= MAX_SAVED_SCENES) {
      options.warn(`saved scenes beyond ${MAX_SAVED_SCENES} left out, from ${file}`);
      break;
    }
    try {
      scenes.set(key, { scene: options.serveScene(readEditedScene(await readFile(file, 'utf8'), file).scene), file });
    } catch (e) {
      options.warn(`saved scene left out: ${(e as Error).message}`);
    }
  }
  return {
    dir: folder,
    keys: () => [...scenes.keys()],
    get: (key) => scenes.get(key)?.scene ?? null,
    file: (key) => scenes.get(key)?.file ?? null,
    async save(name, text) {
      const refused = refuseSavedName(name, options.isBundled);
      if (refused) throw new Error(refused);
      if (!scenes.has(name) && scenes.size >= MAX_SAVED_SCENES)
        throw new Error(`the saved-scenes folder holds at most ${MAX_SAVED_SCENES} scenes: an operator must remove some first`);
      const file = join(folder, `${name}.yaml`);
      if (dirname(file) !== folder) throw new Error(`"${name}" is not a scene name`); // cannot happen with the name rule: kept as a second lock
      const scene = options.serveScene(readEditedScene(text, `${name}.yaml`).scene);
      await mkdir(folder, { recursive: true });
      const temporary = join(folder, `.${name}.${process.pid}.${Date.now()}.tmp`);
      try {
        await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
        await rename(temporary, file);
      } catch (e) {
        await rm(temporary, { force: true });
        throw new Error(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
      }
      scenes.set(name, { scene: { ...scene, file }, file });
      return { key: name, file };
    },
  };
}
