import type { Redis } from 'ioredis';
import type { ExperimentQueueWorker } from '../protocol/experiments.ts';

/**
 * Experiments on a BullMQ queue in Redis (`twin experiment --redis`, `twin worker --redis`): the names and
 * settings both sides share, the Redis URL check, and the first connection that turns an unreachable Redis into
 * a message. Type-only imports of ioredis here: bullmq and ioredis are loaded (dynamic import) only when a
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
export const WORKER_KEY_PREFIX = 'linetwin:workers:';
/** A worker writes its heartbeat this often (ms) ... */
export const HEARTBEAT_MS = 5_000;
/** ... and it expires after this long (s): a killed worker leaves the list within 15 s. */
export const WORKER_TTL_S = 15;

/** A job as it sits in the queue. `request` is a JobRequest in `encodeJson` (which keeps NaN and Infinity). */
export interface QueueJobData {
  /** LineTwin version of the enqueuing side: a worker of another version refuses the job (results could differ). */
  version: string;
  request: string;
}

/** A URL Redis cannot be reached at, or a Redis that does not answer: bad input (exit 2), with this message. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** Checks a `--redis` value: `redis://[user:pass@]host[:port][/db]` or `rediss://` (TLS). Returns the URL or a reason. */
export function checkRedisUrl(value: string): { url: string } | { error: string } {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname)
    return { error: `expected a Redis URL such as redis://127.0.0.1:6379, got "${value}"` };
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d+$/.test(url.pathname))
    return { error: `expected a database number after the host (redis://host:6379/0), got "${url.pathname}"` };
  return { url: value };
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * A Redis client for `url`, connected and answering PING within `timeoutMs`, else a RedisUnavailableError
 * saying why. It reconnects by itself afterwards (a Redis restart is survived); errors after the first
 * connection go to `onError` instead of crashing the process.
 */
export async function connectRedis(url: string, onError: (error: Error) => void = () => {}, timeoutMs = 5_000): Promise<Redis> {
  const { Redis } = await import('ioredis');
  let connected = false;
  let lastError: Error | null = null;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: null,
    // before the first connection: give up at once, so the command can say so; afterwards: retry, up to 2 s apart
    retryStrategy: (times) => (connected ? Math.min(2_000, times * 200) : null),
  });
  client.on('error', (error: Error) => {
    lastError = error;
    if (connected) onError(error);
  });
  const where = redactRedisUrl(url);
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    client.disconnect();
    const reason = lastError ?? (error as Error);
    throw new RedisUnavailableError(`cannot reach Redis at ${where}: ${describeRedisError(reason)}`);
  }
  connected = true;
  return client;
}

function describeRedisError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused (is redis-server running there?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (/NOAUTH|WRONGPASS|invalid password/i.test(error.message)) return `authentication failed (${error.message})`;
  return error.message || String(error);
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
