import { z } from 'zod';
import type { ExperimentResult } from '../experiments/run.ts';
import type { Ack, SessionInfo } from './events.ts';

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

/** Everything `twin experiment --json` prints, as the browser receives it (non-finite numbers arrive as null). */
export type ExperimentResultWire = ExperimentResult;

type Reply<T = object> = (res: Ack<T>) => void;

/** Experiment events a client sends; each takes an acknowledgement. */
export interface ExperimentClientEvents {
  /** Scenes, shipped experiment files and the running experiment; the connection then receives progress. */
  'experiment:catalog': (req: object, ack: Reply<{ scenes: ExperimentScene[]; files: ExperimentFileInfo[]; running: ExperimentProgressInfo | null; workers: number }>) => void;
  /** The text of a shipped experiment file. */
  'experiment:file': (req: { key: string }, ack: Reply<{ file: string; text: string }>) => void;
  /**
   * Operator: validate and launch an experiment (YAML or JSON text; its `scene:` names a server scene by file
   * name). A bad definition is refused before anything runs, naming each path. One experiment at a time.
   */
  'experiment:start': (req: { text: string; file?: string | undefined; rank?: string | undefined }, ack: Reply<{ progress: ExperimentProgressInfo }>) => void;
  /** Operator: stop the running experiment (finished jobs stay stored; launching it again resumes it). */
  'experiment:cancel': (req: object, ack: Reply<{ runId: number | null }>) => void;
  'experiment:history': (req: { limit?: number | undefined }, ack: Reply<{ runs: ExperimentRunInfo[] }>) => void;
  /** A stored run: its listing, its experiment text and, once done, its results. */
  'experiment:open': (req: { run: number }, ack: Reply<{ run: ExperimentRunInfo; text: string; result: ExperimentResultWire | null }>) => void;
  /** The long-form CSV of a finished run (the same file as `--csv`). */
  'experiment:csv': (req: { run: number }, ack: Reply<{ filename: string; csv: string }>) => void;
  /** Operator: a live session running one variant of a stored run (its replication 1: the experiment's seed). */
  'experiment:live': (req: { run: number; variant: string }, ack: Reply<{ session: SessionInfo }>) => void;
}

/** Experiment events the server sends to every connection that asked for the catalog. */
export interface ExperimentServerEvents {
  'experiment:progress': (progress: ExperimentProgressInfo) => void;
  'experiment:finished': (finished: ExperimentFinished) => void;
}

/** Largest experiment text accepted (characters); the whole message must stay under the server's 16 KB. */
export const MAX_EXPERIMENT_TEXT = 12_000;

const runId = z.number().int().min(1).max(2 ** 31 - 1);
const key = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const empty = z.strictObject({});

/** zod schemas of the experiment client events, by name. */
export const experimentSchemas = {
  'experiment:catalog': empty,
  'experiment:file': z.strictObject({ key }),
  'experiment:start': z.strictObject({
    text: z.string().min(1).max(MAX_EXPERIMENT_TEXT),
    file: z.string().min(1).max(80).regex(/^[A-Za-z0-9 _.()-]+$/, 'a plain file name').optional(),
    rank: z.string().min(1).max(120).regex(/^[A-Za-z0-9_.:-]+$/, 'a KPI path like throughputPerHour or stations.M1.oee.availability').optional(),
  }),
  'experiment:cancel': empty,
  'experiment:history': z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
  'experiment:open': z.strictObject({ run: runId }),
  'experiment:csv': z.strictObject({ run: runId }),
  'experiment:live': z.strictObject({ run: runId, variant: z.string().min(1).max(400) }),
} as const;

/** Experiment events that need the operator token: they cost CPU or start sessions. */
export const EXPERIMENT_CONTROL_EVENTS: ReadonlySet<keyof typeof experimentSchemas> = new Set([
  'experiment:start', 'experiment:cancel', 'experiment:live',
] as const);
