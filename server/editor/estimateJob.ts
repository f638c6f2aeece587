import { sceneFromDocument } from '../scene/index.ts';
import { createSimulation } from '../sim/index.ts';

/**
 * One replication of a quick estimate. The first one of an estimate runs on an event budget and so decides the
 * horizon (where the budget ran out); the others run to that horizon. Runs the same way in a worker and in the
 * calling thread; deterministic (the budget counts events, never wall time).
 */

/** Everything a replication needs; plain data, sent to a worker as is. */
export interface EstimateJob {
  /** Raw scene data, already validated by the caller. */
  document: unknown;
  /** Names the scene in errors. */
  file: string;
  warmup: number; // s
  /** Simulated time (s) to run to, unless `maxEvents` runs out first. */
  horizon: number;
  seed: number;
  replication: number;
  /** Stop after about this many engine events (null: run to the horizon). */
  maxEvents: number | null;
}

/** The KPIs an estimate needs from one replication. */
export interface EstimateJobResult {
  /** Simulated time the run stopped at (s): the horizon, or where its budget ran out. */
  reached: number;
  /** True when the run reached `horizon`. */
  complete: boolean;
  events: number;
  throughputPerHour: number;
  oee: number;
  kWhPerGoodPart: number;
  /** Station with the largest bottleneck share ('' if none), and each station's share. */
  bottleneck: string;
  bottleneckShares: Record<string, number>;
}

/** Runs one replication of an estimate. */
export function runEstimateJob(job: EstimateJob): EstimateJobResult {
  const scene = sceneFromDocument(job.document, job.file);
  const sim = createSimulation(scene.line, { seed: job.seed, replication: job.replication, warmup: job.warmup });
  const complete = job.maxEvents === null ? sim.runUntil(job.horizon) : sim.runUntil(job.horizon, job.maxEvents);
  const report = sim.report();
  const bottleneckShares: Record<string, number> = {};
  for (const [id, station] of Object.entries(report.stations)) bottleneckShares[id] = station.bottleneckShare;
  return {
    reached: sim.now,
    complete,
    events: sim.events,
    throughputPerHour: report.throughputPerHour,
    oee: report.oee,
    kWhPerGoodPart: report.energy.kWhPerGoodPart,
    bottleneck: report.bottleneck,
    bottleneckShares,
  };
}
