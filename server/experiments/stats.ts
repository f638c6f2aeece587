import { meanCi95 } from '../analysis/studentT.ts';

/**
 * Pure statistics of experiments: estimates from replications and paired comparisons under common random
 * numbers. No I/O; inputs are the numbers of replications 0..n-1 in order.
 */

/** A mean with its 95% confidence half-width (Student t, n - 1 degrees of freedom). */
export interface Estimate {
  mean: number;
  halfWidth: number;
}

/** A paired difference (variant minus reference) with its 95% interval; significant when the interval excludes 0. */
export interface Difference extends Estimate {
  significant: boolean;
}

/** Mean and 95% half-width of independent replications. */
export function estimate(values: readonly number[]): Estimate {
  return meanCi95(values);
}

/**
 * The paired 95% t interval of a - b, replication by replication. With common random numbers, replication k of
 * both shares its random streams, so the noise largely cancels in a_k - b_k and the interval is much narrower
 * than the two separate intervals suggest. Both lists must be the same replications in the same order.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): Difference {
  if (a.length !== b.length) throw new Error(`paired samples differ in size (${a.length} vs ${b.length})`);
  const { mean, halfWidth } = meanCi95(a.map((x, k) => x - b[k]!));
  // A NaN (a KPI undefined in some replication) is never significant; a zero-width interval off 0 is.
  return { mean, halfWidth, significant: Number.isFinite(mean) && Number.isFinite(halfWidth) && Math.abs(mean) > halfWidth };
}

/** Does a 95% interval for the quantity (estimate ± half-width) cover `value`? */
export function covers(e: Estimate, value: number): boolean {
  return Math.abs(e.mean - value) <= e.halfWidth;
}

/** Every numeric leaf of a report as a dotted path: `throughputPerHour`, `stations.M1.oee.availability`... */
export function numericLeaves(tree: unknown, prefix = '', out: Map<string, number> = new Map()): Map<string, number> {
  if (typeof tree === 'number') out.set(prefix, tree);
  else if (typeof tree === 'object' && tree !== null) {
    for (const [key, value] of Object.entries(tree)) numericLeaves(value, prefix === '' ? key : `${prefix}.${key}`, out);
  }
  return out;
}
