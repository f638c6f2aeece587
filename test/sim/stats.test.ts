import { describe, expect, it } from 'vitest';
import { createTally, observe, tallyQuantile, tallySd } from '../../server/sim/stats.ts';

describe('tally', () => {
  it('gives mean and sd exactly and quantiles within 0.4% over ten decades', () => {
    const t = createTally();
    // 100,001 values spread log-uniformly from 1 ms to 10^7 s, in a scrambled order
    const values = Array.from({ length: 100_001 }, (_, i) => 1e-3 * 10 ** ((10 * ((i * 7919) % 100_001)) / 100_000));
    for (const x of values) observe(t, x);
    const sorted = [...values].sort((a, b) => a - b);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(t.mean / mean).toBeCloseTo(1, 12);
    const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (values.length - 1));
    expect(tallySd(t) / sd).toBeCloseTo(1, 9);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = sorted[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(tallyQuantile(t, q) / exact - 1), `q = ${q}`).toBeLessThan(0.004);
    }
  });

  it('files values at and below 1 ms, and beyond the last bucket, without losing them', () => {
    const t = createTally();
    for (const x of [0, 1e-4, 2 ** -10, 1e9, 1e9]) observe(t, x);
    expect(t.count).toBe(5);
    expect(tallyQuantile(t, 0.5)).toBeLessThanOrEqual(2 ** -10);
    expect(tallyQuantile(t, 1)).toBe(1e9); // beyond the last bucket: the max seen
  });
});
