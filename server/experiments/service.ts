import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_MAX_JOBS, parseExperimentText, prepareExperiment, type ExperimentDesign } from './design.ts';
import { ExperimentInterrupted } from './errors.ts';
import { kpiNames, parseKpiChoice } from './kpis.ts';
import { runExperiment, type ExperimentProgress, type ExperimentResult } from './run.ts';
import type { QueueExecutor } from './queueExecutor.ts';
import type {
  ExperimentFileInfo,
  ExperimentFinished,
  ExperimentProgressInfo,
  ExperimentRunInfo,
  ExperimentScene,
  ParamHint,
} from '../protocol/experiments.ts';
import { experimentCsv } from './csv.ts';
import { formatDuration, readDocument, sceneFromDocument, SceneError, SCENE_EXTENSIONS, type Scene } from '../scene/index.ts';
import { defaultDbPath, openDatabase, type Db } from '../storage/db.ts';
import { createRunsRepository, type RunsRepository, type StoredRun } from '../storage/runs.ts';
import { sceneKey, type SceneCatalog } from '../scene/catalog.ts';

/**
 * Experiments on the live server: the scenes and experiment files they may use, one experiment running at a
 * time on worker threads (cancellable, aborted when the server closes), progress for the Experiments view,
 * and the stored history in the same SQLite database as `twin experiment` (`$TWIN_DATA_DIR/linetwin.db`).
 * A browser never names a file path: scenes and shipped experiment files are chosen by key.
 */

/** How the service runs experiments. */
export interface ExperimentServiceOptions {
  catalog: SceneCatalog;
  /** SQLite file of the runs (default: `defaultDbPath()`, as the CLI). */
  dbPath?: string;
  /** Worker threads per experiment (default: one per core but one, so the live twin keeps a core). */
  workers?: number;
  /** Most jobs one experiment may have (default DEFAULT_MAX_JOBS): a larger one is refused before it is planned. */
  maxJobs?: number;
  /** `--redis`: run the jobs on the queue's `twin worker`s through this executor (not closed here) instead of threads. */
  queue?: QueueExecutor | undefined;
  /** Sends progress and the end of a run to the connections watching experiments. */
  broadcast(event: 'progress', payload: ExperimentProgressInfo): void;
  broadcast(event: 'finished', payload: ExperimentFinished): void;
}

/** What the Experiments view can ask of the server. */
export interface ExperimentService {
  readonly workers: number;
  scenes(): ExperimentScene[];
  files(): Promise<ExperimentFileInfo[]>;
  fileText(key: string): Promise<{ file: string; text: string }>;
  /** The running experiment's progress, or null. */
  running(): ExperimentProgressInfo | null;
  /** Validates and launches; resolves once the run is stored and its first progress known. */
  start(text: string, file: string, rank?: string): Promise<ExperimentProgressInfo>;
  /** Stops the running experiment; resolves once its workers are gone. */
  cancel(): Promise<number | null>;
  history(limit: number): ExperimentRunInfo[];
  open(id: number): { run: ExperimentRunInfo; text: string; result: ExperimentResult | null };
  csv(id: number): { filename: string; csv: string };
  /** The scene of one variant (design point) of a stored run, set to the experiment's horizon, warm-up and seed. */
  variantScene(id: number, variant: string): Promise<{ key: string; scene: Scene }>;
  /** Aborts a running experiment and closes the database. */
  close(): Promise<void>;
}

/** Least wall time between two progress broadcasts (ms); the last one always goes. */
const PROGRESS_MS = 200;
/** Prepared designs kept for opening variants live (each holds every point's scene data). */
const DESIGNS_KEPT = 8;

interface Current {
  progress: ExperimentProgressInfo;
  controller: AbortController;
  settled: Promise<void>;
  lastSent: number;
}

/** Creates the service of one server. The database is opened on first use. */
export function createExperimentService(options: ExperimentServiceOptions): ExperimentService {
  const { catalog } = options;
  const dbPath = options.dbPath ?? defaultDbPath();
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism() - 1));
  const maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
  let db: Db | null = null;
  let repo: RunsRepository | null = null;
  let current: Current | null = null;
  let starting = false;
  let closed = false;
  const designs = new Map<number, ExperimentDesign>(); // by run id, for opening variants live; the latest few
  const remember = (id: number, design: ExperimentDesign): void => {
    designs.delete(id);
    designs.set(id, design);
    for (const old of designs.keys()) if (designs.size > DESIGNS_KEPT) designs.delete(old);
  };
  const hints = new Map<string, ParamHint[]>();

  const store = (): RunsRepository => {
    if (closed) throw new Error('the server is shutting down');
    if (!repo) {
      db = openDatabase(dbPath);
      repo = createRunsRepository(db);
    }
    return repo;
  };
  /** The repository if the database exists (listing must not create it). */
  const existing = (): RunsRepository | null => repo ?? (existsSync(dbPath) ? store() : null);
  const stored = (id: number): StoredRun => {
    const run = existing()?.get(id);
    if (!run) throw new Error(`no run ${id} in the history`);
    return run;
  };
  const experimentsDir = (): string => join(catalog.dir, 'experiments');

  const progressOf = (
    p: ExperimentProgress,
    base: Omit<ExperimentProgressInfo, 'phase' | 'done' | 'total' | 'reused' | 'computed' | 'resumed' | 'elapsed' | 'eta'>,
    started: number,
    computeStart: number,
  ): ExperimentProgressInfo => {
    const now = Date.now();
    const rate = p.computed > 0 ? p.computed / Math.max(1e-3, (now - computeStart) / 1000) : 0; // jobs per s
    return {
      ...base,
      phase: p.phase,
      done: p.done,
      total: p.total,
      reused: p.reused,
      computed: p.computed,
      resumed: p.resumed,
      elapsed: (now - started) / 1000,
      eta: rate > 0 ? (p.total - p.done) / rate : null,
    };
  };

  const service: ExperimentService = {
    workers,
    scenes() {
      return catalog.list().map((info) => {
        const scene = catalog.get(info.key)!;
        return {
          key: info.key,
          name: info.name,
          description: info.description,
          stations: scene.line.stations.map((s) => ({ id: s.id, type: s.type })),
          run: { horizon: formatDuration(scene.run.horizon), warmup: formatDuration(scene.run.warmup), seed: scene.run.seed },
          params: hints.get(info.key) ?? hints.set(info.key, paramHints(catalog.file(info.key))).get(info.key)!,
        };
      });
    },
    async files() {
      let names: string[];
      try {
        names = (await readdir(experimentsDir())).filter((n) => SCENE_EXTENSIONS.includes(extname(n).toLowerCase())).sort();
      } catch {
        return [];
      }
      const out: ExperimentFileInfo[] = [];
      for (const name of names) {
        try {
          const file = join(experimentsDir(), name);
          const { spec } = parseExperimentText(await readFile(file, 'utf8'), file);
          out.push({
            key: basename(name, extname(name)),
            name: spec.name,
            description: spec.description ?? '',
            scene: sceneKey(spec.scene),
          });
        } catch {
          // a broken file is left out here; `twin experiment` on it says what is wrong
        }
      }
      return out;
    },
    async fileText(key) {
      for (const ext of SCENE_EXTENSIONS) {
        const file = join(experimentsDir(), `${key}${ext}`);
        if (existsSync(file)) return { file, text: await readFile(file, 'utf8') };
      }
      throw new Error(`no experiment file "${key}" in ${experimentsDir()}`);
    },
    running: () => (current ? { ...current.progress } : null),
    async start(text, fileName, rank) {
      if (closed) throw new Error('the server is shutting down');
      if (current || starting) {
        const p = current?.progress;
        throw new Error(
          p
            ? `an experiment is already running (run ${p.runId}, "${p.name}", ${p.done} of ${p.total} jobs): wait for it or cancel it`
            : 'an experiment is being started: wait for it',
        );
      }
      starting = true; // from here until the run is registered, a second start is refused
      try {
        const file = fileName.endsWith('.yaml') || fileName.endsWith('.yml') || fileName.endsWith('.json') ? fileName : `${fileName}.yaml`;
        const { spec } = parseExperimentText(text, file);
        const key = sceneKey(spec.scene);
        const sceneFile = catalog.file(key);
        if (!sceneFile) {
          const keys = catalog
            .list()
            .map((s) => s.key)
            .join(', ');
          throw new SceneError([{ file, path: 'scene', message: `no scene "${key}" on this server (its scenes: ${keys})` }]);
        }
        const design = await prepareExperiment({ file, text, sceneFile, sceneText: await readFile(sceneFile, 'utf8') }, { maxJobs });
        if (rank !== undefined) parseKpiChoice(rank, kpiNames(design.scene), 'rank'); // the CLI's check, with the form's word
        const controller = new AbortController();
        const started = Date.now();
        let computeStart = started;
        const seen: { first?: ExperimentProgressInfo } = {};
        // on the queue: the jobs the connected workers run at once (at the launch; workers may come and go)
        const queue = options.queue;
        const threads = queue ? (await queue.workers()).reduce((n, w) => n + w.concurrency, 0) : workers;
        const base = { runId: 0, name: design.spec.name, scene: key, workers: threads };
        const promise = runExperiment(design, {
          store: store(),
          signal: controller.signal,
          ...(queue ? { executor: queue } : { workers }),
          resume: 'auto',
          ...(rank === undefined ? {} : { rank }),
          onProgress(p) {
            if (p.computed === 0) computeStart = Date.now(); // ETA from the computing rate, not the start-up
            base.runId = p.runId ?? 0;
            const info = progressOf(p, base, started, computeStart);
            if (!current) {
              seen.first = info;
              return;
            }
            current.progress = info;
            const now = Date.now();
            if (now - current.lastSent >= PROGRESS_MS || p.done === p.total) {
              current.lastSent = now;
              options.broadcast('progress', info);
            }
          },
        });
        // The run is stored and the first progress reported synchronously, unless the options were refused.
        if (!seen.first) {
          await promise;
          throw new Error('the experiment did not start');
        }
        const progress = seen.first;
        remember(progress.runId, design);
        const run: Current = { progress, controller, lastSent: Date.now(), settled: Promise.resolve() };
        run.settled = promise.then(
          (result) =>
            finish({ runId: result.runId ?? null, name: result.name, status: 'done', kept: result.jobs.total, total: result.jobs.total }),
          (error: unknown) =>
            finish(
              error instanceof ExperimentInterrupted
                ? { runId: error.runId ?? null, name: progress.name, status: 'interrupted', kept: error.kept, total: error.total }
                : {
                    runId: progress.runId,
                    name: progress.name,
                    status: 'failed',
                    kept: run.progress.done,
                    total: run.progress.total,
                    error: error instanceof Error ? error.message : String(error),
                  },
            ),
        );
        current = run;
        options.broadcast('progress', progress);
        return progress;
      } finally {
        starting = false;
      }
    },
    async cancel() {
      const run = current;
      if (!run) throw new Error('no experiment is running');
      run.controller.abort();
      await run.settled;
      return run.progress.runId;
    },
    history(limit) {
      return existing()?.list(limit).map(runInfo) ?? [];
    },
    open(id) {
      const run = stored(id);
      return { run: runInfo(run), text: run.experimentText, result: (run.summary as ExperimentResult | undefined) ?? null };
    },
    csv(id) {
      const run = stored(id);
      if (!run.summary) throw new Error(`run ${id} has no results to export: it is ${run.status}`);
      const slug =
        run.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'experiment';
      return { filename: `run-${id}-${slug}.csv`, csv: experimentCsv(run.summary as ExperimentResult) };
    },
    async variantScene(id, variant) {
      const run = stored(id);
      const source = { file: run.experimentFile, text: run.experimentText, sceneFile: run.sceneFile, sceneText: run.sceneText };
      const design = designs.get(id) ?? (await prepareExperiment(source, { maxJobs: Infinity })); // it was within the limit when it ran
      remember(id, design);
      const point = design.points.find((p) => p.name === variant);
      if (!point) throw new Error(`run ${id} has no variant "${variant}"`);
      const scene = sceneFromDocument(design.documentOf(point), run.sceneFile);
      const { horizon, warmup, seed } = design.settings;
      return {
        key: `${sceneKey(run.sceneFile)}.run${id}`, // not the plain scene key: `?scene=` links must not land here
        scene: { ...scene, name: `${scene.name} · ${point.name}`, run: { ...scene.run, horizon, warmup, seed } },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      current?.controller.abort();
      await current?.settled;
      db?.close();
      db = null;
      repo = null;
    },
  };

  function finish(end: ExperimentFinished): void {
    current = null;
    options.broadcast('finished', end);
  }

  return service;
}

/** A stored run as the history lists it. */
function runInfo(run: StoredRun): ExperimentRunInfo {
  return {
    id: run.id,
    name: run.name,
    file: run.experimentFile,
    scene: sceneKey(run.sceneFile),
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    jobsStored: run.jobsStored,
    jobsPlanned: run.jobsPlanned,
    version: run.version,
    ...(run.error ? { error: run.error } : {}),
  };
}

/** Parameter paths of a scene file with their written values: `M1.cycleTime.mean`, `B1.capacity`... */
function paramHints(file: string | null): ParamHint[] {
  if (!file) return [];
  let data: unknown;
  try {
    data = readDocument(readFileSync(file, 'utf8'), file).data; // small, and read once per scene
  } catch {
    return [];
  }
  const hints: ParamHint[] = [];
  const walk = (value: unknown, path: string): void => {
    if (hints.length >= 400) return;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      hints.push({ path, value: stringify(value, { collectionStyle: 'flow' }).trim() });
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    } else if (!Array.isArray(value)) {
      hints.push({ path, value: typeof value === 'string' ? value : String(value) });
    }
  };
  const doc = data as { stations?: Array<Record<string, unknown>>; energy?: unknown };
  for (const station of doc.stations ?? []) {
    if (typeof station?.id !== 'string') continue;
    for (const [field, value] of Object.entries(station)) {
      if (field === 'id' || field === 'type' || field === 'model') continue;
      walk(value, `${station.id}.${field}`);
    }
  }
  if (doc.energy !== undefined) walk(doc.energy, 'energy');
  return hints.filter((h) => h.path.includes('.'));
}
