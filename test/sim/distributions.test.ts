import { describe, expect, it } from 'vitest';
import { createSampler, meanOf } from '../../server/sim/distributions.ts';
import type { DistSpec } from '../../server/sim/spec.ts';
import { createStream } from '../../server/sim/random.ts';

/** Sample mean and variance of n draws. */
function moments(spec: DistSpec, n: number, seed = 11): { mean: number; variance: number; min: number } {
  const sample = createSampler(spec);
  const rng = createStream(seed, 0, 'dist-test');
  let sum = 0,
    sumSq = 0,
    min = Infinity;
  for (let i = 0; i < n; i++) {
    const x = sample(rng);
    sum += x;
    sumSq += x * x;
    if (x < min) min = x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean, min };
}

// Theoretical variance of each case, to check spread as well as location.
const cases: Array<{ spec: DistSpec; variance: number }> = [
  { spec: { dist: 'exponential', mean: 2 }, variance: 4 },
  { spec: { dist: 'uniform', min: 1, max: 3 }, variance: 4 / 12 },
  { spec: { dist: 'triangular', min: 1, mode: 2, max: 4 }, variance: (1 + 4 + 16 - 2 - 4 - 8) / 18 },
  { spec: { dist: 'normal', mean: 10, sd: 2 }, variance: 4 },
  { spec: { dist: 'lognormal', mean: 5, sd: 2 }, variance: 4 },
  { spec: { dist: 'weibull', shape: 2, scale: 3 }, variance: 9 * (1 - Math.PI / 4) },
  { spec: { dist: 'erlang', k: 3, mean: 6 }, variance: 36 / 3 },
  { spec: { dist: 'empirical', values: [1, 2, 10], weights: [1, 1, 2] }, variance: (1 + 4 + 200) / 4 - (23 / 4) ** 2 },
];

describe('distributions', () => {
  const n = 200_000;
  for (const { spec, variance } of cases) {
    it(`${spec.dist}: sample mean and variance match theory`, () => {
      const m = moments(spec, n);
      const mean = meanOf(spec);
      // 4.5 standard errors: a wrong formula fails, sampling noise practically never does
      expect(Math.abs(m.mean - mean)).toBeLessThan(4.5 * Math.sqrt(variance / n));
      expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.03);
      expect(m.min).toBeGreaterThanOrEqual(0);
    });
  }

  it('exponential (ziggurat): the whole distribution matches Exp(1), tail beyond the base layer included', () => {
    const draws = 400_000;
    const sample = createSampler({ dist: 'exponential', mean: 1 });
    const rng = createStream(5, 0, 'ziggurat-test');
    const xs = Float64Array.from({ length: draws }, () => sample(rng)).sort();
    // Kolmogorov-Smirnov: the largest gap between the empirical and the exact CDF, against its 99.9% critical value
    let gap = 0;
    xs.forEach((x, i) => {
      const F = 1 - Math.exp(-x);
      gap = Math.max(gap, Math.abs(F - i / draws), Math.abs(F - (i + 1) / draws));
    });
    expect(gap).toBeLessThan(1.95 / Math.sqrt(draws));
    // the tail (x > 7.697, drawn by the slow path) and a wedge-heavy region near 0, each within 4.5 standard errors
    for (const t of [0.01, 7.697, 9]) {
      const p = Math.exp(-t);
      const observed = xs.filter((x) => x > t).length / draws;
      expect(Math.abs(observed - p), `P(X > ${t})`).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / draws));
    }
  });

  it('constant always returns its value', () => {
    const s = createSampler({ dist: 'constant', value: 1.5 });
    expect(s(createStream(1, 0, 'x'))).toBe(1.5);
  });

  it('normal is truncated at 0, and meanOf gives the truncated mean', () => {
    const spec: DistSpec = { dist: 'normal', mean: 1, sd: 1 };
    const m = moments(spec, n);
    expect(m.min).toBeGreaterThanOrEqual(0);
    // E[X | X >= 0] for N(1,1) = 1 + phi(1)/Phi(1) = 1.2876
    expect(meanOf(spec)).toBeCloseTo(1.2876, 3);
    expect(m.mean).toBeCloseTo(1.2876, 2);
  });
});

describe('random streams', () => {
  it('the same seed, replication and name give the same numbers; any difference gives others', () => {
    const draw = (seed: number, rep: number, name: string): number[] => {
      const s = createStream(seed, rep, name);
      return Array.from({ length: 5 }, () => s.next());
    };
    expect(draw(1, 0, 'M1:processing')).toEqual(draw(1, 0, 'M1:processing'));
    expect(draw(1, 0, 'M1:processing')).not.toEqual(draw(2, 0, 'M1:processing'));
    expect(draw(1, 0, 'M1:processing')).not.toEqual(draw(1, 1, 'M1:processing'));
    expect(draw(1, 0, 'M1:processing')).not.toEqual(draw(1, 0, 'M1:failures'));
  });

  it('numbers are uniform on (0, 1) and neighbouring streams are uncorrelated', () => {
    const a = createStream(1, 0, 'M1:processing'),
      b = createStream(1, 0, 'M2:processing');
    const n = 100_000;
    let sa = 0,
      sab = 0,
      sa2 = 0,
      sb = 0,
      sb2 = 0;
    const bins = new Array(10).fill(0);
    for (let i = 0; i < n; i++) {
      const x = a.next(),
        y = b.next();
      expect(x > 0 && x < 1).toBe(true);
      bins[Math.floor(x * 10)]++;
      sa += x;
      sb += y;
      sab += x * y;
      sa2 += x * x;
      sb2 += y * y;
    }
    const corr = (sab / n - (sa / n) * (sb / n)) / Math.sqrt((sa2 / n - (sa / n) ** 2) * (sb2 / n - (sb / n) ** 2));
    expect(Math.abs(corr)).toBeLessThan(0.015);
    const chi2 = bins.reduce((acc, c) => acc + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9); // 99.9% point of chi-square with 9 df
  });
});
