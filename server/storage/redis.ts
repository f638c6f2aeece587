import type { Redis } from 'ioredis';

/**
 * The one way LineTwin connects to Redis (`--redis URL`: the live cluster, the experiment queue and its workers): the
 * URL check, the password kept out of messages, and a first connection that turns an unreachable Redis into a clear
 * message (exit 2) instead of a stack trace. ioredis is imported here only dynamically, so a LineTwin without
 * `--redis` never loads it.
 */

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
export async function connectRedis(
  url: string,
  onError: (error: Error) => void = () => {},
  { timeoutMs = 5_000, maxRetriesPerRequest = null }: { timeoutMs?: number; maxRetriesPerRequest?: number | null } = {},
): Promise<Redis> {
  const { Redis } = await import('ioredis');
  let connected = false;
  let lastError: Error | null = null;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest, // null: wait for Redis as long as it takes (BullMQ's blocking commands need it)
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
