import type { ExperimentResultWire } from '@protocol/experiments.ts';
import { kneeOf, type Knee, type KneePoint } from './knee.ts';
import { columnOf, factorSeries, kpiChoices, leaf, lineOf, logAxis, sweptFactor, type ChartFactor, type KpiColumn } from './results.ts';
import { sweepNumber } from './sweepValue.ts';

/**
 * The trade-off chart of a numeric factor (docs/experiments.md): two KPIs against a swept factor, or a value the
 * variants `set` (the body shop's standby delay), on one chart with two y axes (by default energy per good part
 * on the left, throughput on the right), means with 95% error bars, and the knee of the output KPI (knee.ts).
 * Pure: TradeoffChart.tsx only draws it.
 */

/** The default pair: what a standby delay saves, and what it may cost. */
export const DEFAULT_TRADEOFF = { left: 'energy.kWhPerGoodPart', right: 'throughputPerHour' } as const;

/** KPIs offered first, when the run has them: the energy ones, then output. */
const PREFERRED = [
  'energy.kWhPerGoodPart',
  'energy.costPerGoodPart',
  'energy.co2PerGoodPart',
  'energy.standbySavings.kWh',
  'energy.standbySavings.cost',
  'energy.kWh',
  'energy.cost',
  'throughputPerHour',
  'produced.good',
  'oee',
];

/** Output KPIs (higher is better) whose knee the chart marks. */
const OUTPUT_KPIS = ['throughputPerHour', 'produced.good', 'oee'];

/** Titles of the energy KPIs in the units the trade-off speaks (kWh, not the table's Wh). */
const TITLES: Readonly<Record<string, KpiColumn>> = {
  'energy.kWhPerGoodPart': { kpi: 'energy.kWhPerGoodPart', title: 'kWh / good part', scale: 1, digits: 3 },
  'energy.costPerGoodPart': { kpi: 'energy.costPerGoodPart', title: 'Energy cost / good part', scale: 1, digits: 3 },
  'energy.co2PerGoodPart': { kpi: 'energy.co2PerGoodPart', title: 'kg CO2 / good part', scale: 1, digits: 3 },
  'energy.standbySavings.kWh': { kpi: 'energy.standbySavings.kWh', title: 'Standby savings kWh', scale: 1, digits: 1 },
  'energy.standbySavings.cost': { kpi: 'energy.standbySavings.cost', title: 'Standby savings (cost)', scale: 1, digits: 1 },
  'energy.kWh': { kpi: 'energy.kWh', title: 'Energy kWh', scale: 1, digits: 1 },
  'energy.cost': { kpi: 'energy.cost', title: 'Energy cost', scale: 1, digits: 1 },
  'produced.good': { kpi: 'produced.good', title: 'Good parts', scale: 1, digits: 0 },
};

/** The same per-part KPIs a thousand times larger, for lines whose figures are below 0.1 (a bottle: Wh, not 0.004 kWh). */
const SMALL_TITLES: Readonly<Record<string, KpiColumn>> = {
  'energy.kWhPerGoodPart': { kpi: 'energy.kWhPerGoodPart', title: 'Wh / good part', scale: 1000, digits: 2 },
  'energy.costPerGoodPart': { kpi: 'energy.costPerGoodPart', title: 'Energy cost / 1000 good parts', scale: 1000, digits: 2 },
  'energy.co2PerGoodPart': { kpi: 'energy.co2PerGoodPart', title: 'g CO2 / good part', scale: 1000, digits: 2 },
};

/** How a KPI is shown on the trade-off chart; `largest` is its largest magnitude (unscaled) in the chart. */
export function tradeoffColumn(kpi: string, largest = Infinity): KpiColumn {
  return (largest < 0.1 ? SMALL_TITLES[kpi] : undefined) ?? TITLES[kpi] ?? columnOf(kpi);
}

/** The line KPIs of a run the user may pick for either axis, the energy and output ones first. */
export function tradeoffChoices(result: ExperimentResultWire): string[] {
  const line = kpiChoices(result).filter((k) => !k.startsWith('stations.'));
  return [...PREFERRED.filter((k) => line.includes(k)), ...line.filter((k) => !PREFERRED.includes(k))];
}

/** One axis of the chart: a KPI's means and half-widths along the line, scaled for showing. */
export interface TradeoffAxis {
  kpi: string;
  title: string;
  mean: Array<number | null>;
  halfWidth: Array<number | null>;
}

/** Everything the chart draws. */
export interface TradeoffChartData {
  /** The x axis: the swept path or the paths the variants set (`*.standby.after`). */
  factor: string;
  /** The swept values, increasing (durations in seconds). */
  x: number[];
  /** The swept values as written (`2min`), the x tick labels. */
  written: string[];
  /** A logarithmic x axis: positive values spanning a factor of 10 or more (delays of 2 min to 2 h). */
  log: boolean;
  /** Every line of the sweep (variant and other factors), and the one shown. */
  lines: string[];
  line: string;
  left: TradeoffAxis;
  right: TradeoffAxis;
  /** The output KPI whose knee is marked (the right one first), or null when neither is an output KPI. */
  kneeKpi: string | null;
  knee: Knee | null;
}

/** The chosen pair and line against `factor` (a swept path or a ChartFactor); null when it is not numeric. */
export function tradeoffChart(
  result: ExperimentResultWire,
  factor: ChartFactor | string,
  left: string,
  right: string,
  line?: string,
): TradeoffChartData | null {
  const f = typeof factor === 'string' ? sweptFactor(result, factor) : factor;
  if (!f) return null;
  const l = factorSeries(result, left, f, 1);
  const r = factorSeries(result, right, f, 1);
  if (!l || !r || l.lines.length === 0) return null;
  const lines = l.lines.map((s) => s.label);
  const baseline = result.variants.find((p) => p.name === result.baseline);
  const onBaseline = baseline ? lineOf(result, f, baseline) : null;
  const shown = line !== undefined && lines.includes(line) ? line : (onBaseline ?? lines[0]!);
  const pick = (s: typeof l, kpi: string): TradeoffAxis => {
    const found = s.lines.find((x) => x.label === shown)!;
    const largest = Math.max(...found.mean.map((m) => Math.abs(m ?? 0)));
    const { title, scale } = tradeoffColumn(kpi, largest);
    const scaled = (v: number | null): number | null => (v === null ? null : v * scale);
    return { kpi, title, mean: found.mean.map(scaled), halfWidth: found.halfWidth.map(scaled) };
  };
  const kneeKpi = [right, left].find((k) => OUTPUT_KPIS.includes(k)) ?? null;
  return {
    factor: f.path,
    x: l.x,
    written: l.written,
    log: logAxis(l.x),
    lines,
    line: shown,
    left: pick(l, left),
    right: pick(r, right),
    kneeKpi,
    knee: kneeKpi === null ? null : kneeOf(kneePoints(result, f, kneeKpi, shown), 'max'),
  };
}

/**
 * The output KPI's points along one line. The paired differences from the best (`vsBest`) go with them only when
 * they are about this KPI (it is the ranking KPI, higher-is-better) and this line holds the best point: the
 * knee is then decided by the paired test, else by interval overlap.
 */
function kneePoints(result: ExperimentResultWire, factor: ChartFactor, kpi: string, line: string): KneePoint[] {
  const points = result.variants.filter((p) => lineOf(result, factor, p) === line);
  const paired = result.rankBy.kpi === kpi && result.rankBy.order === 'max' && points.some((p) => p.rank === 1);
  return points.map((p) => ({
    x: sweepNumber(factor.valueOf(p)) ?? NaN,
    mean: leaf(p.mean, kpi),
    halfWidth: leaf(p.ci95, kpi),
    vsBest: paired ? p.vsBest : undefined,
  }));
}
