import { z } from 'zod';
import type { Reply, SessionInfo } from './events.ts';
import type { KpiReportWire } from './report.ts';

/**
 * Wire protocol of the Experiments view (`?mode=experiments`): the scenes and experiment files an experiment
 * can use, launching one on the server (operators: it costs CPU), its progress, the stored history, CSV, and
 * opening a variant as a live session. Types are shared with the browser (type-only imports there); the zod
 * schemas are what the server validates each payload with. The results are `twin experiment --json`'s object.
 */

/** A scene parameter an experiment may change, with its value in the scene file (a hint for the form). */
export interface ParamHint {
  /** `M2.cycleTime.mean`, `B1.capacity`... */
  path: string;
  /** The value as the scene file gives it, written as in a scene (`1.2s`, `5`, `{ mtbf: 90s, mttr: 10s }`). */
  value: string;
}

/** A scene that experiments can run on. */
export interface ExperimentScene {
  key: string;
  name: string;
  description: string;
  stations: Array<{ id: string; type: string }>;
  /** The scene's own run settings, the defaults of an experiment (durations as written: `30d`, `1h`). */
  run: { horizon: string; warmup: string; seed: number };
  /** Every changeable leaf of the stations (and run-independent sections), for path suggestions. */
  params: ParamHint[];
}

/** An experiment file shipped with the server (`scenes/experiments/*.yaml`). */
export interface ExperimentFileInfo {
  /** File name without extension: what `experiment:file` takes. */
  key: string;
  name: string;
  description: string;
  /** Key of the scene the file names (its `scene:` without folder and extension). */
  scene: string;
}

/** Lifecycle of a stored run (see server/storage/runs.ts). */
export type ExperimentRunStatus = 'running' | 'interrupted' | 'failed' | 'done';

/** A stored run as the history lists it. */
export interface ExperimentRunInfo {
  id: number;
  name: string;
  /** Experiment file name it was run from (a browser run: the name given in the form). */
  file: string;
  /** Scene key. */
  scene: string;
  status: ExperimentRunStatus;
  createdAt: string;
  updatedAt: string;
  jobsStored: number;
  jobsPlanned: number;
  version: string;
  error?: string | undefined;
}

/** Where an experiment run stands, in jobs (variant x replication); the core's progress callback reports it too. */
export interface ExperimentJobCounts {
  phase: 'grid' | 'optimize';
  /** Jobs with results: reused plus computed. */
  done: number;
  /** Jobs planned so far (the search adds jobs as it goes). */
  total: number;
  /** Jobs already stored by an earlier, interrupted attempt of the same experiment. */
  reused: number;
  /** Jobs computed now. */
  computed: number;
  resumed: boolean;
}

/** Progress of the running experiment (sent a few times a second at most, and at the end). */
export interface ExperimentProgressInfo extends ExperimentJobCounts {
  runId: number;
  name: string;
  scene: string;
  /** Wall seconds since the launch. */
  elapsed: number;
  /** Estimated wall seconds left; null until a job has finished. */
  eta: number | null;
  workers: number;
}

/**
 * A `twin worker` process taking experiment jobs from the Redis queue, as its heartbeat in Redis reports it
 * (a server started with `--redis` lists them; docs/scale.md).
 */
export interface ExperimentQueueWorker {
  /** `host-pid-random`: unique per process. */
  id: string;
  host: string;
  pid: number;
  /** Jobs it runs at once (its worker threads). */
  concurrency: number;
  /** Jobs it finished since it started. */
  jobsDone: number;
  /** Jobs it is running now. */
  active: number;
  /** LineTwin version it runs: jobs are computed only by workers of the enqueuing side's version. */
  version: string;
  /** ISO time it started. */
  startedAt: string;
}

/** How a run ended. */
export interface ExperimentFinished {
  runId: number | null;
  name: string;
  status: 'done' | 'interrupted' | 'failed';
  /** Jobs kept (interrupted) or run (done). */
  kept: number;
  total: number;
  error?: string | undefined;
}

/** A tree of numbers shaped like a KPI report (half-widths, by KPI path). */
export type KpiTree = number | string | { [key: string]: KpiTree };

/** A mean with its 95 % confidence half-width. */
export interface EstimateWire {
  mean: number;
  halfWidth: number;
}

/** A paired difference (variant minus reference) with its 95 % interval; significant when it excludes 0. */
export interface DifferenceWire extends EstimateWire {
  significant: boolean;
}

/** One design point's results: every KPI's mean and 95 % half-width, paired differences from the baseline, rank. */
export interface VariantResultWire {
  name: string;
  variant: string;
  factors: Record<string, unknown>;
  /** Means over replications (the most frequent bottleneck for text). */
  mean: KpiReportWire;
  ci95: KpiTree;
  diff: Record<string, DifferenceWire>;
  rank: number;
  vsBest: DifferenceWire;
}

/** The search's answer for one variant (`--optimize`). */
export interface OptimizeAnswerWire {
  variant: string;
  found: boolean;
  point?: string | undefined;
  factors?: Record<string, number> | undefined;
  cost?: number | undefined;
  mean?: number | undefined;
  halfWidth?: number | undefined;
  confident?: boolean | undefined;
  evaluated: Array<{ point: string; factors: Record<string, number>; mean: number; halfWidth: number; reaches: boolean }>;
}

/**
 * Everything `twin experiment --json` prints, as the browser receives it. JSON has no NaN or Infinity: a non-finite
 * number (a difference of nothing) arrives as null, which readers treat as NaN.
 */
export interface ExperimentResultWire {
  runId?: number | undefined;
  name: string;
  description?: string | undefined;
  file: string;
  scene: { file: string; name: string };
  version: string;
  settings: { horizon: number; warmup: number; seed: number; replications: number; streams: 'common' | 'independent' };
  factors: Array<{ path: string; values: unknown[]; reference: number }>;
  baseline: string;
  rankBy: { kpi: string; order: 'max' | 'min' };
  variants: VariantResultWire[];
  ranking: string[];
  optimize?:
    | {
        kpi: string;
        order: 'max' | 'min';
        target: number;
        method: 'greedy';
        variants: OptimizeAnswerWire[];
      }
    | undefined;
  jobs: { total: number; computed: number; reused: number };
}

/** The payload of an experiment event, as a client sends it (derived from its schema). */
export type ExperimentRequest<E extends keyof typeof experimentSchemas> = z.input<(typeof experimentSchemas)[E]>;

/** Experiment events a client sends; each takes an acknowledgement. */
export interface ExperimentClientEvents {
  /** Scenes, shipped experiment files and the running experiment; the connection then receives progress. */
  'experiment:catalog': (
    req: ExperimentRequest<'experiment:catalog'>,
    ack: Reply<{
      scenes: ExperimentScene[];
      files: ExperimentFileInfo[];
      running: ExperimentProgressInfo | null;
      workers: number;
      /** The queue's connected `twin worker` processes on a server with `--redis` (experiments run there); null without. */
      queueWorkers: ExperimentQueueWorker[] | null;
    }>,
  ) => void;
  /** The text of a shipped experiment file. */
  'experiment:file': (req: ExperimentRequest<'experiment:file'>, ack: Reply<{ file: string; text: string }>) => void;
  /**
   * Operator: validate and launch an experiment (YAML or JSON text; its `scene:` names a server scene by file
   * name). A bad definition is refused before anything runs, naming each path. One experiment at a time.
   */
  'experiment:start': (req: ExperimentRequest<'experiment:start'>, ack: Reply<{ progress: ExperimentProgressInfo }>) => void;
  /** Operator: stop the running experiment (finished jobs stay stored; launching it again resumes it). */
  'experiment:cancel': (req: ExperimentRequest<'experiment:cancel'>, ack: Reply<{ runId: number | null }>) => void;
  'experiment:history': (req: ExperimentRequest<'experiment:history'>, ack: Reply<{ runs: ExperimentRunInfo[] }>) => void;
  /** A stored run: its listing, its experiment text and, once done, its results. */
  'experiment:open': (
    req: ExperimentRequest<'experiment:open'>,
    ack: Reply<{ run: ExperimentRunInfo; text: string; result: ExperimentResultWire | null }>,
  ) => void;
  /** The long-form CSV of a finished run (the same file as `--csv`). */
  'experiment:csv': (req: ExperimentRequest<'experiment:csv'>, ack: Reply<{ filename: string; csv: string }>) => void;
  /** Operator: a live session running one variant of a stored run (its replication 1: the experiment's seed). */
  'experiment:live': (req: ExperimentRequest<'experiment:live'>, ack: Reply<{ session: SessionInfo }>) => void;
}

/** Experiment events the server sends to every connection that asked for the catalog. */
export interface ExperimentServerEvents {
  'experiment:progress': (progress: ExperimentProgressInfo) => void;
  'experiment:finished': (finished: ExperimentFinished) => void;
  /** On a server with `--redis`: the queue's connected workers, whenever the list changes (checked every 2 s). */
  'experiment:workers': (workers: ExperimentQueueWorker[]) => void;
}

/** Largest experiment text accepted (characters); the whole message must stay under the server's 16 KB. */
export const MAX_EXPERIMENT_TEXT = 12_000;

const runId = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);
const key = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const empty = z.strictObject({});

/** zod schemas of the experiment client events, by name. */
export const experimentSchemas = {
  'experiment:catalog': empty,
  'experiment:file': z.strictObject({ key }),
  'experiment:start': z.strictObject({
    text: z.string().min(1).max(MAX_EXPERIMENT_TEXT),
    file: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[A-Za-z0-9 _.()-]+$/, 'a plain file name')
      .optional(),
    rank: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'a KPI path like throughputPerHour or stations.M1.oee.availability')
      .optional(),
  }),
  'experiment:cancel': empty,
  'experiment:history': z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
  'experiment:open': z.strictObject({ run: runId }),
  'experiment:csv': z.strictObject({ run: runId }),
  'experiment:live': z.strictObject({ run: runId, variant: z.string().min(1).max(400) }),
} as const;

/** Experiment events that need the operator token: they cost CPU or start sessions. */
export const EXPERIMENT_CONTROL_EVENTS: ReadonlySet<keyof typeof experimentSchemas> = new Set([
  'experiment:start',
  'experiment:cancel',
  'experiment:live',
] as const);
