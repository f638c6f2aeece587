import { describe, expect, it } from 'vitest';
import { createEstimateService, SUPERSEDED } from '../../server/editor/estimate.ts';
import type { EstimateJob, EstimateJobResult } from '../../server/editor/estimateJob.ts';
import type { EstimatePool } from '../../server/editor/estimatePool.ts';

/**
 * The estimate service on a fake pool whose replications finish when the test says: the horizon of replications
 * 1-4 is where replication 0's budget ran out; a newer estimate of a lane supersedes the older one and drops its
 * queued replications; the server refuses estimates beyond its pending limit; the summary names the most frequent
 * bottleneck.
 */

interface FakeTask {
  job: EstimateJob;
  cancelled: boolean;
  finish(result: Partial<EstimateJobResult>): void;
}

function fakePool(): EstimatePool & { tasks: FakeTask[] } {
  const tasks: FakeTask[] = [];
  return {
    size: 1,
    tasks,
    submit(job) {
      let resolve!: (r: EstimateJobResult) => void;
      const result = new Promise<EstimateJobResult>((r) => (resolve = r));
      const task: FakeTask = {
        job,
        cancelled: false,
        finish: (r) =>
          resolve({
            reached: job.horizon,
            complete: true,
            events: 1,
            throughputPerHour: 100,
            oee: 0.5,
            kWhPerGoodPart: 1,
            bottleneck: 'M1',
            bottleneckShares: { M1: 0.6, M2: 0.3 },
            ...r,
          }),
      };
      tasks.push(task);
      return { result, cancel: () => (task.cancelled = true) };
    },
    warm() {},
    close: () => Promise.resolve(),
  };
}

const RUN = { horizon: 100_000, warmup: 1_000, seed: 7 };
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('the estimate service', () => {
  it('runs replication 0 on the budget, then the others to where it stopped, and summarizes them', async () => {
    const pool = fakePool();
    const lane = createEstimateService(pool, { replications: 5, eventBudget: 1234, maxPending: 8 }).lane();
    const estimate = lane.estimate({ doc: 1 }, 'a.yaml', RUN);
    expect(pool.tasks.map((t) => [t.job.replication, t.job.horizon, t.job.maxEvents])).toEqual([[0, 100_000, 1234]]);
    pool.tasks[0]!.finish({ reached: 5_000, complete: false, throughputPerHour: 90, bottleneck: 'M2' });
    await settle();
    expect(pool.tasks.map((t) => [t.job.replication, t.job.horizon, t.job.seed, t.job.warmup])).toEqual([
      [0, 100_000, 7, 1_000],
      [1, 5_000, 7, 1_000],
      [2, 5_000, 7, 1_000],
      [3, 5_000, 7, 1_000],
      [4, 5_000, 7, 1_000],
    ]);
    pool.tasks.slice(1).forEach((t, i) => t.finish({ throughputPerHour: 100 + i * 5, bottleneck: i === 0 ? 'M2' : 'M1' }));
    const e = await estimate;
    expect(e.replications).toBe(5);
    expect(e.horizonSeconds).toBe(5_000);
    expect(e.warmupSeconds).toBe(1_000);
    expect(e.throughputPerHour.mean).toBeCloseTo((90 + 100 + 105 + 110 + 115) / 5, 10);
    expect(e.throughputPerHour.halfWidth).toBeGreaterThan(0);
    expect(e.oee).toEqual({ mean: 0.5, halfWidth: 0 });
    expect(e.bottleneck).toEqual({ station: 'M1', share: 0.6 }); // named 3 times of 5; its mean share
  });

  it('refuses a line whose warm-up alone uses the budget', async () => {
    const pool = fakePool();
    const lane = createEstimateService(pool, { replications: 5, eventBudget: 10, maxPending: 8 }).lane();
    const estimate = lane.estimate({}, 'a.yaml', RUN);
    pool.tasks[0]!.finish({ reached: 900, complete: false });
    await expect(estimate).rejects.toThrow(/the warm-up \(.*\) alone runs more than 10 engine events/);
  });

  it('a newer estimate supersedes the older one at once and drops its queued replications; other lanes are untouched', async () => {
    const pool = fakePool();
    const service = createEstimateService(pool, { replications: 3, eventBudget: 10, maxPending: 8 });
    const lane = service.lane();
    const other = service.lane();
    const theirs = other.estimate({}, 'b.yaml', RUN);
    const older = lane.estimate({}, 'a.yaml', RUN);
    const olderTask = pool.tasks[1]!;
    const newer = lane.estimate({}, 'a.yaml', RUN);
    await expect(older).rejects.toThrow(SUPERSEDED);
    expect(olderTask.cancelled).toBe(true);
    expect(pool.tasks[0]!.cancelled).toBe(false);
    // the older replication finishing late changes nothing
    olderTask.finish({ throughputPerHour: 1e9 });
    for (let round = 0; round < 2; round++) {
      for (const t of pool.tasks) if (!t.cancelled && t !== olderTask) t.finish({});
      await settle();
    }
    expect((await newer).throughputPerHour.mean).toBe(100);
    expect((await theirs).throughputPerHour.mean).toBe(100);
  });

  it('refuses estimates beyond the pending limit, and a closed connection frees its place', async () => {
    const pool = fakePool();
    const service = createEstimateService(pool, { replications: 2, eventBudget: 10, maxPending: 2 });
    const a = service.lane();
    const b = service.lane();
    const c = service.lane();
    const first = a.estimate({}, 'a.yaml', RUN);
    void b.estimate({}, 'b.yaml', RUN).catch(() => {});
    await expect(c.estimate({}, 'c.yaml', RUN)).rejects.toThrow(/busy/);
    b.cancel();
    await settle();
    const third = c.estimate({}, 'c.yaml', RUN);
    expect(pool.tasks.filter((t) => !t.cancelled).length).toBe(2);
    void first.catch(() => {});
    void third.catch(() => {});
  });
});
