import type { EnergyBreakdown, MachineState } from '@protocol/events.ts';
import { STATE_STYLES } from '../state/statePalette.ts';

/**
 * The energy view's bars from an `energy:breakdown`: one bar per machine (a segment per state, in the state
 * palette's colours), one per conveyor (its belt energy) and one for the base load, as the stacked, cumulative
 * series uPlot draws (its bars are drawn between one series and the one below: bands).
 */

/** Belt energy of conveyors: pink, apart from every state colour and the warning amber. */
export const BELT_COLOR = '#ec4899';
/** The base load (lighting, HVAC, compressed air): slate, a quiet colour for energy no station draws. */
export const BASE_LOAD_COLOR = '#64748b';
/** The base load's bar. */
export const BASE_LOAD_BAR = 'Base load';

/** A kind of energy: a machine state, belts or the base load, with its label and colour. */
export interface SegmentStyle {
  key: MachineState | 'belt' | 'base';
  label: string;
  color: string;
}

/** Every segment, bottom (left) first: the machine states in the palette's order, then belts, then the base load. */
export const SEGMENT_STYLES: readonly SegmentStyle[] = [
  ...STATE_STYLES.map((s) => ({ key: s.name, label: s.label, color: s.color })),
  { key: 'belt', label: 'Belts', color: BELT_COLOR },
  { key: 'base', label: BASE_LOAD_BAR, color: BASE_LOAD_COLOR },
];

/** One kind of energy in the bars. */
export interface EnergySegment extends SegmentStyle {
  /** kWh per bar, in bar order (0 where the bar has none of it). */
  values: number[];
  /** kWh over all bars. */
  total: number;
}

/** Bars and their segments, bottom (left) segment first. */
export interface EnergyBars {
  /** Bar names: machine ids, conveyor ids, then BASE_LOAD_BAR when the line has a base load. */
  bars: string[];
  /** kWh of each bar. */
  totals: number[];
  segments: EnergySegment[];
}

/** Regroups a breakdown into bars and segments; every segment of SEGMENT_STYLES is present, with zeros where it draws nothing. */
export function energyBars(b: EnergyBreakdown): EnergyBars {
  const withBase = b.baseLoadKWh > 0;
  const bars = [...b.machines.map((m) => m.id), ...b.conveyors.map((c) => c.id), ...(withBase ? [BASE_LOAD_BAR] : [])];
  const first = b.machines.length;
  const segments = SEGMENT_STYLES.map((style): EnergySegment => {
    const values = bars.map((_, i) => {
      if (style.key === 'belt') return b.conveyors[i - first]?.kWh ?? 0;
      if (style.key === 'base') return withBase && i === bars.length - 1 ? b.baseLoadKWh : 0;
      return b.machines[i]?.byState[style.key] ?? 0;
    });
    return { ...style, values, total: values.reduce((a, v) => a + v, 0) };
  });
  const totals = bars.map((_, i) => segments.reduce((a, s) => a + s.values[i]!, 0));
  return { bars, totals, segments };
}

/** The segments stacked: series k is the sum of segments 0..k, per bar (what uPlot's banded bars draw). */
export function stackSegments(segments: readonly EnergySegment[]): number[][] {
  const out: number[][] = [];
  let below: number[] | null = null;
  for (const s of segments) {
    const row: number[] = s.values.map((v, i) => v + (below?.[i] ?? 0));
    out.push(row);
    below = row;
  }
  return out;
}
