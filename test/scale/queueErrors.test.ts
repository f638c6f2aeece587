import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { twin } from '../helpers/cli.ts';
import { freePort } from '../helpers/ports.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { designOf, tempDir } from '../experiments/helpers.ts';
import { runExperiment } from '../../server/experiments/run.ts';
import { ExperimentError } from '../../server/experiments/errors.ts';
import { createQueueExecutor, lastEventId, type QueueExecutor } from '../../server/experiments/queueExecutor.ts';
import { QUEUE_NAME } from '../../server/experiments/queue.ts';
import { openDatabase } from '../../server/storage/db.ts';
import { createRunsRepository } from '../../server/storage/runs.ts';
import { leftoverJobs, pollUntil, redisClient, spawnWorker, stopWorker, workersById, type WorkerProcess } from './queueHelpers.ts';

/**
 * What goes wrong: a job that throws on a worker fails the experiment at once with its message (tried once, never
 * again); a bad or unreachable --redis and a bad --concurrency are refused with a message, exit code 2, no stack.
 */

const tmp = tempDir();
let redis: TestRedis;
let client: Redis;
let worker: WorkerProcess;
let executor: QueueExecutor;

beforeAll(async () => {
  redis = await startRedis();
  client = await redisClient(redis.url);
  worker = await spawnWorker(redis.url, '--concurrency', '2');
  executor = await createQueueExecutor(redis.url);
}, 90_000);

afterAll(async () => {
  await executor?.close();
  await stopWorker(worker);
  client?.disconnect();
  await redis?.stop();
  tmp.remove();
});

const EXPERIMENT = `name: One bad point
scene: two-machine.yaml
horizon: 2h
warmup: 10min
replications: 2
variants:
  - name: baseline
  - name: broken
    set: { M2.cycleTime.mean: 1s }
`;

describe('a job that fails on bad input', () => {
  it('fails the experiment with its message, fast, tried once; the run is stored as failed', async () => {
    await pollUntil(
      () => workersById(client),
      (m) => m.has(worker.id),
    );
    const design = await designOf(EXPERIMENT);
    // A point whose scene data the worker cannot build (what the design checks let through can only be faked here:
    // a worker's engine guard, or a worker of another build, fails a job the same way).
    const broken = design.points.find((p) => p.variant === 'broken')!;
    const bad = { ...design, documentOf: (p: typeof broken) => (p === broken ? { stations: 'none' } : design.documentOf(p)) };
    const events = new QueueEvents(QUEUE_NAME, { connection: { url: redis.url }, lastEventId: await lastEventId(client) });
    const starts: string[] = [];
    const failures: string[] = [];
    events.on('active', ({ jobId }) => starts.push(jobId));
    events.on('failed', ({ jobId }) => failures.push(jobId));
    await events.waitUntilReady();
    const db = openDatabase(join(tmp.dir, 'bad.db'));
    const store = createRunsRepository(db);
    const started = Date.now();
    try {
      const error = await runExperiment(bad, { executor, store }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExperimentError);
      expect((error as Error).message).toMatch(/^job \S+#\d failed on a worker: .*stations: expected a list, received the string "none"/s);
      expect((error as Error).message).not.toMatch(/\n\s+at /);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(store.list()[0]).toMatchObject({ status: 'failed', error: (error as Error).message });
      // the failed job started once: no retries
      await pollUntil(
        () => failures,
        (f) => f.length > 0,
      ); // the failure's own event: the broken job's starts have all been seen by then
      expect(starts.filter((id) => id === failures[0]).length).toBe(1);
      const failedKey = /^job (\S+) failed/.exec((error as Error).message)![1]!;
      expect(failedKey.startsWith(broken.key)).toBe(true);
      expect(starts.length).toBeGreaterThan(0);
      expect(new Set(starts).size).toBe(starts.length); // no job was taken twice
    } finally {
      db.close();
      await events.close();
    }
    await pollUntil(
      () => leftoverJobs(client),
      (keys) => keys.length === 0,
    );
  }, 60_000);

  it('a job of another LineTwin version is refused by the worker, not run', async () => {
    const design = await designOf(EXPERIMENT);
    const { Queue } = await import('bullmq');
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
    const events = new QueueEvents(QUEUE_NAME, { connection: { url: redis.url }, lastEventId: await lastEventId(client) });
    await events.waitUntilReady();
    try {
      const failed = new Promise<string>((resolve) =>
        events.on('failed', ({ jobId, failedReason }) => jobId === 'old-version' && resolve(failedReason)),
      );
      await queue.add(
        'replication',
        { version: '0.0.1', request: JSON.stringify({ key: 'k#0', document: design.documentOf(design.points[0]!) }) },
        { jobId: 'old-version', attempts: 3, removeOnFail: true },
      );
      expect(await failed).toMatch(/runs LineTwin \S+, the experiment 0\.0\.1: run workers of the same version/);
    } finally {
      await events.close();
      await queue.close();
    }
  }, 30_000);
});

describe('bad flags and an unreachable Redis: a message, exit code 2, no stack trace', () => {
  const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\n\s+at /);
  const cases: Array<[string, () => Promise<string[]>, RegExp]> = [
    [
      'twin experiment --redis with a URL that is not Redis',
      async () => ['experiment', 'test/fixtures/experiments/small.yaml', '--redis', 'http://localhost:6379'],
      /--redis <url>' argument 'http:\/\/localhost:6379' is invalid\. expected a Redis URL such as redis:\/\/127\.0\.0\.1:6379/,
    ],
    [
      'twin worker --redis junk',
      async () => ['worker', '--redis', 'junk'],
      /expected a Redis URL such as redis:\/\/127\.0\.0\.1:6379, got "junk"/,
    ],
    ['twin worker without --redis', async () => ['worker'], /required option '--redis <url>' not specified/],
    ['twin serve --redis junk', async () => ['serve', '--redis', 'redis//x'], /expected a Redis URL/],
    [
      'twin worker --concurrency 0',
      async () => ['worker', '--redis', redis.url, '--concurrency', '0'],
      /--concurrency <n>' argument '0' is invalid\. expected at least 1, got 0/,
    ],
    [
      'twin worker --concurrency many',
      async () => ['worker', '--redis', redis.url, '--concurrency', 'many'],
      /--concurrency <n>' argument 'many' is invalid\. expected a whole number, got "many"/,
    ],
    [
      '--workers with --redis',
      async () => [
        'experiment',
        'test/fixtures/experiments/small.yaml',
        '--redis',
        redis.url,
        '--workers',
        '2',
        '--db',
        join(tmp.dir, 'w.db'),
      ],
      /--workers and --redis exclude each other/,
    ],
    [
      'twin experiment with nobody listening at the --redis port',
      async () => [
        'experiment',
        'test/fixtures/experiments/small.yaml',
        '--redis',
        `redis://127.0.0.1:${await freePort()}`,
        '--db',
        join(tmp.dir, 'x.db'),
      ],
      /^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: connection refused \(is redis-server running there\?\)$/m,
    ],
    [
      'twin worker with nobody listening at the --redis port',
      async () => ['worker', '--redis', `redis://127.0.0.1:${await freePort()}`],
      /^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: connection refused/m,
    ],
    [
      'twin worker with an unknown host',
      async () => ['worker', '--redis', 'redis://no-such-host.invalid:6379'],
      /^error: cannot reach Redis at redis:\/\/no-such-host\.invalid:6379: unknown host$/m,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const { code, stdout, stderr } = await twin(...(await args()));
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      noStack(stderr);
    });
  }
});
