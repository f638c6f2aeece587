import { describe, expect, it } from 'vitest';
import { kneeOf, type KneePoint } from '../../src/experiments/knee.ts';
import { parseDuration } from '../../server/scene/duration.ts';
import { isNumericSweep, sweepNumber } from '../../src/experiments/sweepValue.ts';

/** The knee of an output KPI against a swept factor: the smallest value from which on output is not significantly below the best. */

const MIN = 60;
/** A standby delay sweep of 2 min to 2 h with these throughput means and half-widths. */
const sweep = (means: number[], halfWidths: number | number[]): KneePoint[] =>
  [2, 5, 10, 30, 120].map((m, i) => ({
    x: m * MIN,
    mean: means[i]!,
    halfWidth: typeof halfWidths === 'number' ? halfWidths : halfWidths[i]!,
  }));

describe('the knee (interval overlap)', () => {
  it('is the first delay after the last one whose interval lies wholly below the best', () => {
    // best 60.1 ± 0.5 at 2 h: its interval starts at 59.6; 50.5 and 55.5 end below it, 59.8 + 0.5 does not
    const knee = kneeOf(sweep([50, 55, 59.8, 60, 60.1], 0.5));
    expect(knee).toEqual({ kind: 'knee', x: 10 * MIN, best: 120 * MIN, below: [2 * MIN, 5 * MIN], test: 'overlap' });
  });

  it('is none when no delay loses output (flat), naming the best', () => {
    expect(kneeOf(sweep([60, 60.2, 59.9, 60.1, 60], 0.5))).toEqual({
      kind: 'none',
      reason: 'flat',
      best: 5 * MIN,
      below: [],
      test: 'overlap',
    });
  });

  it('counts a lower mean whose interval still overlaps the best as no loss', () => {
    // 58 ± 1.5 reaches 59.5, the best 60 ± 1.5 starts at 58.5: the intervals overlap, so no knee
    const overlapping = sweep([58, 60, 60, 60, 60], 1.5);
    expect(kneeOf(overlapping)).toMatchObject({ kind: 'none', reason: 'flat', below: [] });
    // the same means with tighter intervals: 58 ± 0.5 is below 60 ± 0.5, and the knee is the next delay
    expect(kneeOf(sweep([58, 60, 60, 60, 60], 0.5))).toMatchObject({ kind: 'knee', x: 5 * MIN, below: [2 * MIN] });
  });

  it('is from which on output holds, not the first point that reaches the best', () => {
    // 5 min is as good as the best, but 10 min loses output again: the knee is 30 min
    const knee = kneeOf(sweep([50, 60, 55, 60, 60], 0.5));
    expect(knee).toMatchObject({ kind: 'knee', x: 30 * MIN, best: 5 * MIN, below: [2 * MIN, 10 * MIN] });
  });

  it('is none when output is below the best at the top of the sweep', () => {
    expect(kneeOf(sweep([60, 60, 59, 55, 50], 0.5))).toMatchObject({
      kind: 'none',
      reason: 'below-at-end',
      best: 2 * MIN,
      below: [30 * MIN, 120 * MIN],
    });
  });

  it('reads points in any order, leaves out points without a mean, needs two', () => {
    const points = sweep([50, 55, 59.8, 60, 60.1], 0.5).reverse();
    points.push({ x: 1 * MIN, mean: NaN, halfWidth: NaN });
    expect(kneeOf(points)).toMatchObject({ kind: 'knee', x: 10 * MIN });
    expect(kneeOf([{ x: 1, mean: 5, halfWidth: 1 }])).toEqual({ kind: 'none', reason: 'too-few', best: 1, below: [], test: 'overlap' });
    expect(kneeOf([])).toMatchObject({ kind: 'none', reason: 'too-few', best: null });
  });

  it('for a lower-is-better KPI, worse means above the best', () => {
    // lead time: 2 min and 5 min delays make it longer
    expect(kneeOf(sweep([400, 330, 301, 300, 300], 5), 'min')).toMatchObject({ kind: 'knee', x: 10 * MIN, below: [2 * MIN, 5 * MIN] });
  });
});

describe('the knee (paired differences from the best)', () => {
  it('decides by the paired interval when every point has one: sharper than overlap under common random numbers', () => {
    // the intervals overlap (58 ± 1.5 against 60 ± 1.5), but the paired difference -2 ± 0.3 excludes 0
    const points = sweep([58, 59.9, 60, 60, 60], 1.5).map((p, i) => ({
      ...p,
      vsBest: [
        { mean: -2, halfWidth: 0.3, significant: true },
        { mean: -0.1, halfWidth: 0.3, significant: false },
        { mean: 0, halfWidth: 0, significant: false },
        { mean: 0, halfWidth: 0.2, significant: false },
        { mean: 0, halfWidth: 0.2, significant: false },
      ][i],
    }));
    expect(kneeOf(points)).toEqual({ kind: 'knee', x: 5 * MIN, best: 10 * MIN, below: [2 * MIN], test: 'paired' });
    // one point without its paired difference: the overlap test for all, and no loss shows
    points[4] = { ...points[4]!, vsBest: undefined };
    expect(kneeOf(points)).toMatchObject({ kind: 'none', reason: 'flat', test: 'overlap' });
  });

  it('a significant difference above the best (a rounding tie) is no loss', () => {
    const points = sweep([60, 60, 60, 60, 60], 0.1).map((p) => ({ ...p, vsBest: { mean: 0.01, halfWidth: 0.001, significant: true } }));
    expect(kneeOf(points)).toMatchObject({ kind: 'none', reason: 'flat', test: 'paired' });
  });
});

describe('swept values as numbers', () => {
  it('reads numbers and durations (in seconds); anything else is not numeric', () => {
    expect(sweepNumber(5)).toBe(5);
    expect(sweepNumber('2min')).toBe(120);
    expect(sweepNumber('2h')).toBe(7200);
    expect(sweepNumber('1h 30min')).toBe(5400);
    expect(sweepNumber('1.5s')).toBe(1.5);
    expect(sweepNumber('unlimited')).toBeNull();
    expect(sweepNumber('5 parsecs')).toBeNull();
    expect(sweepNumber({ mtbf: '2h' })).toBeNull();
    expect(sweepNumber(NaN)).toBeNull();
    expect(isNumericSweep(['2min', '5min', '2h'])).toBe(true);
    expect(isNumericSweep([2, 5, 'unlimited'])).toBe(false);
    expect(isNumericSweep([])).toBe(false);
  });

  it('reads every form the scene format does (the same parser as server/scene)', () => {
    const forms: Array<[string, number]> = [
      ['2 minutes', 120],
      ['90', 90],
      ['1wk', 604_800],
      ['30 secs', 30],
      ['2hours', 7200],
      ['500msec', 0.5],
      ['1h30min', 5400],
    ];
    for (const [written, seconds] of forms) {
      expect(sweepNumber(written), written).toBe(seconds);
      expect(sweepNumber(written), written).toBe(parseDuration(written)); // the scene loader's reading
    }
    expect(sweepNumber('-5s')).toBeNull();
    expect(sweepNumber('5m')).toBeNull(); // minutes or milliseconds? the scene format refuses it too
    expect(isNumericSweep(['30 secs', '2 minutes', '1wk'])).toBe(true);
  });
});
