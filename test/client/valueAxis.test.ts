import { describe, expect, it } from 'vitest';
import { createTextMeasure, EDGE_PX, formatAxisValues, GAP_PX, TICK_PX, valueAxisSize, type TextMeasure } from '../../src/ui/valueAxis.ts';

/**
 * The KPI charts' value axis: compact labels that tell ticks apart, and an axis as wide as its widest label.
 * Glyph widths below model DejaVu Sans at 11 px (Chromium's system-ui on Debian), where `20,000` is 38.5 px and
 * the old fixed 46 px axis left 31 px for it; the real fonts are checked in Chromium (kpiChartAxis.test.ts).
 */

const GLYPH_PX: Record<string, number> = { ',': 3.5, '.': 3.5, '-': 4, k: 6.4, M: 9.5, G: 8.6 };
const dejaVu11: TextMeasure = (text) => [...text].reduce((w, ch) => w + (GLYPH_PX[ch] ?? 7), 0);

/** Ticks as uPlot places them: multiples of a 1/2/2.5/5 step, about five over 0..max. */
function ticksUpTo(max: number): number[] {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  return Array.from({ length: Math.floor(max / step + 1e-9) + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

/** Reads a label back into a number (`1.25M` → 1,250,000). */
function parseLabel(label: string): number {
  const unit = { k: 1e3, M: 1e6, G: 1e9 }[label.slice(-1)] ?? 1;
  return Number(label.replace(/[kMG]$/, '').replaceAll(',', '')) * unit;
}

describe('value axis labels', () => {
  it('writes a throughput of 20,000 parts/h as 20k, and a million-range axis in M', () => {
    expect(formatAxisValues([0, 5000, 10000, 15000, 20000])).toEqual(['0', '5k', '10k', '15k', '20k']);
    expect(formatAxisValues([0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000])).toEqual(['0', '0.25M', '0.5M', '0.75M', '1M', '1.25M']); // 1,234,567 at the top
    expect(formatAxisValues([0, 2e8, 4e8, 6e8, 8e8, 1e9])).toEqual(['0', '0.2G', '0.4G', '0.6G', '0.8G', '1G']);
  });

  it('keeps four-digit values whole and shows the decimals a step needs (12.5 was drawn as 13)', () => {
    expect(formatAxisValues([0, 2500, 5000, 7500])).toEqual(['0', '2,500', '5,000', '7,500']);
    expect(formatAxisValues([0, 2.5, 5, 7.5, 10, 12.5])).toEqual(['0', '2.5', '5', '7.5', '10', '12.5']);
    expect(formatAxisValues([0, 0.05, 0.1, 0.15])).toEqual(['0', '0.05', '0.1', '0.15']);
  });

  it('gives every tick of any range a distinct label that reads back as the tick', () => {
    for (const max of [0.8, 3, 12.5, 140, 999, 9_999, 12_000, 20_000, 99_999, 450_000, 1_234_567, 38_000_000, 987_654_321, 5e9]) {
      const ticks = ticksUpTo(max);
      const labels = formatAxisValues(ticks);
      expect(new Set(labels).size, `max ${max}: ${labels.join(' ')}`).toBe(ticks.length);
      ticks.forEach((t, i) => expect(parseLabel(labels[i]!)).toBeCloseTo(t, 6));
    }
  });
});

describe('value axis width', () => {
  it('leaves room for the widest label beside tick and gap, at any value range', () => {
    for (const max of [12.5, 9_999, 20_000, 1_234_567, 987_654_321]) {
      const labels = formatAxisValues(ticksUpTo(max));
      const widest = Math.max(...labels.map(dejaVu11));
      const room = valueAxisSize(labels, dejaVu11) - TICK_PX - GAP_PX;
      expect(room, `max ${max}: ${labels.join(' ')}`).toBeGreaterThanOrEqual(widest + EDGE_PX);
    }
  });

  it('grows with its labels instead of cutting them: 20,000 written out needs more than the old 46 px axis', () => {
    expect(valueAxisSize(['0', '10,000', '20,000'], dejaVu11)).toBeGreaterThan(46);
    expect(valueAxisSize(['0', '10k', '20k'], dejaVu11)).toBeLessThan(valueAxisSize(['0', '10,000', '20,000'], dejaVu11));
    expect(valueAxisSize(null, dejaVu11)).toBe(TICK_PX + GAP_PX + EDGE_PX); // before uPlot has ticks
  });

  it('estimates generously where there is no canvas to measure with', () => {
    const estimate = createTextMeasure('11px system-ui'); // node: no document
    expect(estimate('20,000')).toBeGreaterThanOrEqual(dejaVu11('20,000'));
    expect(estimate('1.25M')).toBeGreaterThanOrEqual(dejaVu11('1.25M'));
  });
});
