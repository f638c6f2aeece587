import type { Seconds } from './types.ts';

/**
 * Streaming statistics, O(1) memory per update: nothing grows with the horizon.
 */

/** Mean and variance of observations (Welford), plus a histogram for quantiles. */
export interface Tally {
  count: number;
  mean: number;
  m2: number; // sum of squared deviations from the mean
  max: number;
  histogram: Float64Array;
}

// Geometric buckets 1% wide from 1 ms up: quantiles come out within 0.5% and memory stays ~3,000 numbers.
const BUCKET_RATIO = 1.01;
const BUCKET_BASE = 1e-3;
const BUCKETS = 2600; // covers up to ~1e8 s
const LOG_RATIO = Math.log(BUCKET_RATIO);

/** Creates an empty tally. */
export function createTally(): Tally {
  return { count: 0, mean: 0, m2: 0, max: 0, histogram: new Float64Array(BUCKETS) };
}

/** Records one observation. */
export function observe(t: Tally, x: number): void {
  t.count++;
  const d = x - t.mean;
  t.mean += d / t.count;
  t.m2 += d * (x - t.mean);
  if (x > t.max) t.max = x;
  const b = x <= BUCKET_BASE ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(x / BUCKET_BASE) / LOG_RATIO));
  t.histogram[b]!++;
}

/** Forgets all observations (end of warm-up). */
export function resetTally(t: Tally): void {
  t.count = 0; t.mean = 0; t.m2 = 0; t.max = 0; t.histogram.fill(0);
}

/** Sample standard deviation. */
export function tallySd(t: Tally): number {
  return t.count > 1 ? Math.sqrt(t.m2 / (t.count - 1)) : 0;
}

/** The q-quantile (0..1), from the histogram: the geometric middle of the bucket it falls in, capped at the max seen. */
export function tallyQuantile(t: Tally, q: number): number {
  if (t.count === 0) return 0;
  const rank = q * t.count;
  let acc = 0;
  for (let b = 0; b < BUCKETS; b++) {
    acc += t.histogram[b] as number;
    if (acc >= rank) {
      if (b === 0) return Math.min(BUCKET_BASE, t.max);
      const mid = BUCKET_BASE * Math.pow(BUCKET_RATIO, b - 0.5);
      return Math.min(mid, t.max);
    }
  }
  return t.max;
}

/** A time-weighted level (WIP, buffer content): its integral over time gives the time average. */
export interface Level {
  value: number;
  since: Seconds;
  integral: number;
  start: Seconds;
  max: number;
}

/** Creates a level of `value` at time `start`. */
export function createLevel(value: number, start: Seconds): Level {
  return { value, since: start, integral: 0, start, max: value };
}

/** Changes the level at time `now`. */
export function setLevel(l: Level, value: number, now: Seconds): void {
  l.integral += l.value * (now - l.since);
  l.since = now;
  l.value = value;
  if (value > l.max) l.max = value;
}

/** Restarts the time average at `now`, keeping the current value. */
export function resetLevel(l: Level, now: Seconds): void {
  l.integral = 0; l.since = now; l.start = now; l.max = l.value;
}

/** Time average from the last reset up to `now`, without changing the level. */
export function levelMean(l: Level, now: Seconds): number {
  const span = now - l.start;
  return span > 0 ? (l.integral + l.value * (now - l.since)) / span : l.value;
}
