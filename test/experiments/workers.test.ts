import { describe, expect, it } from 'vitest';
import { runExperiment, type ExperimentProgress } from '../../server/experiments/run.ts';
import { comparable, designOf } from './helpers.ts';

/** Results are assembled by job index, never by completion order: the worker count cannot change them. */

const design = await designOf(`name: workers
scene: two-machine.yaml
horizon: 6h
warmup: 30min
replications: 4
variants:
  - name: baseline
  - name: faster M2
    set: { M2.cycleTime.mean: 1s }
sweep:
  B1.capacity: [1, 5, 10]
`);

describe('worker threads', () => {
  it('give identical results with 1 worker, 2 workers and in the calling thread', async () => {
    const progress: ExperimentProgress[] = [];
    const two = await runExperiment(design, { workers: 2, onProgress: (p) => progress.push(p) });
    const one = await runExperiment(design, { workers: 1 });
    const inline = await runExperiment(design, { workers: 0 });
    expect(JSON.stringify(comparable(two))).toBe(JSON.stringify(comparable(one)));
    expect(JSON.stringify(comparable(inline))).toBe(JSON.stringify(comparable(one)));
    expect(two.jobs).toEqual({ total: 24, computed: 24, reused: 0 });
    // progress: once before the first job, then after each job
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(progress.every((p) => p.total === 24)).toBe(true);
  }, 60_000);

  it('stop promptly on abort, keeping what finished', async () => {
    const controller = new AbortController();
    let seen = 0;
    const run = runExperiment(design, {
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.done;
        if (p.done === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'ExperimentInterrupted', kept: 3, total: 24 });
    expect(seen).toBe(3);
  }, 30_000);
});
