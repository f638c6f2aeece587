import { MAX_SECONDS } from '../protocol/distributions.ts';
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../scene/index.ts';
import { checkRedisUrl } from '../storage/redis.ts';

/** Commander parser for a duration flag (`--horizon 7d`). */
export function durationOption(value: string): number {
  let seconds: number;
  try {
    seconds = parseDuration(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  // the same bound as every duration in a scene file: a run to 1e300 s would never end
  if (seconds > MAX_SECONDS) throw new InvalidArgumentError(`must be at most 1e9 s (about 31 years; got ${seconds} s)`);
  return seconds;
}

/** Commander parser for a non-negative integer flag. */
export function integerOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

/** Commander parser for a positive integer flag. */
export function positiveIntegerOption(value: string): number {
  const n = integerOption(value);
  if (n < 1) throw new InvalidArgumentError(`expected at least 1, got ${n}`);
  return n;
}

/** Commander parser for a TCP port (0 = any free port). */
export function portOption(value: string): number {
  const n = integerOption(value);
  if (n > 65535) throw new InvalidArgumentError(`expected a port 0-65535, got ${n}`);
  return n;
}

/** Commander parser for a speed factor: 0.1 to 10000, or `max`. */
export function speedOption(value: string): number | 'max' {
  if (value === 'max') return 'max';
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1 || n > 10_000)
    throw new InvalidArgumentError(`expected a speed from 0.1 to 10000 or "max", got "${value}"`);
  return n;
}

/** Commander parser for a repeatable host flag (`--allow-model-host cdn.example.com`): host or host:port, no scheme or path. */
export function hostOption(value: string, previous: string[] = []): string[] {
  let url: URL | null = null;
  try {
    url = new URL(`https://${value}`);
  } catch {
    // reported below
  }
  if (!url || url.host !== value.toLowerCase() || value.includes('@'))
    throw new InvalidArgumentError(`expected a host name, optionally with :port (no scheme or path), got "${value}"`);
  return [...previous, url.host];
}

/** Commander parser for `--mqtt [url]`: a broker URL (mqtt, mqtts, ws, wss); without a value commander passes `true`. */
export function mqttOption(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(url.protocol) || !url.hostname)
    throw new InvalidArgumentError(`expected a broker URL such as mqtt://broker.local:1883, got "${value}"`);
  return value;
}

/** Commander parser for `--redis URL`: redis:// or rediss://, with a host. */
export function redisOption(value: string): string {
  const checked = checkRedisUrl(value);
  if ('error' in checked) throw new InvalidArgumentError(checked.error);
  return checked.url;
}

/** An MQTT topic prefix: levels of letters, digits, `-`, `_` and `.`, split by `/`, no wildcards (`--mirror-mqtt`). */
export function topicPrefixOption(value: string): string {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(value) || value.length > 200)
    throw new InvalidArgumentError(`expected a topic prefix such as linetwin-in/packaging (no +, # or empty levels), got "${value}"`);
  return value;
}
