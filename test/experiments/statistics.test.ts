import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../server/experiments/pool.ts';
import { runExperiment } from '../../server/experiments/run.ts';
import { covers, pairedDifference } from '../../server/experiments/stats.ts';
import { designOf, UNRELIABLE_MACHINE } from './helpers.ts';

/**
 * The statistics against theory. A single machine whose up and down times are exponential (MTBF 90 s, MTTR
 * 10 s, the failure clock running while it works, which it always does with an unlimited source and sink) is a
 * two-state Markov chain: after a warm-up of 200 s (22 time constants of 9 s) it is stationary, so the expected
 * availability over any window is exactly A = 90 / 100 = 0.9, and with MTTR 20 s it is 90 / 110.
 *
 * The simulations run on one shared pool of worker threads: there the engine runs as plain tsx-compiled code,
 * about twice as fast as inside vitest's module runner, and on both cores.
 */

const pool = createWorkerPool(2);
afterAll(() => pool.close());

/** Smallest and largest count of successes in n trials at rate p accepted at two-sided level 1 - alpha (exact binomial). */
function binomialBand(n: number, p: number, alpha: number): [number, number] {
  const pmf: number[] = [];
  let logC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    pmf.push(Math.exp(logC + k * Math.log(p) + (n - k) * Math.log(1 - p)));
  }
  let lo = 0,
    acc = 0;
  while (acc + pmf[lo]! <= alpha / 2) acc += pmf[lo++]!;
  let hi = n;
  acc = 0;
  while (acc + pmf[hi]! <= alpha / 2) acc += pmf[hi--]!;
  return [lo, hi];
}

describe('confidence intervals on a model with a known answer', () => {
  it('cover the true availability and the true paired difference at their nominal 95% rate', async () => {
    const experiments = 200; // each a whole experiment of 2 variants x 10 replications, with its own seed
    const trueA = 0.9,
      trueDiff = 90 / 110 - 0.9;
    let coveredMean = 0,
      coveredDiff = 0;
    for (let seed = 1; seed <= experiments; seed++) {
      const design = await designOf(
        `name: coverage
scene: machine.yaml
seed: ${seed}
replications: 10
variants:
  - name: baseline
  - name: slower repairs
    set: { M.failures.mttr: 20s }
`,
        'machine.yaml',
        UNRELIABLE_MACHINE,
      );
      const result = await runExperiment(design, { executor: pool });
      const [base, slower] = result.variants;
      const availability = {
        mean: base!.mean.stations.M!.oee.availability,
        halfWidth: (base!.ci95 as { stations: { M: { oee: { availability: number } } } }).stations.M.oee.availability,
      };
      if (covers(availability, trueA)) coveredMean++;
      if (covers(slower!.diff['stations.M.oee.availability']!, trueDiff)) coveredDiff++;
    }
    const [lo, hi] = binomialBand(experiments, 0.95, 0.001);
    expect([lo, hi]).toEqual([179, 198]); // tight enough that an 85% interval (170 expected) would fail
    expect(coveredMean).toBeGreaterThanOrEqual(lo);
    expect(coveredMean).toBeLessThanOrEqual(hi);
    expect(coveredDiff).toBeGreaterThanOrEqual(lo);
    expect(coveredDiff).toBeLessThanOrEqual(hi);
  }, 60_000);
});

describe('common random numbers', () => {
  it('shrink the variance of paired differences compared with independent streams', async () => {
    const design = await designOf(`name: crn
scene: two-machine.yaml
horizon: 1d
warmup: 2h
replications: 10
sweep:
  B1.capacity: [5, 6]
`);
    const common = await runExperiment(design, { executor: pool, streams: 'common' });
    const independent = await runExperiment(design, { executor: pool, streams: 'independent' });
    const crn = common.variants[1]!.diff['throughputPerHour']!;
    const ind = independent.variants[1]!.diff['throughputPerHour']!;
    // Same n, so the ratio of half-widths squared is the ratio of variances; F(9, 9) exceeds 10 with p < 0.001.
    expect((ind.halfWidth / crn.halfWidth) ** 2).toBeGreaterThan(10);
    // Both estimate the same difference: their intervals overlap.
    expect(Math.abs(crn.mean - ind.mean)).toBeLessThan(crn.halfWidth + ind.halfWidth);
    // Only the CRN interval is narrow enough to show what one more buffer place is worth.
    expect(crn.significant).toBe(true);
  }, 30_000);
});

describe('paired differences', () => {
  it('are significant only when the interval excludes zero', () => {
    expect(pairedDifference([1, 2, 3], [1, 2, 3])).toEqual({ mean: 0, halfWidth: 0, significant: false });
    expect(pairedDifference([2, 3, 4], [1, 2, 3]).significant).toBe(true); // constant +1: zero width, off 0
    expect(pairedDifference([1, 5, 2, 6], [2, 3, 4, 4]).significant).toBe(false);
    expect(pairedDifference([NaN, 1], [0, 0]).significant).toBe(false);
    expect(() => pairedDifference([1], [1, 2])).toThrow(/differ in size/);
  });
});
