import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { EDITOR_CONTROL_EVENTS, editorSchemas } from '../protocol/editor.ts';
import type { SceneCatalog } from '../scene/catalog.ts';
import type { Scene } from '../scene/index.ts';
import type { Feature, FeatureConnection, FeatureHost, Handler } from '../session/feature.ts';
import { createEstimateService, DEFAULT_ESTIMATE_SETTINGS, type EstimateLane, type EstimateSettings } from './estimate.ts';
import { createEstimatePool } from './estimatePool.ts';
import type { SavedScenes } from './savedScenes.ts';
import { readEditedScene } from './sceneText.ts';

/**
 * The line editor as a feature of the live server: opening a scene's text, quick estimates, saving to the
 * saved-scenes folder and running an edited line as a session, each through the connection's gate (rate limit,
 * zod, the operator check for saving and running). One estimate pool per server, started on the first estimate
 * and stopped with the server.
 */

type EventName = keyof typeof editorSchemas;

/** How the server runs the editor. */
export interface EditorFeatureOptions {
  /** Bundled and saved scenes (what `editor:open` reads). */
  catalog: SceneCatalog;
  saved: SavedScenes;
  /** Makes an edited scene fit to serve (the server's model policy); throws a SceneError when it may not be served. */
  serveScene: (scene: Scene) => Scene;
  /** Estimate worker threads (default: one per core but one, which the live sessions keep; at most one per replication). */
  workers?: number | undefined;
  estimates?: Partial<EstimateSettings> | undefined;
}

/** Scene key of a session run from the editor without a name. */
const UNNAMED = 'edited';

/** Creates the editor feature of a server. */
export function createEditorFeature(host: FeatureHost, options: EditorFeatureOptions): Feature {
  const settings = { ...DEFAULT_ESTIMATE_SETTINGS, ...options.estimates };
  const pool = createEstimatePool(options.workers ?? Math.min(settings.replications, Math.max(1, availableParallelism() - 1)));
  const estimates = createEstimateService(pool, settings);
  return {
    connect: (conn) => connectEditor(conn, host, options, estimates.lane(), () => pool.warm()),
    close: () => pool.close(),
  };
}

/** Registers the editor events on a new connection. */
function connectEditor(
  conn: FeatureConnection,
  host: FeatureHost,
  options: EditorFeatureOptions,
  lane: EstimateLane,
  warm: () => void,
): void {
  const on = <E extends EventName>(event: E, handler: Handler<E, (typeof editorSchemas)[E]>): void =>
    conn.handle(event, editorSchemas[event], handler, { control: EDITOR_CONTROL_EVENTS.has(event) });
  let lastRun: string | null = null; // the session this connection ran last: a new run replaces it

  on('editor:open', async (req) => {
    warm(); // an editor is opening: estimates follow
    const file = options.catalog.file(req.scene);
    if (!file) throw new Error(`no scene "${req.scene}"`);
    return { name: req.scene, text: await readFile(file, 'utf8'), saved: options.saved.file(req.scene) === file };
  });
  on('editor:estimate', async (req) => {
    const { scene, document, file } = readEditedScene(req.text, `${req.name ?? 'scene'}.yaml`);
    return { estimate: await lane.estimate(document, file, scene.run) };
  });
  on('editor:save', (req) => options.saved.save(req.name, req.text));
  on('editor:run', (req) => {
    const key = req.name ?? UNNAMED;
    const scene = options.serveScene(readEditedScene(req.text, `${key}.yaml`).scene);
    const { registry } = host;
    if (lastRun !== null && registry.close(lastRun)) {
      host.broadcast(lastRun, 'session:closed', { id: lastRun, reason: 'replaced by a newer run from the editor' });
      host.clearRoom(lastRun);
    }
    const session = registry.create(key, scene, { seed: scene.run.seed, start: scene.run.warmup });
    session.codeOnly = true; // private: the operator who ran it, and whoever they give the join code
    lastRun = session.id;
    return { session: session.info() };
  });
  conn.onDisconnect(() => lane.cancel());
}
