import type uPlot from 'uplot';
import { formatNumber } from './format.ts';

/**
 * Value (y) axes whose labels always fit. uPlot right-aligns y labels inside the axis `size` and draws nothing
 * beyond the canvas, so a fixed size cuts a wider label on the left (the KPI panel's 46 px axis showed `0,000`
 * for 20,000). Here labels are compact (20k, 1.25M) and the axis is as wide as its widest label in the axis font.
 */

/** Tick length of a value axis (CSS px): uPlot's default, set explicitly so the size sum below matches the drawing. */
export const TICK_PX = 10;
/** Gap between tick and label (CSS px), uPlot's default likewise. */
export const GAP_PX = 5;
/** Spare room left of the widest label (CSS px): antialiased glyph edges and font hinting differences. */
export const EDGE_PX = 3;

/** Units for large values: k from 10,000 (4-digit numbers read fine with a separator), M from a million, G from a billion. */
const UNITS = [
  { from: 1e9, div: 1e9, suffix: 'G' },
  { from: 1e6, div: 1e6, suffix: 'M' },
  { from: 1e4, div: 1e3, suffix: 'k' },
] as const;
const PLAIN = { from: 0, div: 1, suffix: '' } as const;
/** Most decimals a label shows: ticks are round multiples of their step, so three always tell neighbours apart. */
const MAX_DECIMALS = 3;

/** Labels for value-axis ticks: one unit for all of them (the largest tick decides) and the decimals the ticks need. */
export function formatAxisValues(ticks: readonly number[]): string[] {
  const largest = ticks.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const unit = UNITS.find((u) => largest >= u.from) ?? PLAIN;
  const digits = ticks.reduce((d, v) => Math.max(d, decimalsOf(v / unit.div)), 0);
  return ticks.map((v) => (v === 0 ? '0' : `${formatNumber(v / unit.div, digits)}${unit.suffix}`));
}

/** Decimals needed to write `v` exactly, up to MAX_DECIMALS. */
function decimalsOf(v: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled))) return d;
  }
  return MAX_DECIMALS;
}

/** Measures text width in CSS px. */
export type TextMeasure = (text: string) => number;

/**
 * Measures text in `font` on a canvas, as the chart draws it. Without canvas text (DOM-less tests) it estimates
 * generously: 0.7 em a character is wider than the digits of common UI fonts (0.55 to 0.64 em).
 */
export function createTextMeasure(font: string): TextMeasure {
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx) {
    const em = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 16);
    return (text) => text.length * em * 0.7;
  }
  ctx.font = font;
  return (text) => ctx.measureText(text).width;
}

/** Width of a value axis (CSS px) that holds its widest label; `labels` is null before uPlot has ticks. */
export function valueAxisSize(labels: readonly string[] | null, measure: TextMeasure): number {
  const widest = (labels ?? []).reduce((w, label) => Math.max(w, measure(label)), 0);
  return Math.ceil(TICK_PX + GAP_PX + widest + EDGE_PX);
}

/** `base` (colours, grid) as a left value axis in `font` with compact labels and a width that fits them. */
export function valueAxis(base: uPlot.Axis, font: string, measure: TextMeasure = createTextMeasure(font)): uPlot.Axis {
  return {
    ...base,
    font,
    gap: GAP_PX,
    ticks: { ...base.ticks, size: TICK_PX },
    values: (_u, ticks) => formatAxisValues(ticks),
    size: (_u, labels) => valueAxisSize(labels, measure),
  };
}
