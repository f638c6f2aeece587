import { meanCi95 } from '../analysis/studentT.ts';
import { chiSquareQuantile, normalQuantile } from './special.ts';

/** A point estimate with a 95% confidence interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** Observations behind it (cycles, failures, repairs, parts). */
  n: number;
}

/** Mean with a Student t interval (the sample is large enough for the central limit theorem to carry it). */
export function meanEstimate(xs: readonly number[]): Estimate {
  const { mean, halfWidth } = meanCi95(xs);
  return { value: mean, low: mean - halfWidth, high: mean + halfWidth, n: xs.length };
}

/**
 * MTBF = operating time / failures, with the chi-square interval of a time-truncated observation of exponential
 * times to failure: [2T / χ²(0.975; 2r + 2), 2T / χ²(0.025; 2r)]. With no failure only the lower bound is finite.
 */
export function mtbfEstimate(time: number, failures: number): Estimate {
  const value = failures > 0 ? time / failures : Infinity;
  const low = (2 * time) / chiSquareQuantile(0.975, 2 * failures + 2);
  const high = failures > 0 ? (2 * time) / chiSquareQuantile(0.025, 2 * failures) : Infinity;
  return { value, low, high, n: failures };
}

/** A proportion with the Wilson score interval (sound near 0, where scrap rates live, unlike the Wald interval). */
export function wilsonEstimate(hits: number, n: number): Estimate {
  if (n === 0) return { value: NaN, low: 0, high: 1, n };
  const z = normalQuantile(0.975);
  const p = hits / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return { value: p, low: hits === 0 ? 0 : Math.max(0, centre - half), high: Math.min(1, centre + half), n };
}
