import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SceneInfo } from '../protocol/events.ts';
import type { SceneCatalog } from './catalog.ts';
import { SceneError } from './errors.ts';
import type { Scene } from './types.ts';

/**
 * Where the glTF models a served scene names may come from. A browser loads whatever URL a scene names, so a
 * scene file could make every viewer fetch from anywhere. A model is either a file inside the scenes folder,
 * named relative to the scene file (`model: models/press.glb`) and served by the live server under
 * SCENE_ASSETS_ROUTE, or an https URL on a host the operator allowed (`twin serve --allow-model-host HOST`).
 * A scene naming anything else is refused when it is loaded for serving, with the station and the reason: the
 * default scene stops the start (exit 2), a catalog scene is left out with a warning, like any invalid scene.
 * Model names that are not glTF files (`filler`, `cnc-5axis`) pick a built-in model and are left alone.
 */

/** The URL path under which the live server serves the scenes folder's model files. */
export const SCENE_ASSETS_ROUTE = '/scene-assets/';

/** What a served scene's models may name. */
export interface ModelPolicy {
  /** The scenes folder: model files must be inside it. */
  scenesDir: string;
  /** Hosts (`host` or `host:port`) https models may come from. */
  allowHosts: readonly string[];
}

const GLTF = /\.(glb|gltf)$/i;

/** The URL a browser loads a model from, or why the model may not be served. */
function modelUrl(model: string, sceneFile: string, policy: ModelPolicy): { url: string } | { error: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(model)) {
    let url: URL;
    try {
      url = new URL(model);
    } catch {
      return { error: 'is not a valid URL' };
    }
    if (url.protocol !== 'https:') return { error: `uses ${url.protocol}; a remote model must be https` };
    if (!policy.allowHosts.includes(url.host))
      return { error: `is on ${url.host}, a host the operator did not allow (twin serve --allow-model-host ${url.host})` };
    return { url: url.href };
  }
  if (isAbsolute(model) || model.startsWith('//') || model.includes('\\'))
    return { error: 'must be a path relative to the scene file, inside the scenes folder, or an https URL' };
  const root = realpathSync(policy.scenesDir);
  const file = resolve(dirname(sceneFile), model);
  if (!existsSync(file) || !statSync(file).isFile()) return { error: `names ${file}, which does not exist` };
  const real = realpathSync(file); // a symbolic link may not lead out of the folder
  if (!real.startsWith(root + sep)) return { error: `is outside the scenes folder ${policy.scenesDir}` };
  return { url: SCENE_ASSETS_ROUTE + relative(root, real).split(sep).map(encodeURIComponent).join('/') };
}

/** The scene with its glTF models as URLs the browser may load; a SceneError naming every model it may not. */
export function applyModelPolicy(scene: Scene, policy: ModelPolicy): Scene {
  const issues: SceneError['issues'] = [];
  const stations = scene.line.stations.map((st, i) => {
    const model = st.model?.trim();
    if (model === undefined || !GLTF.test(model.split(/[?#]/)[0]!)) return st;
    const r = modelUrl(model, scene.file, policy);
    if ('url' in r) return { ...st, model: r.url };
    issues.push({ file: scene.file, path: `stations[${i}].model`, message: `station "${st.id}": model "${model}" ${r.error}` });
    return st;
  });
  if (issues.length) throw new SceneError(issues);
  return { ...scene, line: { ...scene.line, stations } };
}

/** The catalog with the policy applied to each scene; a scene whose models may not be served is left out, with a warning. */
export function policedCatalog(catalog: SceneCatalog, policy: ModelPolicy, warn: (text: string) => void): SceneCatalog {
  const scenes = new Map<string, Scene>();
  const infos: SceneInfo[] = [];
  for (const info of catalog.list()) {
    try {
      scenes.set(info.key, applyModelPolicy(catalog.get(info.key)!, policy));
      infos.push(info);
    } catch (e) {
      if (!(e instanceof SceneError)) throw e;
      warn(e.message);
    }
  }
  return {
    list: () => infos,
    get: (key) => scenes.get(key) ?? null,
    file: (key) => (scenes.has(key) ? catalog.file(key) : null),
    dir: catalog.dir,
  };
}
