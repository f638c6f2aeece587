import { performance } from 'node:perf_hooks';
import { meanCi95 } from '../analysis/studentT.ts';
import type { EditorEstimate } from '../protocol/editor.ts';
import { formatDuration } from '../scene/index.ts';
import type { EstimateJob, EstimateJobResult } from './estimateJob.ts';
import type { EstimatePool, PoolTask } from './estimatePool.ts';

/**
 * Quick estimates of edited lines: `replications` short runs in the estimate pool's worker threads, never on the
 * event loop. Replication 0 runs on an event budget from time 0 (warm-up included) to the scene's horizon; where
 * the budget runs out is the horizon of the others, so all measure the same period [warm-up, horizon). A line
 * small enough to reach its own horizon within the budget is estimated over its whole run: replication 0 is then
 * exactly `twin run`. Each connection has one lane: a newer estimate supersedes the older one, which is answered
 * `superseded` at once (its replications still queued are dropped).
 */

/** How estimates run. */
export interface EstimateSettings {
  replications: number;
  /** Engine events replication 0 may run (0.3-1 s of one core: the engine runs 0.6-2 M events/s, by line and load). */
  eventBudget: number;
  /** Estimates queued or running at once, over all connections; more are refused (busy). */
  maxPending: number;
}

/** 5 replications of at most 600,000 events each: 2-3.5 s for any bundled line on two busy cores (docs/editor-server.md). */
export const DEFAULT_ESTIMATE_SETTINGS: EstimateSettings = { replications: 5, eventBudget: 600_000, maxPending: 8 };

/** The scene's own run settings an estimate starts from. */
export interface EstimateRun {
  horizon: number; // s, absolute (warm-up included)
  warmup: number; // s
  seed: number;
}

/** One connection's estimates. */
export interface EstimateLane {
  /** Estimates a validated scene document; rejects with `superseded` when a newer estimate of this lane starts. */
  estimate(document: unknown, file: string, run: EstimateRun): Promise<EditorEstimate>;
  /** Drops this lane's estimate (the connection closed). */
  cancel(): void;
}

/** The estimates of one server. */
export interface EstimateService {
  lane(): EstimateLane;
}

/** The error a superseded estimate is answered with. */
export const SUPERSEDED = 'superseded';

/** Creates the estimate service on `pool`. */
export function createEstimateService(pool: EstimatePool, settings: EstimateSettings = DEFAULT_ESTIMATE_SETTINGS): EstimateService {
  let pending = 0;
  return {
    lane() {
      let current: { tasks: PoolTask[]; stop: (error: Error) => void } | null = null;
      const cancel = (why: string): void => {
        if (!current) return;
        for (const task of current.tasks) task.cancel();
        current.stop(new Error(why));
        current = null;
      };
      return {
        async estimate(document, file, run) {
          cancel(SUPERSEDED);
          if (pending >= settings.maxPending) throw new Error('the server is busy with other estimates; try again in a moment');
          const started = performance.now();
          const tasks: PoolTask[] = [];
          let stop!: (error: Error) => void;
          const stopped = new Promise<never>((_, reject) => {
            stop = reject;
          });
          stopped.catch(() => {}); // raced below; a finished estimate's stop is never called
          const mine = { tasks, stop };
          current = mine;
          pending++;
          const submit = (job: EstimateJob): Promise<EstimateJobResult> => {
            const task = pool.submit(job);
            tasks.push(task);
            return Promise.race([task.result, stopped]);
          };
          try {
            const base = { document, file, warmup: run.warmup, seed: run.seed };
            const first = await submit({ ...base, horizon: run.horizon, replication: 0, maxEvents: settings.eventBudget });
            if (first.reached <= run.warmup)
              throw new Error(
                `the warm-up (${formatDuration(run.warmup)}) alone runs more than ${settings.eventBudget.toLocaleString('en-US')} ` +
                  'engine events, the budget of a quick estimate: shorten run.warmup to estimate this line',
              );
            const horizon = first.reached;
            // the others run to the same horizon; a budget 4x as large only guards against a run that never ends
            const others = Array.from({ length: settings.replications - 1 }, (_, i) =>
              submit({ ...base, horizon, replication: i + 1, maxEvents: settings.eventBudget * 4 }),
            );
            const results = [first, ...(await Promise.all(others))];
            return summarize(results, run.warmup, horizon, (performance.now() - started) / 1000);
          } finally {
            pending--;
            if (current === mine) current = null;
          }
        },
        cancel: () => cancel('the connection closed'),
      };
    },
  };
}

/** Means and 95 % half-widths over the replications, and the most frequent bottleneck. */
function summarize(results: readonly EstimateJobResult[], warmup: number, horizon: number, seconds: number): EditorEstimate {
  const counts = new Map<string, number>();
  for (const r of results) if (r.bottleneck !== '') counts.set(r.bottleneck, (counts.get(r.bottleneck) ?? 0) + 1);
  let station = '';
  for (const [id, n] of counts) if (n > (counts.get(station) ?? 0)) station = id; // ties: the first replication's
  const share = station === '' ? 0 : results.reduce((sum, r) => sum + (r.bottleneckShares[station] ?? 0), 0) / results.length;
  return {
    replications: results.length,
    horizonSeconds: horizon,
    warmupSeconds: warmup,
    throughputPerHour: meanCi95(results.map((r) => r.throughputPerHour)),
    oee: meanCi95(results.map((r) => r.oee)),
    kWhPerGoodPart: meanCi95(results.map((r) => r.kWhPerGoodPart)),
    bottleneck: station === '' ? null : { station, share },
    seconds,
  };
}
