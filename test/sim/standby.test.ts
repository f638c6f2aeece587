import { describe, expect, it } from 'vitest';
import type { LineSpec, MachineSpec, PowerSpec } from '../../server/sim/spec.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/**
 * Standby against a hand-computed periodic schedule: a part every 100 s, a 30 s cycle, standby after 20 s starved,
 * a 10 s wake-up. Every period: wake 10 s at 8 kW (booked as working), work 30 s at 10 kW, starved 20 s at 2 kW,
 * standby 40 s at 0.5 kW.
 */

const POWER: PowerSpec = { working: 10, starved: 2, blocked: 2, down: 1, setup: 2, maintenance: 1, off: 0, standby: 0.5 };
const PERIOD = 100;

function line(standby: MachineSpec['standby']): LineSpec {
  return serial([
    { id: 'IN', type: 'source', interarrival: constant(PERIOD) },
    machine('M', constant(30), { power: POWER, ...(standby ? { standby } : {}) }),
    { id: 'OUT', type: 'sink' },
  ]);
}

function run(l: LineSpec, periods: number) {
  const warmup = 10 * PERIOD;
  const sim = createSimulation(l, { seed: 1, replication: 0, warmup });
  sim.runUntil(warmup + periods * PERIOD);
  return sim.report();
}

describe('standby', () => {
  it('a periodic schedule: energy per part, lead time and state shares exactly as by hand', () => {
    const r = run(line({ after: 20, wake: 10, wakePower: 8 }), 500);
    const m = r.stations.M!;
    expect(r.produced.good).toBe(500);
    expect(m.stateShare.working).toBeCloseTo(0.4, 12); // the wake-up is working time that makes nothing
    expect(m.stateShare.starved).toBeCloseTo(0.2, 12);
    expect(m.stateShare.standby).toBeCloseTo(0.4, 12);
    expect(m.oee.performance).toBeCloseTo(30 / 40, 12);
    expect(r.energy.kWhPerGoodPart).toBeCloseTo((10 * 8 + 30 * 10 + 20 * 2 + 40 * 0.5) / 3600, 12);
    expect(m.energyByState!.working).toBeCloseTo((500 * (10 * 8 + 30 * 10)) / 3600, 9);
    expect(m.energyByState!.standby).toBeCloseTo((500 * 40 * 0.5) / 3600, 9);
    expect(r.leadTimeMean).toBeCloseTo(40, 9);
  });

  it('a delay longer than the gaps between parts never sleeps: the line runs as without standby', () => {
    const slow = run(line({ after: 80, wake: 10, wakePower: 8 }), 200);
    const none = run(line(undefined), 200);
    expect(slow.stations.M!.stateShare.standby).toBe(0);
    expect(slow.energy.kWh).toBeCloseTo(none.energy.kWh, 12);
    expect(slow.leadTimeMean).toBeCloseTo(30, 9);
  });

  it('energy = the sum over states of power x time in state, with failures and shifts', () => {
    const l = line({ after: 15, wake: 5, wakePower: 6 });
    (l.stations[1] as MachineSpec).failures = {
      timeToFailure: { dist: 'exponential', mean: 2000 },
      timeToRepair: { dist: 'exponential', mean: 100 },
      basis: 'calendar',
    };
    l.shifts = Array.from({ length: 7 }, (_, d) => ({ start: d * 86_400 + 6 * 3600, end: d * 86_400 + 22 * 3600 }));
    const sim = createSimulation(l, { seed: 4, replication: 0, warmup: 0 });
    sim.runUntil(3 * 86_400 + 1234);
    const m = sim.report().stations.M!;
    const states = Object.keys(POWER) as (keyof PowerSpec)[];
    const total = 3 * 86_400 + 1234;
    const byHand = states.reduce((e, s) => e + (m.stateShare[s] * total * POWER[s]) / 3600, 0);
    // the wake-up is booked as working at its own power: the difference is its (8 - 10) kW x its time
    expect(m.stateShare.standby).toBeGreaterThan(0.1);
    expect(Math.abs(m.energyKWh - byHand)).toBeLessThan((5 * m.processed * 4) / 3600 + 1e-9);
    expect(states.reduce((e, s) => e + m.energyByState![s], 0)).toBeCloseTo(m.energyKWh, 9);
  });
});

describe('standby savings and live changes', () => {
  it('are measured against the same run with standby off, both reported', () => {
    const l = line({ after: 20, wake: 10, wakePower: 8 });
    (l.stations[1] as MachineSpec).power = { ...POWER, standby: 0.1 };
    l.energy = { pricePerKWh: 0.2 };
    const r = run(l, 500);
    const s = r.energy.standbySavings!;
    // per period: with standby 80 + 300 + 40 + 4 kJ, without 300 + 70 x 2 = 440 kJ
    expect(s.without.kWh).toBeCloseTo((500 * 440) / 3600, 9);
    expect(s.kWh).toBeCloseTo((500 * 16) / 3600, 9);
    expect(s.cost).toBeCloseTo(s.kWh * 0.2, 9);
    expect(s.without.good).toBe(r.produced.good);
    expect(run(line(undefined), 10).energy.standbySavings).toBeUndefined();
  });

  it('an operator switches standby on for the whole line and off for one machine, replayed exactly', () => {
    const apply = (sim: ReturnType<typeof createSimulation>) => {
      sim.runUntil(1000);
      expect(sim.apply({ type: 'set', station: '*', param: 'standby', value: { after: 20, wake: 10, wakePower: 8 } })).toBeNull();
      sim.runUntil(21_000);
      expect(sim.apply({ type: 'set', station: 'M', param: 'standby', value: null })).toBeNull();
      sim.runUntil(41_000);
      return sim.report();
    };
    const r = apply(createSimulation(line(undefined), { seed: 1, replication: 0, warmup: 1000 }));
    const m = r.stations.M!;
    expect(m.stateShare.standby).toBeCloseTo(0.2, 2); // half the time under standby, 40 % of that asleep
    expect(r.energy.standbySavings?.kWh).toBeUndefined(); // a line without standby in the scene has no twin
    expect(JSON.stringify(apply(createSimulation(line(undefined), { seed: 1, replication: 0, warmup: 1000 })))).toBe(JSON.stringify(r));
    const sim = createSimulation(line(undefined), { seed: 1, replication: 0, warmup: 0 });
    expect(sim.apply({ type: 'set', station: 'IN', param: 'standby', value: null })).toBe('IN is a source; standby is set on machines');
    expect(sim.apply({ type: 'set', station: 'M', param: 'standby', value: { after: 0, wake: 1, wakePower: 1 } })).toBe(
      'standby needs after > 0 s, wake >= 0 s and wakePower >= 0 kW',
    );
  });
});
