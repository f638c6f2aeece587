import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import { decodeJson, encodeJson } from '../storage/json.ts';
import type { ExperimentQueueWorker } from '../protocol/experiments.ts';
import { JobFailedError } from './errors.ts';
import type { JobOutcome, JobRequest } from './job.ts';
import { createWorkerPool, jobsOf, type JobExecutor } from './pool.ts';
import {
  bullConnection,
  LOCK_DURATION_MS,
  MAX_STALLED_COUNT,
  QUEUE_NAME,
  STALLED_INTERVAL_MS,
  startHeartbeat,
  type QueueJobData,
} from './queue.ts';
import { LINETWIN_VERSION } from './version.ts';
import { connectRedis } from '../storage/redis.ts';

/**
 * `twin worker`: takes experiment jobs (one replication of one design point) from the Redis queue and runs each
 * exactly as a local `twin experiment` does, with the same job code (job.ts) on the same worker threads
 * (pool.ts): one single-thread pool per unit of concurrency. The main thread only talks to Redis, so it renews
 * the jobs' locks on time however long a job computes, and it keeps a heartbeat in Redis for listWorkers.
 */

/** How a worker runs. */
export interface QueueWorkerOptions {
  url: string;
  /** Jobs at once: worker threads (default: one per core). */
  concurrency: number;
  /** What goes wrong while running (Redis lost for a while...). */
  warn?: (text: string) => void;
  /** Test hooks: override the lock and the stalled check (ms). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** A running worker. */
export interface RunningQueueWorker {
  readonly id: string;
  /** Its heartbeat as listWorkers shows it. */
  info(): ExperimentQueueWorker;
  /** Stops taking jobs; waits for the running ones unless `force` (those are then retried elsewhere after the lock expires). */
  close(force?: boolean): Promise<void>;
}

/** Connects to Redis (a clear RedisUnavailableError if it cannot) and starts taking jobs. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningQueueWorker> {
  const warn = options.warn ?? (() => {});
  const redis = await connectRedis(options.url, (error) => warn(`Redis: ${error.message}`));
  const { Worker, UnrecoverableError } = await import('bullmq');
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const startedAt = new Date().toISOString();
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const free: JobExecutor[] = Array.from({ length: concurrency }, () => createWorkerPool(1));
  const pools = [...free];
  for (const pool of pools) pool.start?.(); // threads load the job code while the worker connects
  let jobsDone = 0;
  let active = 0;
  const info = (): ExperimentQueueWorker => ({
    id,
    host: hostname(),
    pid: process.pid,
    concurrency,
    jobsDone,
    active,
    version: LINETWIN_VERSION,
    startedAt,
  });
  const heartbeat = startHeartbeat(redis, info);
  await heartbeat.beat();

  const processor = async (job: Job<QueueJobData, string>): Promise<string> => {
    const data = job.data;
    if (data.version !== LINETWIN_VERSION)
      throw new UnrecoverableError(
        `worker ${id} runs LineTwin ${LINETWIN_VERSION}, the experiment ${data.version}: run workers of the same version`,
      );
    const request = decodeJson<JobRequest>(data.request);
    const pool = free.pop();
    if (!pool) throw new Error('more jobs than the worker concurrency'); // BullMQ never gives more
    active++;
    void heartbeat.beat();
    try {
      let outcome: JobOutcome | undefined;
      await pool.run(jobsOf([request]), (_index, result) => {
        outcome = result;
      });
      jobsDone++;
      // encodeJson: NaN and Infinity (an unlimited buffer, a KPI with nothing to measure) survive the trip
      return encodeJson(outcome);
    } catch (error) {
      // The job threw: the same inputs throw the same way on any machine, so it is not tried again.
      if (error instanceof JobFailedError) throw new UnrecoverableError(error.reason);
      throw error; // the thread died (memory...): BullMQ retries it, up to JOB_ATTEMPTS
    } finally {
      free.push(pool);
      active--;
      void heartbeat.beat();
    }
  };

  const worker = new Worker<QueueJobData, string>(QUEUE_NAME, processor, {
    connection: bullConnection(options.url),
    concurrency,
    name: id,
    lockDuration: options.lockDurationMs ?? LOCK_DURATION_MS,
    stalledInterval: options.stalledIntervalMs ?? STALLED_INTERVAL_MS,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  let lastWarning = '';
  worker.on('error', (error) => {
    // Redis away: BullMQ reconnects by itself; say it once per kind of error, not on every retry
    if (error.message !== lastWarning) warn(`queue: ${error.message}`);
    lastWarning = error.message;
  });
  // what an operator watching the worker should know: a job that failed here, a dead worker's job found by this one
  worker.on('failed', (job, error) => {
    const key = job ? keyOf(job.data) : '?';
    warn(`job ${key} failed: ${error.message}`);
  });
  worker.on('stalled', (jobId) => warn(`job ${jobId} lost its worker (stopped or killed): it goes back to the queue`));
  await worker.waitUntilReady();

  let closing: Promise<void> | null = null;
  return {
    id,
    info,
    close(force = false) {
      closing ??= (async () => {
        await worker.close(force);
        await heartbeat.stop();
        await Promise.all(pools.map((p) => p.close()));
        redis.disconnect();
      })();
      return closing;
    },
  };
}

/** The experiment's key of a queued job (`point#replication`), for messages. */
function keyOf(data: QueueJobData): string {
  try {
    return decodeJson<JobRequest>(data.request).key;
  } catch {
    return '?';
  }
}
