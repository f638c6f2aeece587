import { describe, expect, it } from 'vitest';
import type { LineSpec, MachineSpec, PowerSpec } from '../../server/sim/spec.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import { constant, machine, serial, standardLine } from '../helpers/lines.ts';

/**
 * The line's meter against hand-computed values: a time-of-use tariff over a week boundary, the demand peak of a
 * periodic schedule, an hourly CO2 profile, and energy = the per-state bookings plus the base load.
 */

const HOUR = 3600;
const DAY = 86_400;
const POWER: PowerSpec = { working: 10, starved: 2, blocked: 2, down: 1, setup: 2, maintenance: 1, off: 0, standby: 0 };

function run(line: LineSpec, horizon: number, warmup = 0) {
  const sim = createSimulation(line, { seed: 1, replication: 0, warmup });
  sim.runUntil(horizon);
  return sim.report();
}

/** One machine that works without a break: 10 kW from time 0 (Monday 00:00). */
function busy(energy: LineSpec['energy'], extra: Partial<MachineSpec> = {}): LineSpec {
  return serial([{ id: 'IN', type: 'source' }, machine('M', constant(30), { power: POWER, ...extra }), { id: 'OUT', type: 'sink' }], {
    energy,
  });
}

describe('the meter', () => {
  it('a tariff: cost = sum over its windows of power x hours x price, across a week boundary', () => {
    const tariff = { windows: [{ days: [0, 1, 2, 3, 4], from: 7 * HOUR, to: 21 * HOUR, price: 0.24 }], default: 0.12 };
    const r = run(busy({ tariff }), 8 * DAY); // Monday to the next Monday, whole
    const peakHours = 6 * 14; // five weekdays and the second Monday, 07:00-21:00
    expect(r.energy.kWh).toBeCloseTo(10 * 192, 9);
    expect(r.energy.cost).toBeCloseTo(10 * (peakHours * 0.24 + (192 - peakHours) * 0.12), 9);
    expect(r.energy.costPerGoodPart).toBeCloseTo(r.energy.cost! / r.produced.good, 12);
  });

  it('a window past midnight prices the night, and a run that stops mid-minute prices its part minute', () => {
    const tariff = { windows: [{ days: [0], from: 22 * HOUR, to: 6 * HOUR, price: 0.05 }], default: 0.2 };
    const r = run(busy({ tariff }), DAY + 2 * HOUR + 30); // to Tuesday 02:00:30
    // Monday 22:00 to Tuesday 02:00:30 at 0.05, the rest at 0.2
    const night = 4 + 30 / HOUR;
    expect(r.energy.cost).toBeCloseTo(10 * (night * 0.05 + 22 * 0.2), 9);
  });

  it('the demand peak of a periodic schedule: 10 min at 10 kW, 10 min at 2 kW; any 15 min hold at most 110 kWmin', () => {
    const line: LineSpec = serial(
      [
        { id: 'IN', type: 'source', interarrival: constant(20 * 60) },
        machine('M', constant(10 * 60), { power: POWER }),
        { id: 'OUT', type: 'sink' },
      ],
      { energy: { demandCharge: { perKW: 12, window: 15 * 60 } } },
    );
    const r = run(line, DAY);
    expect(r.energy.peakWindowKW).toBeCloseTo((10 * 10 + 5 * 2) / 15, 9);
    expect(r.energy.demandCharge).toBeCloseTo((12 * 110) / 15, 9);
    // the first part arrives at 00:20: the window 00:15-00:30 holds 5 idle minutes and its 10 working minutes
    expect(r.energy.peakWindowEnd).toBe(30 * 60);
  });

  it('an hourly CO2 profile weighs each hour', () => {
    const profile = Array.from({ length: 24 }, (_, h) => 0.2 + h / 100);
    const r = run(busy({ co2PerKWh: profile }), DAY);
    expect(r.energy.co2Kg).toBeCloseTo(
      profile.reduce((a, c) => a + 10 * c, 0),
      9,
    );
    expect(r.energy.co2PerGoodPart).toBeCloseTo(r.energy.co2Kg! / r.produced.good, 12);
  });

  it('energy = the stations per-state bookings + the base load, drawn only while a shift is on', () => {
    const line = standardLine(4);
    line.shifts = Array.from({ length: 7 }, (_, d) => ({ start: d * DAY + 6 * HOUR, end: d * DAY + 22 * HOUR }));
    line.energy = { baseLoad: 20, pricePerKWh: 0.15 };
    const r = run(line, 3 * DAY + 5 * HOUR + 17, DAY);
    const stations = Object.values(r.stations).reduce((a, s) => a + s.energyKWh, 0);
    // measured from Tuesday 00:00: Tue and Wed 16 h each, Thu 06:00-05:00:17 is off
    expect(r.energy.baseLoadKWh).toBeCloseTo(20 * 32, 9);
    expect(r.energy.kWh).toBeCloseTo(stations + r.energy.baseLoadKWh!, 6);
    expect(r.energy.baseLoadShare).toBeCloseTo(r.energy.baseLoadKWh! / r.energy.kWh, 12);
    expect(r.energy.cost).toBeCloseTo(r.energy.kWh * 0.15, 6);
  });

  it('a line without a meter reports energy as before', () => {
    const r = run(standardLine(2), DAY);
    expect(Object.keys(r.energy).sort()).toEqual(['kWh', 'kWhPerGoodPart', 'peakKW', 'powerNowKW']);
  });
});

describe('conveyor power', () => {
  it('a belt runs while it holds a part: energy = running kW x time occupied + stopped kW x time empty', () => {
    // a part every 100 s crosses a 40 s belt alone: 40 % of the time running
    const line = serial([
      { id: 'IN', type: 'source', interarrival: constant(100) },
      { id: 'CV', type: 'conveyor', length: 20, speed: 0.5, pitch: 0.5, power: { running: 0.75, stopped: 0.05 } },
      { id: 'OUT', type: 'sink' },
    ]);
    const r = run(line, DAY, HOUR);
    const hours = (DAY - HOUR) / 3600;
    expect(r.stations.CV!.energyKWh).toBeCloseTo(hours * (0.4 * 0.75 + 0.6 * 0.05), 6);
    expect(r.energy.kWh).toBeCloseTo(r.stations.CV!.energyKWh, 12);
  });

  it('is metered with the machines', () => {
    const line = serial(
      [
        { id: 'IN', type: 'source', interarrival: constant(100) },
        { id: 'CV', type: 'conveyor', length: 20, speed: 0.5, pitch: 0.5, power: { running: 0.75, stopped: 0.05 } },
        { id: 'OUT', type: 'sink' },
      ],
      { energy: { pricePerKWh: 0.2 } },
    );
    const r = run(line, DAY);
    expect(r.energy.cost).toBeCloseTo(r.stations.CV!.energyKWh * 0.2, 9);
  });
});

describe('conveyor power outside shifts', () => {
  it('a belt stands at its stopped power while the line is off, loaded or not', () => {
    const line = serial([
      { id: 'IN', type: 'source', interarrival: constant(100) },
      { id: 'CV', type: 'conveyor', length: 20, speed: 0.5, pitch: 0.5, power: { running: 0.75, stopped: 0.05 } },
      { id: 'OUT', type: 'sink' },
    ]);
    line.shifts = Array.from({ length: 7 }, (_, d) => ({ start: d * DAY, end: d * DAY + 8 * HOUR }));
    const r = run(line, 2 * DAY);
    const expected = 2 * (8 * (0.4 * 0.75 + 0.6 * 0.05) + 16 * 0.05);
    expect(Math.abs(r.stations.CV!.energyKWh - expected)).toBeLessThan(0.03); // the part on the belt at 08:00, each day
  });

  it('a belt whose parts wait at a machine that is off stands all night', () => {
    // the belt fills behind a slow machine; at 08:00 the machine stops with the belt full: 16 h at stopped power
    const line = serial([
      { id: 'IN', type: 'source' },
      { id: 'CV', type: 'conveyor', length: 5, speed: 0.5, pitch: 0.5, power: { running: 1, stopped: 0 } },
      machine('M', constant(60)),
      { id: 'OUT', type: 'sink' },
    ]);
    line.shifts = Array.from({ length: 7 }, (_, d) => ({ start: d * DAY, end: d * DAY + 8 * HOUR }));
    const r = run(line, 2 * DAY);
    expect(r.stations.CV!.energyKWh).toBeCloseTo(2 * 8, 6); // full, so running, on shift only
  });
});

describe('the meter at the end of the warm-up', () => {
  it('keeps the demand window full but counts energy and cost from the warm-up on, mid-minute too', () => {
    const r = run(busy({ demandCharge: { perKW: 1, window: 15 * 60 }, pricePerKWh: 1 }), 2 * HOUR, 90);
    expect(r.energy.peakWindowKW).toBeCloseTo(10, 9); // a constant 10 kW in every window, the first one included
    expect(r.energy.kWh).toBeCloseTo((10 * (2 * HOUR - 90)) / HOUR, 9);
    expect(r.energy.cost).toBeCloseTo(r.energy.kWh, 9);
  });
});
