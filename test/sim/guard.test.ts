import { describe, expect, it } from 'vitest';
import { createSimulation, SimulationError } from '../../server/sim/index.ts';
import type { DistSpec } from '../../server/sim/spec.ts';
import { constant, exp, machine, serial, standardLine } from '../helpers/lines.ts';

/** A source into machines with these cycle times, into a sink (no validation: the engine's own guards are tested). */
function line(...cycles: DistSpec[]) {
  return serial([{ id: 'IN', type: 'source' }, ...cycles.map((c, i) => machine(`M${i + 1}`, c)), { id: 'OUT', type: 'sink' }]);
}

function thrown(run: () => unknown): SimulationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SimulationError);
    return error as SimulationError;
  }
  throw new Error('expected a SimulationError');
}

describe('engine guards', () => {
  it('stops a livelock (zero cycle times) with a SimulationError naming the station, instead of looping for ever', () => {
    const sim = createSimulation(line(constant(0), constant(0)), { seed: 1 });
    const error = thrown(() => sim.runUntil(3600));
    expect(error.station).toMatch(/^M[12]$/);
    expect(error.message).toMatch(/^station M[12], M[12]: [\d,]+ events without the simulated clock advancing 1 ms \(at t = 0 s\)/);
    // The simulation refuses to go on, at once, with the same error.
    expect(thrown(() => sim.runUntil(7200))).toBe(error);
  });

  it('stops a vanishing cycle time (1e-200 s) the same way', () => {
    const sim = createSimulation(line(constant(1e-200)), { seed: 1 });
    expect(thrown(() => sim.runUntil(1)).station).toBe('M1');
  });

  it('refuses to schedule a time that is not finite (a lognormal whose parameters overflow): clear message, station named', () => {
    const sim = createSimulation(line(exp(1), { dist: 'lognormal', mean: 1, sd: 1e300 }), { seed: 1 });
    const error = thrown(() => sim.runUntil(3600));
    expect(error.station).toBe('M2');
    expect(error.message).toMatch(/^station M2: the end of a cycle, setup or maintenance was drawn at time NaN \(at t = [\d.]+ s\)/);
    expect(Number.isFinite(sim.now)).toBe(true); // the clock was not corrupted
  });

  it('an event budget returns early at an instant boundary, and the chunks add up to one straight run', () => {
    const straight = createSimulation(standardLine(5), { seed: 7, warmup: 100 });
    straight.runUntil(2000);
    const chunked = createSimulation(standardLine(5), { seed: 7, warmup: 100 });
    let calls = 0;
    while (!chunked.runUntil(2000, 500)) {
      calls++;
      expect(chunked.now).toBeLessThan(2000);
    }
    expect(calls).toBeGreaterThan(10);
    expect(chunked.now).toBe(2000);
    expect(chunked.events).toBe(straight.events);
    expect(chunked.report()).toEqual(straight.report());
  });

  it('a chunk that stops at time s leaves the state of a straight run to s (what a session replay relies on)', () => {
    const chunked = createSimulation(standardLine(3), { seed: 3 });
    expect(chunked.runUntil(1000, 300)).toBe(false);
    const s = chunked.now;
    const straight = createSimulation(standardLine(3), { seed: 3 });
    straight.runUntil(s);
    expect(chunked.events).toBe(straight.events);
    expect(chunked.report()).toEqual(straight.report());
  });
});
