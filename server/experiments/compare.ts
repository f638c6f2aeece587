import { aggregateReplications, type Tree } from '../analysis/aggregate.ts';
import type { KpiReport } from './job.ts';
import { better, type KpiChoice } from './kpis.ts';
import { numericLeaves, pairedDifference, type Difference } from './stats.ts';

/**
 * The comparison of design points: every KPI as mean ± 95% half-width, every KPI's paired difference from the
 * baseline, and a ranking by one KPI. Pure: replications in, plain JSON out.
 */

/** The replications of one design point, in replication order (replication k pairs with k of every point). */
export interface PointSamples {
  name: string;
  variant: string;
  factors: Record<string, unknown>;
  reports: KpiReport[];
}

/** One design point's results. */
export interface PointSummary {
  name: string;
  variant: string;
  factors: Record<string, unknown>;
  /** Every KPI of `twin run`: means in `mean` (the most frequent bottleneck for text), 95% half-widths in `ci95`. */
  mean: KpiReport;
  ci95: Tree;
  /** Every numeric KPI minus the baseline's, paired by replication. */
  diff: Record<string, Difference>;
  /** 1 for the best by the ranking KPI. */
  rank: number;
  /** Ranking KPI minus the best point's, paired: not significant means "cannot be told apart from the best". */
  vsBest: Difference;
}

/** Results of the grid. */
export interface Comparison {
  baseline: string;
  rankBy: KpiChoice;
  points: PointSummary[];
  /** Point names, best first. */
  ranking: string[];
}

/** Compare points with the one at `baseline`, ranking them by `rankBy`. */
export function comparePoints(points: readonly PointSamples[], baseline: number, rankBy: KpiChoice): Comparison {
  const leaves = points.map((p) => p.reports.map((r) => numericLeaves(r)));
  const series = (i: number, kpi: string): number[] => leaves[i]!.map((l) => l.get(kpi) ?? NaN);
  const kpis = [...(leaves[baseline]?.[0]?.keys() ?? [])];
  const means = points.map((_, i) => mean(series(i, rankBy.kpi)));
  const order = points.map((_, i) => i).sort((a, b) => compareMeans(means[a]!, means[b]!, rankBy) || a - b);
  const best = order[0] ?? 0;
  const rankOf = new Map(order.map((index, position) => [index, position + 1]));
  const summaries = points.map((p, i): PointSummary => {
    const { mean: m, ci95 } = aggregateReplications(p.reports);
    const diff: Record<string, Difference> = {};
    for (const kpi of kpis) diff[kpi] = pairedDifference(series(i, kpi), series(baseline, kpi));
    return {
      name: p.name,
      variant: p.variant,
      factors: p.factors,
      mean: m,
      ci95,
      diff,
      rank: rankOf.get(i)!,
      vsBest: pairedDifference(series(i, rankBy.kpi), series(best, rankBy.kpi)),
    };
  });
  return { baseline: points[baseline]?.name ?? '', rankBy, points: summaries, ranking: order.map((i) => points[i]!.name) };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Best first; undefined (NaN) means last. */
function compareMeans(a: number, b: number, choice: KpiChoice): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return better(a, b, choice.order) ? -1 : better(b, a, choice.order) ? 1 : 0;
}
