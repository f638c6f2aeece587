import type { Redis } from 'ioredis';
import type { ExperimentQueueWorker } from '../protocol/experiments.ts';

/**
 * Experiments on a BullMQ queue in Redis (`twin experiment --redis`, `twin worker --redis`): the names and
 * settings both sides share (the connection itself is server/storage/redis.ts's). Type-only imports of ioredis here: bullmq and ioredis are loaded (dynamic import) only when a
 * command is given `--redis`, so a LineTwin without it never loads them.
 */

/** The one queue every experiment's jobs go to; a run's job ids start with its own random tag, so runs never mix. */
export const QUEUE_NAME = 'linetwin-experiments';

/**
 * How long a job's lock lasts without renewal (ms). A worker renews it every half of this from its main thread,
 * which stays free because jobs run on worker threads; a SIGKILLed worker stops renewing, and its job is back
 * in the queue at most LOCK_DURATION_MS + STALLED_INTERVAL_MS (15 s) after the kill. Shorter would risk a busy but
 * healthy worker losing its lock on a loaded machine (the job would then run twice: harmless, the enqueuing side
 * takes the first result, but wasted).
 */
export const LOCK_DURATION_MS = 10_000;
/** How often each worker looks for jobs whose lock expired and puts them back in the queue (ms). */
export const STALLED_INTERVAL_MS = 5_000;
/** A job whose worker died this many times fails the experiment instead of being tried again. */
export const MAX_STALLED_COUNT = 3;
/**
 * Attempts of a job whose worker thread crashed (out of memory...). A job that throws fails at once
 * (UnrecoverableError): the same inputs give the same error on every machine.
 */
export const JOB_ATTEMPTS = 3;

/** Redis key prefix of the workers' heartbeats: `linetwin:workers:<id>`, a JSON ExperimentQueueWorker with a TTL. */
const WORKER_KEY_PREFIX = 'linetwin:workers:';
/** A worker writes its heartbeat this often (ms) ... */
const HEARTBEAT_MS = 5_000;
/** ... and it expires after this long (s): a killed worker leaves the list within 15 s. */
export const WORKER_TTL_S = 15;

/** A job as it sits in the queue. `request` is a JobRequest in `encodeJson` (which keeps NaN and Infinity). */
export interface QueueJobData {
  /** LineTwin version of the enqueuing side: a worker of another version refuses the job (results could differ). */
  version: string;
  request: string;
}

/** BullMQ's connection options for `url`: workers and queue events block on Redis, so no per-request retry limit. */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** The workers whose heartbeat has not expired, by id. */
export async function listWorkers(redis: Redis): Promise<ExperimentQueueWorker[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${WORKER_KEY_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  const workers: ExperimentQueueWorker[] = [];
  for (const value of values) {
    if (value === null) continue; // expired between SCAN and MGET
    try {
      workers.push(JSON.parse(value) as ExperimentQueueWorker);
    } catch {
      // not ours
    }
  }
  return workers.sort((a, b) => a.id.localeCompare(b.id));
}

/** Writes a worker's heartbeat now and every HEARTBEAT_MS until stopped; `stop` deletes it (a clean exit leaves at once). */
export function startHeartbeat(
  redis: Redis,
  info: () => ExperimentQueueWorker,
  everyMs = HEARTBEAT_MS,
  ttlSeconds = WORKER_TTL_S,
): { beat(): Promise<void>; stop(): Promise<void> } {
  const key = `${WORKER_KEY_PREFIX}${info().id}`;
  const beat = async (): Promise<void> => {
    try {
      await redis.set(key, JSON.stringify(info()), 'EX', ttlSeconds);
    } catch {
      // Redis away: the next beat tries again
    }
  };
  const timer = setInterval(() => void beat(), everyMs);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      try {
        await redis.del(key);
      } catch {
        // it expires anyway
      }
    },
  };
}
