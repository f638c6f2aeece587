import { availableParallelism } from 'node:os';
import type { RunsRepository } from '../storage/runs.ts';
import type { ExperimentJobCounts } from '../protocol/experiments.ts';
import { decodeJson, encodeJson } from '../storage/json.ts';
import { comparePoints, type Comparison } from './compare.ts';
import type { DesignPoint, ExperimentDesign, ExperimentSettings, Factor } from './design.ts';
import { ExperimentError, ExperimentInterrupted } from './errors.ts';
import { jobKey, type JobRequest, type KpiReport } from './job.ts';
import { DEFAULT_RANK_KPI, kpiNames, parseKpiChoice, type KpiChoice } from './kpis.ts';
import { greedySearch, searchFactors, type SearchFactor } from './optimize.ts';
import { bindRun, type ResumeChoice, type StreamMode } from './persist.ts';
import { createInlineExecutor, createWorkerPool, type JobExecutor } from './pool.ts';
import { estimate, numericLeaves } from './stats.ts';
import { LINETWIN_VERSION } from './version.ts';
import { formatPathValue } from './paths.ts';

/**
 * Runs an experiment: every variant x sweep point x replication as one job on the executor, stored as it
 * finishes, then the comparison (and the optional search). Usable from the CLI and from a server alike:
 * progress goes to a callback, an AbortSignal stops it, and the result is plain JSON.
 */

/** How to run an experiment. */
export interface ExperimentOptions {
  /** Worker threads (default: one per core); 0 runs every job in the calling thread. Ignored with `executor`. */
  workers?: number;
  /** An executor to use instead of starting one (a server may keep a pool); it is not closed. */
  executor?: JobExecutor;
  /** KPI to rank by, `KPI`, `KPI:max` or `KPI:min` (default throughputPerHour, higher is better). */
  rank?: string;
  /** Search the sweep ranges for the smallest total of the swept factors reaching `target` in `kpi` (`KPI[:max|:min]`). */
  optimize?: { kpi: string; target: number };
  /** Default `common`: common random numbers. */
  streams?: StreamMode;
  signal?: AbortSignal;
  onProgress?: (progress: ExperimentProgress) => void;
  /** Where runs are kept; without it nothing is stored (and nothing can be resumed). */
  store?: RunsRepository;
  /** Default `auto`: continue an identical unfinished run if there is one. */
  resume?: ResumeChoice;
}

/** Progress after each job (and once before the first). */
export interface ExperimentProgress extends ExperimentJobCounts {
  runId?: number | undefined;
}

/** The search's answer for one variant. */
export interface OptimizeAnswer {
  variant: string;
  found: boolean;
  point?: string | undefined;
  factors?: Record<string, number> | undefined;
  /** Sum of the swept factors at the answer. */
  cost?: number | undefined;
  mean?: number | undefined;
  halfWidth?: number | undefined;
  /** The 95% interval lies entirely on the target's side, not just the mean. */
  confident?: boolean | undefined;
  evaluated: Array<{ point: string; factors: Record<string, number>; mean: number; halfWidth: number; reaches: boolean }>;
}

/** Results of `--optimize`. */
export interface OptimizeSummary {
  kpi: string;
  order: KpiChoice['order'];
  target: number;
  method: 'greedy';
  variants: OptimizeAnswer[];
}

/** Everything an experiment produced, as plain JSON. */
export interface ExperimentResult {
  runId?: number | undefined;
  name: string;
  description?: string | undefined;
  file: string;
  scene: { file: string; name: string };
  version: string;
  settings: ExperimentSettings & { streams: StreamMode };
  factors: Factor[];
  baseline: string;
  rankBy: KpiChoice;
  variants: Comparison['points'];
  ranking: string[];
  optimize?: OptimizeSummary | undefined;
  jobs: { total: number; computed: number; reused: number };
}

/** Run (or resume) an experiment. Throws ExperimentError for bad options before any job starts, ExperimentInterrupted on abort. */
export async function runExperiment(design: ExperimentDesign, options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const streams = options.streams ?? 'common';
  const known = kpiNames(design.scene);
  const rankBy = parseKpiChoice(options.rank ?? DEFAULT_RANK_KPI, known, '--rank');
  let search: { choice: KpiChoice; target: number; factors: SearchFactor[] } | undefined;
  if (options.optimize) {
    const choice = parseKpiChoice(options.optimize.kpi, known, '--optimize');
    const factors = searchFactors(design.factors);
    if (typeof factors === 'string') throw new ExperimentError(`--optimize: ${factors}`);
    if (!Number.isFinite(options.optimize.target)) throw new ExperimentError('--optimize needs a numeric --target');
    search = { choice, target: options.optimize.target, factors };
  }
  if (options.signal?.aborted) throw new ExperimentInterrupted(undefined, 0, 0);

  const { replications } = design.settings;
  const binding = options.store
    ? bindRun(
        options.store,
        design,
        options.resume ?? 'auto',
        streams,
        { rank: options.rank ?? DEFAULT_RANK_KPI, optimize: options.optimize, streams },
        design.points.length * replications,
      )
    : undefined;
  const results = new Map<string, KpiReport>(binding?.stored ?? []);
  const progress: ExperimentProgress = {
    runId: binding?.runId,
    phase: 'grid',
    done: 0,
    total: 0,
    reused: 0,
    computed: 0,
    resumed: binding?.resumed ?? false,
  };
  const executor =
    options.executor ?? (options.workers === 0 ? createInlineExecutor() : createWorkerPool(options.workers ?? availableParallelism()));
  const planned = new Set<string>();

  /** Make sure every replication of these points has a result: reuse what is stored, run the rest. */
  const ensure = async (points: readonly DesignPoint[], phase: ExperimentProgress['phase']): Promise<void> => {
    progress.phase = phase;
    const jobs: Array<{ point: DesignPoint; k: number }> = [];
    for (const point of points) {
      for (let k = 0; k < replications; k++) {
        const key = jobKey(point.key, k);
        if (planned.has(key)) continue;
        planned.add(key);
        progress.total++;
        if (results.has(key)) {
          progress.reused++;
          progress.done++;
          continue;
        }
        jobs.push({ point, k });
      }
    }
    if (binding && options.store && progress.total > design.points.length * replications)
      options.store.setPlanned(binding.runId, progress.total);
    options.onProgress?.({ ...progress });
    // Requests are built as they are dispatched; jobs come point by point, so one document per point is built.
    let cached: { point: DesignPoint; document: unknown } | null = null;
    const requestAt = (i: number): JobRequest => {
      const { point, k } = jobs[i]!;
      if (cached?.point !== point) cached = { point, document: design.documentOf(point) };
      return requestFor(design, point, k, streams, cached.document);
    };
    await executor.run(
      { length: jobs.length, at: requestAt },
      (i, outcome) => {
        const { point, k } = jobs[i]!;
        const key = jobKey(point.key, k);
        // Through JSON, as a stored result would come back: fresh and resumed runs give identical numbers.
        const result = decodeJson<KpiReport>(encodeJson(outcome.result));
        options.store?.saveJob(binding!.runId, {
          key,
          point: point.name,
          replication: k,
          attempt: binding!.attempt,
          events: outcome.events,
          wallSeconds: outcome.wallSeconds,
          result,
        });
        results.set(key, result);
        progress.computed++;
        progress.done++;
        options.onProgress?.({ ...progress });
      },
      options.signal,
    );
  };
  const reportsOf = (point: DesignPoint): KpiReport[] => Array.from({ length: replications }, (_, k) => results.get(jobKey(point.key, k))!);

  try {
    await ensure(design.points, 'grid');
    const comparison = comparePoints(
      design.points.map((p) => ({ ...p, reports: reportsOf(p) })),
      design.baseline,
      rankBy,
    );
    let optimize: OptimizeSummary | undefined;
    if (search) {
      const { choice, target, factors } = search;
      optimize = { kpi: choice.kpi, order: choice.order, target, method: 'greedy', variants: [] };
      for (let vi = 0; vi < design.variants.length; vi++) {
        const visited: DesignPoint[] = [];
        const outcome = await greedySearch(factors, choice, target, async (list) => {
          const points = list.map((values) => design.pointAt(vi, values));
          await ensure(points, 'optimize');
          visited.push(...points);
          return points.map((p) => estimate(reportsOf(p).map((r) => numericLeaves(r).get(choice.kpi) ?? NaN)));
        });
        optimize.variants.push(answerOf(design.variants[vi]!.name, factors, outcome, visited));
      }
    }
    const result: ExperimentResult = {
      runId: binding?.runId,
      name: design.spec.name,
      ...(design.spec.description === undefined ? {} : { description: design.spec.description }),
      file: design.source.file,
      scene: { file: design.source.sceneFile, name: design.scene.name },
      version: LINETWIN_VERSION,
      settings: { ...design.settings, streams },
      factors: design.factors,
      baseline: comparison.baseline,
      rankBy,
      variants: comparison.points,
      ranking: comparison.ranking,
      ...(optimize ? { optimize } : {}),
      jobs: { total: progress.total, computed: progress.computed, reused: progress.reused },
    };
    if (binding) options.store?.finish(binding.runId, result);
    return result;
  } catch (error) {
    if (options.signal?.aborted) {
      if (binding) options.store?.interrupt(binding.runId);
      throw new ExperimentInterrupted(binding?.runId, progress.done, progress.total);
    }
    if (binding) options.store?.fail(binding.runId, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    if (!options.executor) await executor.close();
  }
}

function requestFor(design: ExperimentDesign, point: DesignPoint, k: number, streams: StreamMode, document: unknown): JobRequest {
  const { horizon, warmup, seed } = design.settings;
  // Independent streams: each point gets its own far-apart block of replication numbers.
  const replication = streams === 'common' ? k : k + 1000 * (1 + (hash32(point.key) % 1_000_000));
  return { key: jobKey(point.key, k), sceneFile: design.source.sceneFile, document, horizon, warmup, seed, replication };
}

function answerOf(
  variant: string,
  factors: readonly SearchFactor[],
  outcome: Awaited<ReturnType<typeof greedySearch>>,
  visited: readonly DesignPoint[],
): OptimizeAnswer {
  const named = (values: readonly number[]): Record<string, number> => Object.fromEntries(factors.map((f, i) => [f.path, values[i]!]));
  const nameOf = (values: readonly number[]): string =>
    visited.find((p) => factors.every((f, i) => p.factors[f.path] === values[i]))?.name ??
    factors.map((f, i) => `${f.path}=${formatPathValue(values[i])}`).join(', ');
  const evaluated = outcome.path.map((s) => ({
    point: nameOf(s.values),
    factors: named(s.values),
    mean: s.estimate.mean,
    halfWidth: s.estimate.halfWidth,
    reaches: s.reaches,
  }));
  const a = outcome.answer;
  if (!a) return { variant, found: false, evaluated };
  return {
    variant,
    found: true,
    point: nameOf(a.values),
    factors: named(a.values),
    cost: a.cost,
    mean: a.estimate.mean,
    halfWidth: a.estimate.halfWidth,
    confident: a.confident,
    evaluated,
  };
}

/** 32-bit FNV-1a: a stable number from a point key. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
