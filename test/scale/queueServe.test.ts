import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { RunningServer } from '../../server/live/server.ts';
import type {
  ExperimentFinished,
  ExperimentProgressInfo,
  ExperimentQueueWorker,
  ExperimentResultWire,
} from '../../server/protocol/experiments.ts';
import { twin } from '../helpers/cli.ts';
import { freePort } from '../helpers/ports.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';
import { tempDir } from '../experiments/helpers.ts';
import { pollUntil, redisClient, spawnWorker, stopWorker, workersById, type WorkerProcess } from './queueHelpers.ts';

/**
 * `twin serve --redis`: the Experiments view lists the queue's workers (in the catalog, then `experiment:workers`
 * whenever the list changes) and an experiment launched from the browser runs on them.
 */

const tmp = tempDir();
let redis: TestRedis;
let client: Redis;
let server: RunningServer;
let worker: WorkerProcess | undefined;
const pool = createClientPool(() => server);

const EXPERIMENT = `name: Faster M2 on the queue
scene: ../two-machine.yaml
horizon: 2h
warmup: 10min
replications: 2
variants:
  - name: baseline
  - name: faster M2
    set: { M2.cycleTime.mean: 1s }
`;

beforeAll(async () => {
  redis = await startRedis();
  client = await redisClient(redis.url);
  server = await startTestServer({ sceneFile: 'scenes/two-machine.yaml', redis: redis.url, historyDb: join(tmp.dir, 'linetwin.db') });
}, 60_000);

afterAll(async () => {
  pool.closeAll();
  await server?.close();
  await stopWorker(worker);
  client?.disconnect();
  await redis?.stop();
  tmp.remove();
});

describe('twin serve --redis', () => {
  it('lists the connected workers and runs a launched experiment on them', async () => {
    const viewer = await pool.client();
    const catalog = await request<{ queueWorkers: ExperimentQueueWorker[] | null }>(viewer, 'experiment:catalog', {});
    expect(catalog.ok && catalog.queueWorkers).toEqual([]);

    const joined = nextEvent(viewer, 'experiment:workers', (list) => list.length === 1, 60_000);
    worker = await spawnWorker(redis.url, '--concurrency', '2');
    const [listed] = await joined;
    expect(listed).toMatchObject({ id: worker.id, concurrency: 2, jobsDone: 0 });

    const operator = await pool.client(TEST_TOKEN);
    const finished = nextEvent(viewer, 'experiment:finished', () => true, 60_000);
    const started = await request<{ progress: ExperimentProgressInfo }>(operator, 'experiment:start', {
      text: EXPERIMENT,
      file: 'queue.yaml',
    });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(started.progress.workers).toBe(2); // the queue's jobs at a time
    const end: ExperimentFinished = await finished;
    expect(end).toMatchObject({ status: 'done', kept: 4, total: 4 });
    const opened = await request<{ result: ExperimentResultWire }>(viewer, 'experiment:open', { run: end.runId });
    expect(opened.ok && opened.result.jobs).toEqual({ total: 4, computed: 4, reused: 0 });
    const after = await pollUntil(
      () => workersById(client),
      (m) => m.get(worker!.id)?.jobsDone === 4,
    );
    expect(after.size).toBe(1);

    // a worker that stops leaves the list
    const left = nextEvent(viewer, 'experiment:workers', (list) => list.length === 0, 60_000);
    await stopWorker(worker);
    expect(await left).toEqual([]);
  }, 120_000);

  it('a server without --redis has no queue workers', async () => {
    const plain = await startTestServer({ historyDb: join(tmp.dir, 'plain.db') });
    const local = createClientPool(() => plain);
    try {
      const viewer = await local.client();
      const catalog = await request<{ queueWorkers: unknown }>(viewer, 'experiment:catalog', {});
      expect(catalog.ok && catalog.queueWorkers).toBeNull();
    } finally {
      local.closeAll();
      await plain.close();
    }
  });

  it('twin serve with an unreachable --redis stops at once with a message', async () => {
    const { code, stdout, stderr } = await twin(
      'serve',
      '--redis',
      `redis://127.0.0.1:${await freePort()}`,
      '--no-build',
      '--no-persist',
      '--port',
      '0',
    );
    expect(stderr).toMatch(/^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: connection refused/m);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
    expect(stdout).not.toMatch(/LineTwin running/);
  });
});
