import { sceneFromDocument } from '../scene/index.ts';
import { runReplication, type RunResult } from '../scene/run.ts';

/**
 * One job of an experiment: one replication of one design point. Runs the same way in a worker thread and in
 * the calling thread, so results never depend on where (or alongside what) a job ran.
 */

/** Everything a job needs; plain data, sent to a worker as is. */
export interface JobRequest {
  /** Job identity within its run: the point's key and the replication. */
  key: string;
  sceneFile: string;
  /** Raw scene data of the design point, already validated. */
  document: unknown;
  horizon: number; // s
  warmup: number; // s
  seed: number;
  /** Replication number: the same k in every point gives common random numbers. */
  replication: number;
}

/** The KPIs of one replication: a `twin run` report without the engine's timing. */
export type KpiReport = Omit<RunResult, 'engine'>;

/** What a job produced. `wallSeconds` varies between runs; everything else is deterministic. */
export interface JobOutcome {
  result: KpiReport;
  events: number;
  wallSeconds: number;
}

/** The identity of a job: its point and replication. */
export function jobKey(pointKey: string, replication: number): string {
  return `${pointKey}#${replication}`;
}

/**
 * Run one job. The scene is built afresh from the document for every job (a millisecond or so): sharing one
 * Scene between jobs would make a result depend on which jobs ran before it in the same thread, should the
 * engine ever keep state in the specs it is given.
 */
export function executeJob(request: JobRequest): JobOutcome {
  const scene = sceneFromDocument(request.document, request.sceneFile);
  const { engine, ...result } = runReplication(scene, {
    horizon: request.horizon,
    warmup: request.warmup,
    seed: request.seed,
    replication: request.replication,
  });
  return { result, events: engine.events, wallSeconds: engine.wallSeconds };
}
