import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../server/sim/simulation.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/**
 * The counting window is half-open, [warm-up, horizon): a part finishing exactly at the end of the warm-up counts,
 * one finishing exactly at the horizon does not (it belongs to the next slice), so [a, b) then [b, c) is [a, c).
 *
 * The line: an unlimited source, M1 (1 s), M2 (2 s), no buffer. M1 finishes part 0 at 1 s and hands it to M2, finishes
 * part 1 at 2 s and holds it (blocked) until M2 finishes part 0 at 3 s; from then on M2 finishes a part every 2 s, at
 * 3, 5, 7... (odd seconds) and M1 one at 4, 6, 8... (even seconds).
 */
const line = serial([{ id: 'IN', type: 'source' }, machine('M1', constant(1)), machine('M2', constant(2)), { id: 'OUT', type: 'sink' }]);

function run(until: number[], warmup?: number): Simulation {
  const sim = createSimulation(line, { seed: 1, ...(warmup === undefined ? {} : { warmup }) });
  for (const t of until) sim.runUntil(t);
  return sim;
}

describe('the counting window [warm-up, horizon)', () => {
  it('counts a part finishing exactly at the end of the warm-up, and not one finishing exactly at the horizon', () => {
    // warm-up ends at 1001 s (M2 finishes one), the horizon is 2001 s (M2 finishes one): M2's parts at 1001, 1003...1999
    const sim = run([2001], 1001);
    const r = sim.report();
    expect(r.observedSeconds).toBe(1000);
    expect(r.produced.good).toBe(500);
    expect(r.stations.M2!.processed).toBe(500);
    expect(r.stations.M1!.processed).toBe(500); // 1002, 1004...2000
    expect(sim.operations).toBe(2000); // from time 0: M1 at 1, 2, 4...2000 (1001), M2 at 3...1999 (999)
    expect(sim.now).toBe(2001);
  });

  it('without warm-up, [0, t) leaves out the part finishing at t', () => {
    expect(run([1001]).report().produced.good).toBe(499); // 3, 5...999
    expect(run([1002]).report().produced.good).toBe(500); // and 1001
  });

  it('a report at the end of the warm-up covers an empty window', () => {
    const r = run([1001], 1001).report();
    expect(r.observedSeconds).toBe(0);
    expect(r.produced.good).toBe(0);
    expect(r.stations.M2!.processed).toBe(0);
  });

  it('slicing at the warm-up, at event times and between them gives the whole run, byte for byte', () => {
    const whole = JSON.stringify(run([2001], 1001).report());
    expect(JSON.stringify(run([1001, 2001], 1001).report())).toBe(whole);
    expect(JSON.stringify(run([3, 4, 4, 1000.5, 1001, 1001, 1500, 2001], 1001).report())).toBe(whole);
    expect(JSON.stringify(run([1999, 2000, 2001], 1001).report())).toBe(whole);
  });

  it('an intervention applied at t comes before the events due at t', () => {
    // a 10 s fault on M2 at 1001 s, the instant it would finish a part: the part finishes at the repair, 1011 s
    const ends: number[] = [];
    const observer = {
      unitState() {},
      partMove() {},
      fault() {},
      partEnd: (_p: number, _s: number, _scrap: boolean, t: number) => {
        ends.push(t);
      },
    };
    const sim = createSimulation(line, { seed: 1, observer });
    sim.runUntil(1001);
    expect(sim.apply({ type: 'fault', station: 'M2', duration: 10 })).toBeNull();
    sim.runUntil(1020);
    expect(ends.filter((t) => t >= 997)).toEqual([997, 999, 1011, 1013, 1015, 1017, 1019]);
  });
});
