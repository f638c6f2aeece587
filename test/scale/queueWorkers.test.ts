import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { listWorkers, QUEUE_NAME, WORKER_TTL_S } from '../../server/experiments/queue.ts';
import { createQueueExecutor } from '../../server/experiments/queueExecutor.ts';
import { runExperiment } from '../../server/experiments/run.ts';
import { ExperimentInterrupted } from '../../server/experiments/errors.ts';
import { designOf } from '../experiments/helpers.ts';
import { leftoverJobs, pollUntil, redisClient, spawnWorker, stopWorker, workersById, type WorkerProcess } from './queueHelpers.ts';

/** Workers register with a heartbeat in Redis: listWorkers sees them, forgets a killed one after the TTL and a stopped one at once. */

let redis: TestRedis;
let client: Redis;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = await redisClient(redis.url);
}, 30_000);

afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  client?.disconnect();
  await redis?.stop();
});

describe('listWorkers', () => {
  it('lists each worker with its host, pid and concurrency; forgets a killed one after the TTL, a stopped one at once', async () => {
    expect(await listWorkers(client)).toEqual([]);
    const [two, one] = await Promise.all([spawnWorker(redis.url, '--concurrency', '2'), spawnWorker(redis.url, '--concurrency', '1')]);
    workers.push(two, one);
    const listed = await pollUntil(
      () => workersById(client),
      (m) => m.size === 2,
    );
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
    expect((await workersById(client)).has(two.id)).toBe(true);
    const left = await pollUntil(
      () => workersById(client),
      (m) => !m.has(two.id),
      (WORKER_TTL_S + 10) * 1000,
    );
    expect(Date.now() - killedAt).toBeLessThan((WORKER_TTL_S + 2) * 1000);
    expect([...left.keys()]).toEqual([one.id]);

    // SIGTERM: the worker deletes its own heartbeat as it exits
    await stopWorker(one);
    expect((await one.exited).code).toBe(0);
    expect(await listWorkers(client)).toEqual([]);
  }, 60_000);

  it('an experiment stopped while its jobs wait (no worker connected) takes them back out of Redis', async () => {
    expect(await listWorkers(client)).toEqual([]);
    const design = await designOf(`name: Waiting
scene: two-machine.yaml
horizon: 1h
warmup: 10min
replications: 3
sweep:
  B1.capacity: [1, 2, 3]
`);
    const executor = await createQueueExecutor(redis.url);
    const controller = new AbortController();
    try {
      const run = runExperiment(design, { executor, signal: controller.signal }).catch((e: unknown) => e);
      const waiting = `bull:${QUEUE_NAME}:wait`;
      await pollUntil(
        () => client.llen(waiting),
        (n) => n === 9,
      );
      expect((await leftoverJobs(client)).length).toBe(9);
      controller.abort();
      expect(await run).toBeInstanceOf(ExperimentInterrupted);
      expect(await client.llen(waiting)).toBe(0);
      expect(await leftoverJobs(client)).toEqual([]);
    } finally {
      await executor.close();
    }
  }, 30_000);
});
