import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import type { ExperimentQueueWorker } from '../../server/protocol/experiments.ts';
import { listWorkers } from '../../server/experiments/queue.ts';
import { connectRedis } from '../../server/storage/redis.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';

/** Helpers of the queue tests: `twin worker` processes, polling Redis, reading a history database. */

/** A spawned `twin worker`. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Its id, from its first line ("worker <id>: taking experiment jobs ..."). */
  id: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node server/twin.js worker --redis url ...` and resolves once it takes jobs. */
export async function spawnWorker(url: string, ...args: string[]): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['server/twin.js', 'worker', '--redis', url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const id = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 45 s: ${output}`)), 45_000);
    const onData = (): void => {
      const match = /^worker (\S+): taking experiment jobs/m.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited: ${output}`));
    });
  });
  return { child, id, output: () => output, exited };
}

/** Stops a worker process (SIGTERM, then SIGKILL after 10 s) and waits for it. */
export async function stopWorker(worker: WorkerProcess | undefined): Promise<void> {
  if (!worker || worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 10_000);
  worker.child.kill('SIGTERM');
  await worker.exited;
  clearTimeout(timer);
}

/** Polls `read` every 50 ms until `done` holds for its value; rejects after `timeoutMs` with the last value. */
export async function pollUntil<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A Redis client for the test's own reads. */
export function redisClient(url: string): Promise<Redis> {
  return connectRedis(url);
}

/** The workers listed now, by id. */
export async function workersById(redis: Redis): Promise<Map<string, ExperimentQueueWorker>> {
  return new Map((await listWorkers(redis)).map((w) => [w.id, w]));
}

/** Every stored job's key and result text, in key order: what must be byte-identical between runs. */
export function storedJobs(db: string): Array<{ job_key: string; result: string; events: number }> {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT job_key, result, events FROM jobs ORDER BY job_key').all() as Array<{
      job_key: string;
      result: string;
      events: number;
    }>;
  } finally {
    conn.close();
  }
}

/** Keys of jobs (not the queue's own bookkeeping) left in Redis. */
export async function leftoverJobs(redis: Redis): Promise<string[]> {
  const keys = await redis.keys('bull:linetwin-experiments:*');
  const own = new Set([
    'events',
    'meta',
    'id',
    'stalled-check',
    'stalled',
    'wait',
    'active',
    'completed',
    'failed',
    'marker',
    'prioritized',
    'delayed',
    'paused',
    'pc',
    'limiter',
    'metrics',
  ]);
  return keys.filter((k) => !own.has(k.slice('bull:linetwin-experiments:'.length)));
}

/** What a queue test file shares: its own Redis, a client to read it, and the workers it started. */
export interface QueueFixture {
  redis(): TestRedis;
  client(): Redis;
  /** Workers started by the fixture (`workerArgs`) and any the test adds: all stopped after the file. */
  workers: WorkerProcess[];
}

/**
 * Starts a Redis for the test file (beforeAll), then one `twin worker` per entry of `workerArgs`, and stops them all
 * and Redis after the file (afterAll).
 */
export function useQueue(workerArgs: string[][] = []): QueueFixture {
  let redis: TestRedis | null = null;
  let client: Redis | null = null;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    client = await redisClient(redis.url);
    workers.push(...(await Promise.all(workerArgs.map((args) => spawnWorker(redis!.url, ...args)))));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    client?.disconnect();
    await redis?.stop();
  });
  return { redis: () => redis!, client: () => client!, workers };
}

/** Waits until exactly `count` workers are listed in Redis; returns them by id. */
export function waitForWorkers(redis: Redis, count: number, timeoutMs?: number): Promise<Map<string, ExperimentQueueWorker>> {
  return pollUntil(
    () => workersById(redis),
    (m) => m.size === count,
    timeoutMs,
  );
}
