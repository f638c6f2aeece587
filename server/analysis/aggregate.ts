import { meanCi95 } from './studentT.ts';

/**
 * Combines the reports of independent replications: every numeric leaf becomes its mean, with the 95%
 * half-width in a parallel tree; a text leaf (the bottleneck's id) becomes its most frequent value.
 */

export type Tree = number | string | { [key: string]: Tree };

/** Result of aggregating replications: `mean` has the shape of one report, `ci95` the half-widths of its numbers. */
export interface Aggregate<T> {
  mean: T;
  ci95: Tree;
}

function mode(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? '',
    bestCount = 0;
  for (const [v, c] of counts)
    if (c > bestCount) {
      best = v;
      bestCount = c;
    } // first seen wins ties: deterministic
  return best;
}

function combine(samples: Tree[]): { mean: Tree; ci95: Tree | undefined } {
  const first = samples[0]!;
  if (typeof first === 'number') {
    const { mean, halfWidth } = meanCi95(samples as number[]);
    return { mean, ci95: halfWidth };
  }
  if (typeof first === 'string') return { mean: mode(samples as string[]), ci95: undefined };
  const mean: Record<string, Tree> = {};
  const ci95: Record<string, Tree> = {};
  for (const key of Object.keys(first)) {
    const r = combine(samples.map((s) => (s as Record<string, Tree>)[key]!));
    mean[key] = r.mean;
    if (r.ci95 !== undefined) ci95[key] = r.ci95;
  }
  return { mean, ci95 };
}

/** Aggregates reports of the same shape (at least one). */
export function aggregateReplications<T extends object>(reports: readonly T[]): Aggregate<T> {
  if (reports.length === 0) throw new Error('no replications to aggregate');
  const { mean, ci95 } = combine(reports as unknown as Tree[]);
  return { mean: mean as unknown as T, ci95: ci95 ?? {} };
}
