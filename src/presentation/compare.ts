import type { KpiFrame, QualityLive } from '@protocol/events.ts';
import type { StoryInfo, VariantInfo } from '@protocol/training.ts';

/**
 * The before/after comparison of the presentation: how far the improved side is ahead on throughput, OEE
 * and energy per part, on lines with a meter on energy cost per part, and on lines with quality on first-pass
 * yield and escapes, from the two sessions' own KPI frames (computed by the simulator, never scripted).
 */

/** One compared figure. */
export interface Delta {
  /** Names the figure in test ids: `throughput`, `oee`, `energy`, `cost`, `fpy`, `escapes`. */
  id: string;
  label: string;
  /** The change in words: `+12.3 %`, `+6.1 pts`, `−3.4 %`. */
  text: string;
  /** True when the after side is better. */
  better: boolean;
  /** True when the difference rounds to nothing: neither side wins. */
  even: boolean;
  /** The raw difference, for tests (relative for throughput, energy and cost, points for OEE and yield, ppm for escapes). */
  value: number;
}

/**
 * One figure's delta: `shown` is the difference in the unit of its text, rounded to `digits`. A difference that
 * rounds to nothing is even (neither side wins): a red "±0.0 %" would say the improvement lost.
 */
function delta(id: string, label: string, value: number, shown: number, digits: number, unit: string, higherIsBetter: boolean): Delta {
  const rounded = Number(Math.abs(shown).toFixed(digits));
  const mark = rounded === 0 ? '±' : shown > 0 ? '+' : '−';
  const text = `${mark}${rounded.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
  const even = rounded === 0;
  return { id, label, text, better: !even && (higherIsBetter ? shown > 0 : shown < 0), even, value };
}

/** The comparison, or null until both sides have made something. */
export function compareKpis(before: KpiFrame | null, after: KpiFrame | null): Delta[] | null {
  if (!before || !after || before.good === 0 || after.good === 0 || before.throughputPerHour <= 0) return null;
  const tp = after.throughputPerHour / before.throughputPerHour - 1;
  const oee = (after.oee - before.oee) * 100;
  const energy = before.kWhPerGoodPart > 0 ? after.kWhPerGoodPart / before.kWhPerGoodPart - 1 : 0;
  return [
    delta('throughput', 'Throughput', tp, tp * 100, 1, '%', true),
    delta('oee', 'OEE', oee, oee, 1, 'pts', true),
    delta('energy', 'Energy per part', energy, energy * 100, 1, '%', false),
    ...compareCost(before, after),
    ...compareQuality(before.lineQuality, after.lineQuality),
  ];
}

/**
 * Energy cost per good part, when both sides' meters price their energy (a tariff: the cost of each minute at the
 * price in force then); nothing otherwise. Lower is better. With time-of-use prices it can move apart from energy
 * per part: the same kWh cost less in cheaper hours.
 */
function compareCost(before: KpiFrame, after: KpiFrame): Delta[] {
  const b = costPerGoodPart(before),
    a = costPerGoodPart(after);
  if (b === undefined || a === undefined || b <= 0) return [];
  const cost = a / b - 1;
  return [delta('cost', 'Cost per part', cost, cost * 100, 1, '%', false)];
}

/** Energy cost per good part so far (the meter's cost over the good parts), or undefined on a line without a priced meter. */
export function costPerGoodPart(kpi: KpiFrame | null | undefined): number | undefined {
  const cost = kpi?.meter?.cost;
  return cost === undefined || !kpi || kpi.good <= 0 ? undefined : cost / kpi.good;
}

/** Cost per part with three significant digits (bottles cost a thousandth, car bodies more than one), or a dash. */
export function formatCostPerPart(cost: number | undefined): string {
  if (cost === undefined || !Number.isFinite(cost) || cost <= 0) return '–';
  return cost >= 100 ? cost.toFixed(0) : cost.toPrecision(3);
}

/**
 * First-pass yield (higher is better) and escapes (lower is better), when both sides measure quality; nothing
 * otherwise, so lines without quality compare as they always did. Escapes are compared in ppm of the parts
 * shipped, as a difference: a relative change would be undefined when the before side has none.
 */
function compareQuality(before: QualityLive | undefined, after: QualityLive | undefined): Delta[] {
  if (!before || !after) return [];
  const fpy = (after.firstPassYield - before.firstPassYield) * 100;
  const ppm = after.escapePpm - before.escapePpm;
  return [delta('fpy', 'First-pass yield', fpy, fpy, 2, 'pts', true), delta('escapes', 'Escapes', ppm, ppm, 0, 'ppm', false)];
}

/** Escapes per million, whole, with thousands separators. */
export function formatPpm(ppm: number | undefined): string {
  if (ppm === undefined || !Number.isFinite(ppm)) return '–';
  return Math.round(ppm).toLocaleString('en-US');
}

/** First-pass yield in percent with two decimals (camera-sized gaps are tenths of a point), or a dash before any part ended. */
export function formatYield(q: QualityLive | undefined, partsEnded: number): string {
  return q && partsEnded > 0 ? (q.firstPassYield * 100).toFixed(2) : '–';
}

/** Energy per part in a readable unit: Wh below 1 kWh. */
export function formatEnergyPerPart(kWh: number | undefined): { value: string; unit: string } {
  if (kWh === undefined || !Number.isFinite(kWh) || kWh <= 0) return { value: '–', unit: 'kWh/part' };
  return kWh < 1 ? { value: (kWh * 1000).toFixed(kWh < 0.1 ? 1 : 0), unit: 'Wh/part' } : { value: kWh.toFixed(2), unit: 'kWh/part' };
}

/** Throughput with a sensible number of digits for its size. */
export function formatRate(perHour: number | undefined): string {
  if (perHour === undefined || !Number.isFinite(perHour)) return '–';
  return perHour.toLocaleString('en-US', { maximumFractionDigits: perHour < 100 ? 1 : 0 });
}

/** The caption showing at sim time `t`: the last one that started. */
export function captionAt<C extends { at: number; text: string }>(captions: readonly C[], t: number): string {
  let text = '';
  for (const c of captions) if (c.at <= t) text = c.text;
  return text;
}

/** A side of a story on screen. */
export type Side = 'before' | 'middle' | 'after';

/** A side with its tag (the small label over its title) and its title and caption. */
export interface ShownSide {
  side: Side;
  tag: string;
  variant: VariantInfo;
}

/**
 * The sides a story shows, left to right: before and after, or before, middle and after. With three sides the
 * tags name the options, since "after" alone would not say after what.
 */
export function shownSides(story: StoryInfo): ShownSide[] {
  if (!story.middle)
    return [
      { side: 'before', tag: 'Before', variant: story.before },
      { side: 'after', tag: 'After', variant: story.after },
    ];
  return [
    { side: 'before', tag: 'Baseline', variant: story.before },
    { side: 'middle', tag: 'Option 1', variant: story.middle },
    { side: 'after', tag: 'Option 2', variant: story.after },
  ];
}

/** The comparisons under the panes: each improved side against the before side, with its heading. */
export function comparedSides(story: StoryInfo): Array<{ side: 'middle' | 'after'; title: string }> {
  if (!story.middle) return [{ side: 'after', title: 'After vs before' }];
  return (['middle', 'after'] as const).map((side) => ({ side, title: `${story[side]!.title} vs ${story.before.title}` }));
}
