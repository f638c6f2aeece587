import { expect } from 'vitest';
import { createSimulation } from '../../server/sim/simulation.ts';
import type { LineSpec } from '../../server/sim/spec.ts';
import type { SimReport } from '../../server/sim/kpi.ts';
import { studentTQuantile } from '../../server/analysis/studentT.ts';

/**
 * Replications and confidence intervals for the theory tests: independent replications with fixed seeds, and an
 * assertion that the 99% interval of their means covers the theoretical value and is narrow enough to mean
 * something (a wide interval would cover anything).
 */

/** `reps` independent replications of `line` to `horizon`, statistics from `warmup`. */
export function replicate(line: LineSpec, reps: number, horizon: number, warmup: number, seed = 7): SimReport[] {
  const out: SimReport[] = [];
  for (let r = 0; r < reps; r++) {
    const sim = createSimulation(line, { seed, replication: r, warmup });
    sim.runUntil(horizon);
    out.push(sim.report());
  }
  return out;
}

/** Mean and 99% half-width (Student t) of the values. */
export function ci99(values: number[]): { mean: number; half: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, half: (studentTQuantile(0.995, n - 1) * sd) / Math.sqrt(n) };
}

/** The 99% interval of the values covers `theory` and its half-width is below `maxRelativeHalfWidth` of it. */
export function expectCovers(values: number[], theory: number, maxRelativeHalfWidth: number): void {
  const { mean, half } = ci99(values);
  expect(half / theory, `CI half-width ${half} too wide for ${theory}`).toBeLessThan(maxRelativeHalfWidth);
  expect(Math.abs(mean - theory), `mean ${mean} ± ${half} should cover ${theory}`).toBeLessThanOrEqual(half);
}
