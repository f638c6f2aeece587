import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { listWorkers, QUEUE_NAME, WORKER_TTL_S } from '../../server/experiments/queue.ts';
import { createQueueExecutor } from '../../server/experiments/queueExecutor.ts';
import { runExperiment } from '../../server/experiments/run.ts';
import { ExperimentInterrupted } from '../../server/experiments/errors.ts';
import { designOf } from '../experiments/helpers.ts';
import { leftoverJobs, pollUntil, spawnWorker, stopWorker, useQueue, waitForWorkers, workersById } from './queueHelpers.ts';

/** Workers register with a heartbeat in Redis: listWorkers sees them, forgets a killed one after the TTL and a stopped one at once. */

const queue = useQueue();

describe('listWorkers', () => {
  it('lists each worker with its host, pid and concurrency; forgets a killed one after the TTL, a stopped one at once', async () => {
    expect(await listWorkers(queue.client())).toEqual([]);
    const [two, one] = await Promise.all([
      spawnWorker(queue.redis().url, '--concurrency', '2'),
      spawnWorker(queue.redis().url, '--concurrency', '1'),
    ]);
    queue.workers.push(two, one);
    const listed = await waitForWorkers(queue.client(), 2);
    expect(listed.get(two.id)).toEqual({
      id: two.id,
      host: hostname(),
      pid: two.child.pid,
      concurrency: 2,
      jobsDone: 0,
      active: 0,
      version: expect.any(String),
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(listed.get(one.id)).toMatchObject({ pid: one.child.pid, concurrency: 1 });

    // SIGKILL: nobody deletes the heartbeat; it expires within the TTL
    const killedAt = Date.now();
    two.child.kill('SIGKILL');
    await two.exited;
    expect((await workersById(queue.client())).has(two.id)).toBe(true);
    const left = await pollUntil(
      () => workersById(queue.client()),
      (m) => !m.has(two.id),
      (WORKER_TTL_S + 10) * 1000,
    );
    expect(Date.now() - killedAt).toBeLessThan((WORKER_TTL_S + 5) * 1000); // 5 s for the polls on a loaded machine
    expect([...left.keys()]).toEqual([one.id]);

    // SIGTERM: the worker deletes its own heartbeat as it exits
    await stopWorker(one);
    expect((await one.exited).code).toBe(0);
    expect(await listWorkers(queue.client())).toEqual([]);
  }, 60_000);

  it('an experiment stopped while its jobs wait (no worker connected) takes them back out of Redis', async () => {
    expect(await listWorkers(queue.client())).toEqual([]);
    const design = await designOf(`name: Waiting
scene: two-machine.yaml
horizon: 1h
warmup: 10min
replications: 3
sweep:
  B1.capacity: [1, 2, 3]
`);
    const executor = await createQueueExecutor(queue.redis().url);
    const controller = new AbortController();
    try {
      const run = runExperiment(design, { executor, signal: controller.signal }).catch((e: unknown) => e);
      const waiting = `bull:${QUEUE_NAME}:wait`;
      await pollUntil(
        () => queue.client().llen(waiting),
        (n) => n === 9,
      );
      expect((await leftoverJobs(queue.client())).length).toBe(9);
      controller.abort();
      expect(await run).toBeInstanceOf(ExperimentInterrupted);
      expect(await queue.client().llen(waiting)).toBe(0);
      expect(await leftoverJobs(queue.client())).toEqual([]);
    } finally {
      await executor.close();
    }
  }, 30_000);
});
