import type { ExperimentResultWire, VariantResultWire } from '@protocol/experiments.ts';
import { isNumericSweep, sweepNumber } from './sweepValue.ts';
import { setFactors } from './variantSets.ts';

/**
 * An experiment's results as the Experiments view shows them: the comparison table (means ± 95% half-widths,
 * paired differences from the baseline with their significance, rank) and the series of its two charts.
 * Pure, and the same rules as `twin experiment`'s report (server/report/experiment.ts), so the browser and
 * the terminal print the same digits. Non-finite numbers arrive as null over the wire and read as NaN.
 */

/** One KPI column: its path in the results, its title and how it is shown. */
export interface KpiColumn {
  kpi: string;
  title: string;
  /** Shown value = KPI value x scale (OEE as %, energy in Wh). */
  scale: number;
  /** Decimals when the half-width cannot decide them. */
  digits: number;
}

/** The line KPIs of the CLI report, in its order. */
export const LINE_COLUMNS: readonly KpiColumn[] = [
  { kpi: 'throughputPerHour', title: 'Throughput /h', scale: 1, digits: 1 },
  { kpi: 'oee', title: 'OEE %', scale: 100, digits: 1 },
  { kpi: 'wipMean', title: 'WIP', scale: 1, digits: 2 },
  { kpi: 'leadTimeMean', title: 'Lead time s', scale: 1, digits: 1 },
  { kpi: 'energy.kWhPerGoodPart', title: 'Wh / good part', scale: 1000, digits: 2 },
];

/** How a KPI is shown: a known column, or its path as is. */
export function columnOf(kpi: string): KpiColumn {
  return LINE_COLUMNS.find((c) => c.kpi === kpi) ?? { kpi, title: kpi, scale: 1, digits: 3 };
}

/** The table's columns: the line KPIs, then the ranking KPI (and a chosen one) when not among them. */
export function columnsFor(result: ExperimentResultWire, extra?: string): KpiColumn[] {
  const cols = [...LINE_COLUMNS];
  for (const kpi of [result.rankBy.kpi, result.optimize?.kpi, extra]) {
    if (kpi !== undefined && !cols.some((c) => c.kpi === kpi)) cols.push(columnOf(kpi));
  }
  return cols;
}

/** The number at a dotted path of a results tree; NaN when missing or not finite (null over the wire). */
export function leaf(tree: unknown, path: string): number {
  let node: unknown = tree;
  for (const key of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'number' ? node : NaN;
}

const fixed = (x: number, places: number, sign = false): string =>
  Number.isFinite(x) ? `${sign && x >= 0 ? '+' : ''}${x.toFixed(places)}` : '–';

/** Decimal places for a half-width: one significant digit, two when it starts with 1 or 2 (as the CLI). */
function placesFor(halfWidth: number, digits: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return digits;
  const exponent = Math.floor(Math.log10(halfWidth));
  return Math.min(8, Math.max(0, -exponent + (halfWidth / 10 ** exponent < 3 ? 1 : 0)));
}

/** `mean ± half-width`, both to the half-width's precision; `+` in front of differences. */
export function plusMinus(mean: number, halfWidth: number, digits: number, sign = false): string {
  if (!Number.isFinite(mean)) return '–';
  const places = placesFor(halfWidth, digits);
  return `${fixed(mean, places, sign)} ± ${fixed(halfWidth, places)}`;
}

/** One cell of the table: the mean and, but for the baseline, the paired difference. */
export interface ComparisonCell {
  kpi: string;
  mean: string;
  /** null for the baseline itself. */
  diff: string | null;
  significant: boolean;
}

/** One design point's row. */
export interface ComparisonRow {
  name: string;
  variant: string;
  factors: Record<string, unknown>;
  rank: number;
  baseline: boolean;
  /** Not significantly different from the best by the ranking KPI (the best itself included). */
  tiesBest: boolean;
  bottleneck: string;
  cells: ComparisonCell[];
}

/** The comparison table of a result. */
export interface ComparisonTable {
  columns: KpiColumn[];
  rows: ComparisonRow[];
  best: string | null;
  /** Other points the best cannot be told apart from (paired 95%). */
  ties: string[];
}

/** The comparison table: rows in design order, `extra` KPI added as a column. */
export function comparisonTable(result: ExperimentResultWire, extra?: string): ComparisonTable {
  const columns = columnsFor(result, extra);
  const rows = result.variants.map((p): ComparisonRow => {
    const baseline = p.name === result.baseline;
    return {
      name: p.name,
      variant: p.variant,
      factors: p.factors,
      rank: p.rank,
      baseline,
      tiesBest: p.rank === 1 || !p.vsBest.significant,
      bottleneck: typeof p.mean.bottleneck === 'string' ? p.mean.bottleneck : '',
      cells: columns.map((c) => {
        const d = p.diff[c.kpi];
        const dMean = typeof d?.mean === 'number' ? d.mean : NaN,
          dHw = typeof d?.halfWidth === 'number' ? d.halfWidth : NaN;
        return {
          kpi: c.kpi,
          mean: plusMinus(leaf(p.mean, c.kpi) * c.scale, leaf(p.ci95, c.kpi) * c.scale, c.digits),
          diff: baseline ? null : d ? `${plusMinus(dMean * c.scale, dHw * c.scale, c.digits, true)}` : '–',
          significant: !baseline && d?.significant === true,
        };
      }),
    };
  });
  const best = result.variants.find((p) => p.rank === 1)?.name ?? null;
  const ties = rows.filter((r) => r.rank !== 1 && r.tiesBest).map((r) => r.name);
  return { columns, rows, best, ties };
}

/** Every numeric KPI path of a result, line KPIs first (from the baseline's differences: every numeric KPI). */
export function kpiChoices(result: ExperimentResultWire): string[] {
  const base = result.variants.find((p) => p.name === result.baseline) ?? result.variants[0];
  const all = Object.keys(base?.diff ?? {});
  const line = all.filter((k) => !k.startsWith('stations.'));
  return [
    ...LINE_COLUMNS.map((c) => c.kpi).filter((k) => all.includes(k)),
    ...line.filter((k) => !LINE_COLUMNS.some((c) => c.kpi === k)),
    ...all.filter((k) => k.startsWith('stations.')),
  ];
}

/** Means and 95% half-widths of one KPI per design point, scaled for showing. */
export interface PointSeries {
  labels: string[];
  mean: number[];
  halfWidth: number[];
}

/** One KPI for every design point (the means-with-error-bars chart). */
export function pointSeries(result: ExperimentResultWire, kpi: string): PointSeries {
  const { scale } = columnOf(kpi);
  return {
    labels: result.variants.map((p) => p.name),
    mean: result.variants.map((p) => leaf(p.mean, kpi) * scale),
    halfWidth: result.variants.map((p) => leaf(p.ci95, kpi) * scale),
  };
}

/** Swept factors whose values are all numbers or durations (they can be an x axis; durations in seconds). */
export function numericFactors(result: ExperimentResultWire): string[] {
  return result.factors.filter((f) => f.values.length > 1 && isNumericSweep(f.values)).map((f) => f.path);
}

/**
 * A numeric value the charts can put on an x axis: a swept factor, or one the variants `set` (variantSets.ts:
 * the body shop's five standby delays set to one value per variant).
 */
export interface ChartFactor {
  /** The axis title: the swept path, or the paths the variants set (`*.standby.after`). */
  path: string;
  /** The values as written (`2min`, `5`), each number once. */
  values: unknown[];
  /** A design point's value; undefined when it has none (a variant that does not set it). */
  valueOf: (p: VariantResultWire) => unknown;
  /** Set by the variants: each variant is one value of it, not a line of its own. */
  byVariant: boolean;
}

/** A swept factor as an x axis; null when the run does not sweep it or it is not numeric. */
export function sweptFactor(result: ExperimentResultWire, path: string): ChartFactor | null {
  const f = result.factors.find((x) => x.path === path);
  if (!f || !isNumericSweep(f.values)) return null;
  return { path, values: f.values, valueOf: (p) => p.factors[path], byVariant: false };
}

/**
 * Every x axis of a run: its numeric sweeps, then the values its variants set (read from the experiment's text,
 * which the results do not carry), on the points of the result.
 */
export function chartFactors(result: ExperimentResultWire, text?: string): ChartFactor[] {
  const swept = numericFactors(result).map((path) => sweptFactor(result, path)!);
  const names = new Set(result.variants.map((p) => p.variant));
  const set = setFactors(text).flatMap((f): ChartFactor[] => {
    const values = [...f.values].filter(([name]) => names.has(name)).map(([, v]) => v);
    const distinct = values.filter((v, i) => values.findIndex((w) => sweepNumber(w) === sweepNumber(v)) === i);
    return distinct.length > 1 ? [{ path: f.label, values: distinct, valueOf: (p) => f.values.get(p.variant), byVariant: true }] : [];
  });
  return [...swept, ...set];
}

/** A KPI against a swept factor: one line per variant (and per value of the other factors). */
export interface FactorSeries {
  /** The swept values in increasing order (durations in seconds). */
  x: number[];
  /** The swept values as the experiment writes them (`2min`, `5`), in the order of `x`. */
  written: string[];
  lines: Array<{ label: string; mean: Array<number | null>; halfWidth: Array<number | null> }>;
}

/**
 * The line of the KPI-against-a-factor chart a design point is on: its variant (unless the variants set the
 * factor) and the other factors' values; null when the point has no value of the factor.
 */
export function lineOf(result: ExperimentResultWire, factor: ChartFactor | string, p: VariantResultWire): string | null {
  const f = typeof factor === 'string' ? sweptFactor(result, factor) : factor;
  const path = typeof factor === 'string' ? factor : factor.path;
  if (f && f.valueOf(p) === undefined) return null;
  const rest = result.factors.filter((o) => o.path !== path).map((o) => `${o.path}=${formatFactor(p.factors[o.path])}`);
  if (!f?.byVariant) return [p.variant, ...rest].join(', ');
  return rest.length > 0 ? rest.join(', ') : `variants setting ${path}`;
}

/**
 * The series of the KPI-against-a-factor chart, or null when the factor is not numeric (a swept path, or a
 * ChartFactor). `scale` multiplies the KPI for showing (default: its column's, so energy is in Wh).
 */
export function factorSeries(
  result: ExperimentResultWire,
  kpi: string,
  factor: ChartFactor | string,
  scale = columnOf(kpi).scale,
): FactorSeries | null {
  const f = typeof factor === 'string' ? sweptFactor(result, factor) : factor;
  if (!f || !isNumericSweep(f.values)) return null;
  const byX = f.values.map((v) => ({ x: sweepNumber(v)!, written: formatFactor(v) })).sort((a, b) => a.x - b.x);
  const x = byX.map((v) => v.x);
  const lines = new Map<string, FactorSeries['lines'][number]>();
  for (const p of result.variants) {
    const label = lineOf(result, f, p);
    if (label === null) continue; // a variant that does not set the factor
    let line = lines.get(label);
    if (!line) {
      line = { label, mean: x.map(() => null), halfWidth: x.map(() => null) };
      lines.set(label, line);
    }
    const i = x.indexOf(sweepNumber(f.valueOf(p)) ?? NaN);
    if (i >= 0) {
      const m = leaf(p.mean, kpi) * scale,
        h = leaf(p.ci95, kpi) * scale;
      line.mean[i] = Number.isFinite(m) ? m : null;
      line.halfWidth[i] = Number.isFinite(h) ? h : null;
    }
  }
  return { x, written: byX.map((v) => v.written), lines: [...lines.values()] };
}

/** Should an x axis over these values be logarithmic? Positive values spanning a factor of 10 or more (2 min to 2 h). */
export function logAxis(x: readonly number[]): boolean {
  return x.length > 1 && x[0]! > 0 && x[x.length - 1]! / x[0]! >= 10;
}

/** A factor value as the point names write it. */
function formatFactor(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}
