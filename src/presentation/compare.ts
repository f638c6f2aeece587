import type { KpiFrame } from '@protocol/events.ts';
import type { StoryInfo, VariantInfo } from '@protocol/training.ts';

/**
 * The before/after comparison of the presentation: how far the improved side is ahead on throughput, OEE
 * and energy per part, from the two sessions' own KPI frames (computed by the simulator, never scripted).
 */

/** One compared figure. */
export interface Delta {
  label: string;
  /** The change in words: `+12.3 %`, `+6.1 pts`, `−3.4 %`. */
  text: string;
  /** True when the after side is better. */
  better: boolean;
  /** The raw difference, for tests (relative for throughput and energy, absolute points for OEE). */
  value: number;
}

const sign = (v: number): string => (v > 0 ? '+' : v < 0 ? '−' : '±');

/** The comparison, or null until both sides have made something. */
export function compareKpis(before: KpiFrame | null, after: KpiFrame | null): Delta[] | null {
  if (!before || !after || before.good === 0 || after.good === 0 || before.throughputPerHour <= 0) return null;
  const tp = after.throughputPerHour / before.throughputPerHour - 1;
  const oee = (after.oee - before.oee) * 100;
  const energy = before.kWhPerGoodPart > 0 ? after.kWhPerGoodPart / before.kWhPerGoodPart - 1 : 0;
  return [
    { label: 'Throughput', text: `${sign(tp)}${Math.abs(tp * 100).toFixed(1)} %`, better: tp > 0, value: tp },
    { label: 'OEE', text: `${sign(oee)}${Math.abs(oee).toFixed(1)} pts`, better: oee > 0, value: oee },
    { label: 'Energy per part', text: `${sign(energy)}${Math.abs(energy * 100).toFixed(1)} %`, better: energy < 0, value: energy },
  ];
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
