import { describe, expect, it } from 'vitest';
import { greedySearch, searchFactors } from '../../server/experiments/optimize.ts';
import type { Factor } from '../../server/experiments/design.ts';

/** The search of `--optimize`, on known functions instead of simulations. */

const factor = (path: string, values: unknown[]): Factor => ({ path, values, reference: 0 });
const max = { kpi: 'throughputPerHour', order: 'max' as const };

describe('greedy search', () => {
  it('finds the smallest value of one factor whose mean reaches the target, between and beyond listed values', async () => {
    const factors = searchFactors([factor('B1.capacity', [0, 5, 10])]);
    if (typeof factors === 'string') throw new Error(factors);
    expect(factors[0]!.candidates).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const kpi = (b: number): number => 100 * (1 - Math.exp(-b / 3)); // concave, increasing: like throughput
    const outcome = await greedySearch(factors, max, 85, async (points) => points.map(([b]) => ({ mean: kpi(b!), halfWidth: 1 })));
    expect(outcome.answer).toMatchObject({ values: [6], cost: 6, reaches: true, confident: true });
    expect(outcome.path.map((s) => s.values[0])).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('spends capacity where it helps most with several factors', async () => {
    const factors = searchFactors([factor('B1.capacity', [0, 6]), factor('B2.capacity', [0, 6])]);
    if (typeof factors === 'string') throw new Error(factors);
    // B2 helps twice as much as B1 until it saturates at 3
    const kpi = ([b1, b2]: number[]): number => b1! + 2 * Math.min(b2!, 3);
    const outcome = await greedySearch(factors, max, 7, async (points) => points.map((p) => ({ mean: kpi(p), halfWidth: 0.5 })));
    expect(outcome.answer?.values).toEqual([1, 3]);
    expect(outcome.answer?.cost).toBe(4);
  });

  it('says so when the target cannot be reached, and works for lower-is-better KPIs', async () => {
    const factors = searchFactors([factor('M1.servers', [1, 3])]);
    if (typeof factors === 'string') throw new Error(factors);
    const never = await greedySearch(factors, max, 1000, async (points) => points.map(([s]) => ({ mean: s!, halfWidth: 0 })));
    expect(never.answer).toBeUndefined();
    expect(never.path).toHaveLength(3);
    const lead = await greedySearch(factors, { kpi: 'leadTimeMean', order: 'min' }, 5, async (points) =>
      points.map(([s]) => ({ mean: 12 / s!, halfWidth: 1.5 })),
    );
    expect(lead.answer).toMatchObject({ values: [3], confident: false }); // 4 ± 1.5 reaches 5 on average, not with 95% confidence
  });

  it('needs a numeric sweep', () => {
    expect(searchFactors([])).toMatch(/needs a sweep/);
    expect(searchFactors([factor('M2.cycleTime.mean', ['1s', '2s'])])).toMatch(/numeric sweep values/);
    expect(searchFactors([factor('scale', [0.5, 0.25, 1])])).toEqual([{ path: 'scale', candidates: [0.25, 0.5, 1] }]);
  });
});
