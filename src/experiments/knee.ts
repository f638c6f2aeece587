/**
 * The knee of an output KPI against a swept factor (docs/experiments.md, "The trade-off chart"): the smallest swept
 * value from which on output is no longer significantly below the best point of the sweep. Below it (a shorter
 * standby delay, a smaller buffer) output is lost; from it on, what the factor saves costs no output that 95%
 * intervals can show. Pure.
 */

/** A paired 95% difference (this point minus the best), as the results carry it in `vsBest`. */
export interface PairedDifference {
  mean: number;
  halfWidth: number;
  significant: boolean;
}

/** One point of the output KPI against the factor: mean and 95% half-width; `vsBest` when the results have it. */
export interface KneePoint {
  x: number;
  mean: number;
  halfWidth: number;
  vsBest?: PairedDifference | undefined;
}

/**
 * How "significantly below the best" is decided: `paired` by the paired difference from the best (common random
 * numbers: the sharper test, used when every point has one), `overlap` when the point's interval lies wholly
 * below the best's (conservative: two 95% intervals that just fail to overlap differ at about the 0.5% level).
 */
export type KneeTest = 'paired' | 'overlap';

/** The knee, or why there is none. */
export type Knee =
  | {
      kind: 'knee';
      /** The smallest x from which on no point is significantly below the best. */
      x: number;
      /** x of the best point. */
      best: number;
      /** x values whose output is significantly below the best (all smaller than the knee). */
      below: number[];
      test: KneeTest;
    }
  | {
      kind: 'none';
      /** `flat`: no point significantly below the best; `below-at-end`: the largest x is; `too-few`: under two points. */
      reason: 'flat' | 'below-at-end' | 'too-few';
      best: number | null;
      below: number[];
      test: KneeTest;
    };

/** Is the KPI better higher (`max`: throughput) or lower (`min`)? */
export type KneeOrder = 'max' | 'min';

/** Is `p` significantly worse than `best` by this test? */
function significantlyWorse(p: KneePoint, best: KneePoint, order: KneeOrder, test: KneeTest): boolean {
  if (test === 'paired') {
    const d = p.vsBest!;
    return d.significant && (order === 'max' ? d.mean < 0 : d.mean > 0);
  }
  return order === 'max' ? p.mean + p.halfWidth < best.mean - best.halfWidth : p.mean - p.halfWidth > best.mean + best.halfWidth;
}

/** The knee of `points` (any order; points without a finite mean are left out). */
export function kneeOf(points: readonly KneePoint[], order: KneeOrder = 'max'): Knee {
  const usable = points
    .filter((p) => Number.isFinite(p.mean) && Number.isFinite(p.x))
    .map((p) => ({ ...p, halfWidth: Number.isFinite(p.halfWidth) ? p.halfWidth : 0 }))
    .sort((a, b) => a.x - b.x);
  const test: KneeTest = usable.length > 0 && usable.every((p) => p.vsBest !== undefined) ? 'paired' : 'overlap';
  if (usable.length < 2) return { kind: 'none', reason: 'too-few', best: usable[0]?.x ?? null, below: [], test };
  // the best mean; on a tie the smallest x
  const best = usable.reduce((b, p) => ((order === 'max' ? p.mean > b.mean : p.mean < b.mean) ? p : b));
  const below = usable.filter((p) => p !== best && significantlyWorse(p, best, order, test)).map((p) => p.x);
  if (below.length === 0) return { kind: 'none', reason: 'flat', best: best.x, below, test };
  const lastBelow = below[below.length - 1]!;
  const knee = usable.find((p) => p.x > lastBelow);
  if (!knee) return { kind: 'none', reason: 'below-at-end', best: best.x, below, test };
  return { kind: 'knee', x: knee.x, best: best.x, below, test };
}
