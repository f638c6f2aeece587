import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { listWorkers, WORKER_TTL_S } from '../../server/experiments/queue.ts';
import { pollUntil, redisClient, spawnWorker, stopWorker, workersById, type WorkerProcess } from './queueHelpers.ts';

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
});
