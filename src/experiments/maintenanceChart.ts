import type { ExperimentResultWire, VariantResultWire } from '@protocol/experiments.ts';
import { leaf } from './results.ts';
import { variantSets } from './variantSets.ts';

/**
 * The precision/recall chart of a maintenance threshold study (docs/experiments.md): when the design points of a
 * run differ in a machine's `maintenance.threshold` or `wear.warnAt` (a sweep, or variants that `set` it) and the
 * report has maintenance blocks, each machine's warning precision and recall (means and 95% half-widths) against
 * that value, and the cost-optimal value: the lowest mean line maintenance cost when priced, else the highest
 * throughput. Pure: the component (MaintenanceChart.tsx) only draws it.
 */

/** Paths whose value the chart is drawn against. */
const THRESHOLD_PATH = /\.(maintenance\.threshold|wear\.warnAt)$/;

/** One line of the chart: a machine's precision or recall at each x. */
export interface ThresholdLine {
  label: string;
  mean: Array<number | null>;
  halfWidth: Array<number | null>;
}

/** The design point the marker points at, and why. */
export interface CostOptimum {
  x: number;
  point: string;
  by: 'maintenanceCost.total' | 'throughputPerHour';
  mean: number;
  halfWidth: number;
}

/** The chart's data. */
export interface ThresholdChart {
  /** The swept key, as in the experiment (`CNC1.maintenance.threshold`, or `*.maintenance.threshold` when several machines share it). */
  path: string;
  /** `maintenance.threshold` or `wear.warnAt`: what the precision and recall mean against it (docs). */
  kind: 'maintenance.threshold' | 'wear.warnAt';
  x: number[];
  lines: ThresholdLine[];
  optimum: CostOptimum | null;
}

/** The threshold value of every design point that has one: from a sweep (factors) or from its variant's `set`. */
function thresholdOf(
  result: ExperimentResultWire,
  text: string | undefined,
): { paths: string[]; value: (p: VariantResultWire) => number } | null {
  const swept = result.factors.filter(
    (f) => THRESHOLD_PATH.test(f.path) && f.values.length > 1 && f.values.every((v) => typeof v === 'number'),
  );
  if (swept.length > 0) {
    const path = swept[0]!.path;
    return { paths: [path], value: (p) => (typeof p.factors[path] === 'number' ? p.factors[path] : NaN) };
  }
  const byVariant = variantThresholds(text);
  if (byVariant.values.size === 0) return null;
  return { paths: byVariant.paths, value: (p) => byVariant.values.get(p.variant) ?? NaN };
}

/**
 * The threshold each variant of the experiment's text sets (the first such path it sets; one kind only: the first
 * kind found in the file). Variants that set none (the scene's own value, unknown to the browser) are left out.
 */
function variantThresholds(text: string | undefined): { paths: string[]; values: Map<string, number> } {
  const values = new Map<string, number>();
  const paths = new Set<string>();
  let kind: string | null = null;
  for (const v of variantSets(text)) {
    for (const [path, value] of Object.entries(v.set)) {
      const match = THRESHOLD_PATH.exec(path);
      if (!match || typeof value !== 'number') continue;
      kind ??= match[1]!;
      if (match[1] !== kind) continue;
      paths.add(path);
      if (!values.has(v.name)) values.set(v.name, value);
    }
  }
  return { paths: [...paths], values };
}

/** Machines with a maintenance block that scored warnings in some design point. */
function warningMachines(result: ExperimentResultWire): string[] {
  const ids = new Set<string>();
  for (const p of result.variants) {
    for (const [id, s] of Object.entries(p.mean.stations)) if (s.maintenance && s.maintenance.warnings > 0) ids.add(id);
  }
  return [...ids];
}

/** The chart of a result, or null when its points do not differ in a threshold or it has no warnings to score. */
export function thresholdChart(result: ExperimentResultWire, text?: string): ThresholdChart | null {
  const found = thresholdOf(result, text);
  if (!found) return null;
  const points = result.variants.filter((p) => Number.isFinite(found.value(p)));
  const x = [...new Set(points.map(found.value))].sort((a, b) => a - b);
  const machines = warningMachines(result);
  if (x.length < 2 || machines.length === 0) return null;
  // The first design point at each value: the chart is one line per machine and measure, not per variant.
  const at = x.map((v) => points.find((p) => found.value(p) === v)!);
  const lines: ThresholdLine[] = [];
  for (const id of machines) {
    for (const measure of ['precision', 'recall'] as const) {
      const kpi = `stations.${id}.maintenance.${measure}`;
      const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);
      lines.push({
        label: `${id} ${measure}`,
        mean: at.map((p) => finite(leaf(p.mean, kpi))),
        halfWidth: at.map((p) => finite(leaf(p.ci95, kpi))),
      });
    }
  }
  const first = found.paths[0]!;
  const suffix = THRESHOLD_PATH.exec(first)![1] as ThresholdChart['kind'];
  return { path: found.paths.length > 1 ? `*.${suffix}` : first, kind: suffix, x, lines, optimum: costOptimum(at, x) };
}

/** The value whose design point has the lowest mean line maintenance cost (priced), else the highest throughput. */
function costOptimum(at: VariantResultWire[], x: number[]): CostOptimum | null {
  const priced = at.some((p) => Number.isFinite(leaf(p.mean, 'maintenanceCost.total')));
  const by = priced ? 'maintenanceCost.total' : 'throughputPerHour';
  let best = -1;
  at.forEach((p, i) => {
    const v = leaf(p.mean, by);
    if (!Number.isFinite(v)) return;
    if (best < 0 || (priced ? v < leaf(at[best]!.mean, by) : v > leaf(at[best]!.mean, by))) best = i;
  });
  if (best < 0) return null;
  const p = at[best]!;
  return { x: x[best]!, point: p.name, by, mean: leaf(p.mean, by), halfWidth: leaf(p.ci95, by) };
}
