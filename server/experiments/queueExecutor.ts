import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ExperimentQueueWorker } from '../protocol/experiments.ts';
import { decodeJson, encodeJson } from '../storage/json.ts';
import { ExperimentError } from './errors.ts';
import type { JobOutcome } from './job.ts';
import type { JobExecutor } from './pool.ts';
import { bullConnection, JOB_ATTEMPTS, listWorkers, QUEUE_NAME, type QueueJobData } from './queue.ts';
import { connectRedis } from '../storage/redis.ts';
import { LINETWIN_VERSION } from './version.ts';

/**
 * The enqueuing side of `--redis`: a JobExecutor (the pool's interface, so runExperiment, its progress, storage
 * and results are the local ones) that puts each job of a batch on the queue under the batch's own random tag and
 * hands every result back by the job's index as `twin worker`s finish them, wherever they run. Jobs are removed
 * from Redis as they finish; waiting ones are removed when the batch fails or is aborted.
 */

/** The queue executor, with the workers it can see. */
export interface QueueExecutor extends JobExecutor {
  /** The connected workers (heartbeats in Redis). */
  workers(): Promise<ExperimentQueueWorker[]>;
}

/** Jobs added to Redis per round trip. */
const ADD_CHUNK = 200;

/** Connects to Redis (a clear RedisUnavailableError if it cannot). `close` disconnects. */
export async function createQueueExecutor(url: string, warn: (text: string) => void = () => {}): Promise<QueueExecutor> {
  const redis = await connectRedis(url, (error) => warn(`Redis: ${error.message}`));
  const bull = await import('bullmq');
  const { QueueEvents } = bull;
  const queue = new bull.Queue<QueueJobData, string>(QUEUE_NAME, { connection: bullConnection(url) });
  queue.on('error', (error) => warn(`queue: ${error.message}`));
  let batches = 0;

  return {
    size: 0,
    workers: () => listWorkers(redis),
    async run(jobs, onDone, signal) {
      if (jobs.length === 0) return;
      if (signal?.aborted) throw abortError();
      const tag = `x${randomBytes(6).toString('hex')}-${++batches}`;
      const idOf = (i: number): string => `${tag}-${i}`;
      // Events are read from the stream's current end, taken before the first job is added: none can be missed.
      const events = new QueueEvents(QUEUE_NAME, { connection: bullConnection(url), lastEventId: await lastEventId(redis) });
      events.on('error', (error) => warn(`queue events: ${error.message}`));
      const done = new Set<number>();
      const indexOf = (jobId: string): number | null => {
        if (!jobId.startsWith(`${tag}-`)) return null;
        const i = Number(jobId.slice(tag.length + 1));
        return Number.isInteger(i) && i >= 0 && i < jobs.length ? i : null;
      };
      try {
        await new Promise<void>((resolve, reject) => {
          let settled = false;
          const settle = (error?: Error): void => {
            if (settled) return;
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            if (error) reject(error);
            else resolve();
          };
          const onAbort = (): void => settle(abortError());
          signal?.addEventListener('abort', onAbort, { once: true });
          events.on('completed', ({ jobId, returnvalue }) => {
            const i = indexOf(jobId);
            if (i === null || done.has(i) || settled) return;
            done.add(i);
            try {
              onDone(i, decodeJson<JobOutcome>(String(returnvalue)));
            } catch (error) {
              settle(error instanceof Error ? error : new Error(String(error)));
              return;
            }
            if (done.size === jobs.length) settle();
          });
          events.on('failed', ({ jobId, failedReason }) => {
            const i = indexOf(jobId);
            if (i === null || done.has(i)) return;
            settle(new ExperimentError(`job ${jobs.at(i).key} failed on a worker: ${failedReason}`));
          });
          void events
            .waitUntilReady()
            .then(() =>
              addAll(
                queue,
                jobs.length,
                (i) => ({ id: idOf(i), request: jobs.at(i) }),
                () => settled,
              ),
            )
            .catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
        });
      } catch (error) {
        // Take back what no worker has started; running jobs finish and remove themselves (removeOnComplete).
        await removeJobs(
          queue,
          Array.from({ length: jobs.length }, (_, i) => i)
            .filter((i) => !done.has(i))
            .map(idOf),
        );
        throw error;
      } finally {
        await events.close();
      }
    },
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/** Adds jobs in chunks; stops early when the batch has already ended (failure or abort). */
async function addAll(
  queue: Queue<QueueJobData, string>,
  count: number,
  jobAt: (i: number) => { id: string; request: unknown },
  stopped: () => boolean,
): Promise<void> {
  for (let start = 0; start < count && !stopped(); start += ADD_CHUNK) {
    const chunk = [];
    for (let i = start; i < Math.min(count, start + ADD_CHUNK); i++) {
      const { id, request } = jobAt(i);
      chunk.push({
        name: 'replication',
        data: { version: LINETWIN_VERSION, request: encodeJson(request) },
        opts: {
          jobId: id,
          attempts: JOB_ATTEMPTS,
          backoff: { type: 'fixed', delay: 1_000 },
          // the enqueuing side reads results and reasons from the events; nothing is left behind in Redis
          removeOnComplete: true,
          removeOnFail: true,
        },
      });
    }
    await queue.addBulk(chunk);
  }
}

async function removeJobs(queue: Queue<QueueJobData, string>, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += ADD_CHUNK) {
    await Promise.all(
      ids.slice(start, start + ADD_CHUNK).map(
        (id) => queue.remove(id).catch(() => 0), // a job a worker holds cannot be removed: it removes itself when it ends
      ),
    );
  }
}

/** The id of the last event in the queue's event stream ('0-0' when there is none): QueueEvents read from there miss nothing. */
export async function lastEventId(redis: Redis): Promise<string> {
  const last = await redis.xrevrange(`bull:${QUEUE_NAME}:events`, '+', '-', 'COUNT', 1);
  return last[0]?.[0] ?? '0-0';
}

function abortError(): Error {
  const error = new Error('the experiment was aborted');
  error.name = 'AbortError';
  return error;
}
