import { EXPERIMENT_CONTROL_EVENTS, experimentSchemas } from '../protocol/experiments.ts';
import type { SceneCatalog } from '../scene/catalog.ts';
import type { Scene } from '../scene/index.ts';
import type { Feature, FeatureConnection, FeatureHost, Handler } from '../session/feature.ts';
import { join } from 'node:path';
import { createCatalogCache, type CatalogCache } from './catalogCache.ts';
import { createExperimentService, type ExperimentService } from './service.ts';
import type { QueueExecutor } from './queueExecutor.ts';
import type { ExperimentQueueWorker } from '../protocol/experiments.ts';

/**
 * The Experiments view as a feature of the live server: its events on every connection, through the connection's
 * gate (rate limit, zod, the operator check for launching, cancelling and opening a variant live). One experiment
 * service per server, created on first use and closed with the server: a running experiment is aborted (its
 * finished jobs stay stored) and the database closed.
 */

/** Room of the connections watching experiments (they get progress and the end of runs). */
const EXPERIMENTS_ROOM = 'experiments';

type EventName = keyof typeof experimentSchemas;

/** How the server runs experiments. */
export interface ExperimentsFeatureOptions {
  catalog: SceneCatalog;
  /** Worker threads per experiment (default: the service's, one per core but one). */
  workers?: number | undefined;
  /** SQLite file of the runs (default: the CLI's). */
  dbPath?: string | undefined;
  /** Most jobs one experiment may have (default: the service's). */
  maxJobs?: number | undefined;
  /** Makes a variant's scene fit to serve (the server's model policy); throws when it may not be served. */
  serveScene?: ((scene: Scene) => Scene) | undefined;
  /** `--redis`: experiments run on the queue's workers, which the view lists; the feature closes it. */
  queue?: QueueExecutor | undefined;
  /** How often the queue's worker list is read for the view (ms, default 2000). */
  workersEveryMs?: number | undefined;
}

/** The queue's workers for the view, polled while the server runs; null without a queue. */
interface WorkerWatch {
  list(): Promise<ExperimentQueueWorker[] | null>;
  close(): void;
}

/** Reads the queue's workers every `everyMs` and broadcasts the list when it changed. */
function watchWorkers(
  queue: QueueExecutor | undefined,
  everyMs: number,
  broadcast: (workers: ExperimentQueueWorker[]) => void,
): WorkerWatch {
  if (!queue) return { list: () => Promise.resolve(null), close() {} };
  let last = '';
  let latest: ExperimentQueueWorker[] = [];
  const poll = async (): Promise<void> => {
    try {
      latest = await queue.workers();
    } catch {
      return; // Redis away for a moment: the list stays as it was
    }
    const text = JSON.stringify(latest);
    if (text !== last) {
      last = text;
      broadcast(latest);
    }
  };
  const timer = setInterval(() => void poll(), everyMs);
  timer.unref();
  return {
    async list() {
      await poll();
      return latest;
    },
    close: () => clearInterval(timer),
  };
}

/** Creates the experiments feature of a server. */
export function createExperimentsFeature(host: FeatureHost, options: ExperimentsFeatureOptions): Feature {
  let service: ExperimentService | null = null;
  const serviceOf = (): ExperimentService => {
    service ??= createExperimentService({
      catalog: options.catalog,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.dbPath === undefined ? {} : { dbPath: options.dbPath }),
      ...(options.maxJobs === undefined ? {} : { maxJobs: options.maxJobs }),
      queue: options.queue,
      broadcast: (event: 'progress' | 'finished', payload: never) => host.broadcast(EXPERIMENTS_ROOM, `experiment:${event}`, payload),
    });
    return service;
  };
  const catalog = createCatalogCache(
    () => join(options.catalog.dir, 'experiments'),
    async () => {
      const s = serviceOf();
      return { scenes: s.scenes(), files: await s.files() };
    },
  );
  const workers = watchWorkers(options.queue, options.workersEveryMs ?? 2_000, (list) =>
    host.broadcast(EXPERIMENTS_ROOM, 'experiment:workers', list),
  );
  return {
    connect: (conn) => connectExperiments(conn, host, serviceOf, catalog, workers, options.serveScene ?? ((scene) => scene)),
    close: async () => {
      workers.close();
      await service?.close();
      await options.queue?.close();
    },
  };
}

/** Registers the experiment events on a new connection. */
function connectExperiments(
  conn: FeatureConnection,
  host: FeatureHost,
  service: () => ExperimentService,
  catalog: CatalogCache,
  workers: WorkerWatch,
  serveScene: (scene: Scene) => Scene,
): void {
  const on = <E extends EventName>(event: E, handler: Handler<E, (typeof experimentSchemas)[E]>): void =>
    conn.handle(event, experimentSchemas[event], handler, { control: EXPERIMENT_CONTROL_EVENTS.has(event) });

  on('experiment:catalog', async () => {
    conn.join(EXPERIMENTS_ROOM);
    const s = service();
    return { ...(await catalog.get()), running: s.running(), workers: s.workers, queueWorkers: await workers.list() };
  });
  on('experiment:file', (req) => service().fileText(req.key));
  on('experiment:start', async (req) => {
    conn.join(EXPERIMENTS_ROOM);
    return { progress: await service().start(req.text, req.file ?? 'experiment.yaml', req.rank) };
  });
  on('experiment:cancel', async () => ({ runId: await service().cancel() }));
  on('experiment:history', (req) => ({ runs: service().history(req.limit ?? 50) }));
  on('experiment:open', (req) => service().open(req.run));
  on('experiment:csv', (req) => service().csv(req.run));
  on('experiment:live', async (req) => {
    const variant = await service().variantScene(req.run, req.variant);
    const scene = serveScene(variant.scene);
    return { session: host.registry.create(variant.key, scene, { seed: scene.run.seed, start: scene.run.warmup }).info() };
  });
}
