import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/db.ts';
import { decodeJson, encodeJson } from '../../server/storage/json.ts';
import { createRunsRepository } from '../../server/storage/runs.ts';
import { runExperiment } from '../../server/experiments/run.ts';
import { ExperimentError, ExperimentInterrupted } from '../../server/experiments/errors.ts';
import { designOf } from './helpers.ts';

/** Runs in SQLite: what is kept, and which stored run an experiment continues. */

const text = (replications: number): string => `name: storage
scene: two-machine.yaml
horizon: 1h
warmup: 10min
replications: ${replications}
sweep:
  B1.capacity: [1, 2]
`;

/** Runs the experiment in this thread and aborts it after `stopAfter` computed jobs. */
async function interrupted(
  store: ReturnType<typeof createRunsRepository>,
  replications: number,
  stopAfter: number,
): Promise<ExperimentInterrupted> {
  const controller = new AbortController();
  try {
    await runExperiment(await designOf(text(replications)), {
      workers: 0,
      store,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.computed === stopAfter) controller.abort();
      },
    });
  } catch (error) {
    if (error instanceof ExperimentInterrupted) return error;
    throw error;
  }
  throw new Error('the run was not interrupted');
}

describe('stored runs', () => {
  it('keep the inputs and every finished job; an identical experiment continues the unfinished run', async () => {
    const store = createRunsRepository(openDatabase(':memory:'));
    const stop = await interrupted(store, 3, 2);
    expect(stop).toMatchObject({ runId: 1, kept: 2, total: 6 });
    const run = store.get(1)!;
    expect(run).toMatchObject({
      status: 'interrupted',
      name: 'storage',
      experimentText: text(3),
      seed: 1,
      version: '0.1.0',
      jobsStored: 2,
      jobsPlanned: 6,
    });
    expect(run.sceneText).toContain('name: Two-machine line');
    expect(store.jobs(1).map((j) => [j.point, j.replication, j.attempt])).toEqual([
      ['B1.capacity=1', 0, 1],
      ['B1.capacity=1', 1, 1],
    ]);

    // A different experiment (another replication count) does not pick it up...
    const other = await runExperiment(await designOf(text(2)), { workers: 0, store });
    expect(other.runId).toBe(2);
    // ...an identical one does, and computes only what is missing.
    const done = await runExperiment(await designOf(text(3)), { workers: 0, store });
    expect(done).toMatchObject({ runId: 1, jobs: { total: 6, computed: 4, reused: 2 } });
    expect(store.get(1)).toMatchObject({ status: 'done', attempts: 2, jobsStored: 6 });
    expect(store.get(1)!.summary).toEqual(JSON.parse(JSON.stringify(done)));
    expect(store.list().map((r) => [r.id, r.status])).toEqual([
      [2, 'done'],
      [1, 'done'],
    ]);
  }, 30_000);

  it('refuse to resume from different inputs, or a finished run', async () => {
    const store = createRunsRepository(openDatabase(':memory:'));
    await interrupted(store, 3, 1);
    await expect(runExperiment(await designOf(text(4)), { workers: 0, store, resume: 1 })).rejects.toThrow(
      new ExperimentError(
        '--resume 1: run 1 was made with different inputs (the experiment file (test.yaml) changed); its stored jobs would not match',
      ),
    );
    await runExperiment(await designOf(text(3)), { workers: 0, store, resume: 1 });
    await expect(runExperiment(await designOf(text(3)), { workers: 0, store, resume: 1 })).rejects.toThrow(/run 1 is complete/);
    // `new` starts over even though run 1 matches
    const fresh = await runExperiment(await designOf(text(3)), { workers: 0, store, resume: 'new' });
    expect(fresh.runId).toBe(2);
    expect(fresh.jobs.computed).toBe(6);
  }, 30_000);

  it('keep non-finite numbers exactly', () => {
    const value = { a: NaN, b: [Infinity, -Infinity, 0.1 + 0.2], c: { $number: 'x', d: 'NaN' } };
    expect(decodeJson(encodeJson(value))).toEqual(value);
  });
});
