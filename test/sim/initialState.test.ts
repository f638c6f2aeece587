import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { createSimulation, lineStateOf, MACHINE_STATES, type LineState, type SimObserver } from '../../server/sim/index.ts';
import type { LineSpec } from '../../server/sim/spec.ts';
import { studentTQuantile } from '../../server/analysis/studentT.ts';
import { constant, exp, machine, serial } from '../helpers/lines.ts';
import { expectCovers } from '../helpers/replicate.ts';
import { runToFailureState, runToFailureTwin } from '../../server/sim/twin.ts';

/** Starting the engine from a LineState (SimOptions.initial, issue 16): docs/plant.md "Starting from a state". */

const EMPTY_AT_0: LineState = { t: 0, levels: {}, units: {} };
const WORKING = MACHINE_STATES.indexOf('working');

/** An observer that records part completions and repairs (station index, time). */
function recorder(): { observer: SimObserver; done: Array<[number, number]>; repaired: Array<[number, number]> } {
  const done: Array<[number, number]> = [];
  const repaired: Array<[number, number]> = [];
  const observer: SimObserver = {
    unitState: () => {},
    partMove: () => {},
    partEnd: () => {},
    partDone: (station, _unit, _tag, _scrap, t) => done.push([station, t]),
    fault: (station, _unit, kind, t) => {
      if (kind === 'repaired') repaired.push([station, t]);
    },
  };
  return { observer, done, repaired };
}

/** IN (one arrival per 1e9 s: nothing new comes) -> B (capacity) -> M (cycle) -> OUT. */
function drainLine(cycle = constant(1), capacity = 20): LineSpec {
  return serial([
    { id: 'IN', type: 'source', interarrival: constant(1e9) },
    { id: 'B', type: 'buffer', capacity },
    machine('M', cycle),
    { id: 'OUT', type: 'sink' },
  ]);
}

/** A serial line of exponential machines with operating-basis failures and small buffers: memoryless throughout. */
function memorylessLine(): LineSpec {
  const failures = { timeToFailure: exp(60), timeToRepair: exp(8), basis: 'operating' as const };
  return serial([
    { id: 'IN', type: 'source' },
    machine('M1', exp(1), { failures }),
    { id: 'B1', type: 'buffer', capacity: 4 },
    machine('M2', exp(1.2), { failures }),
    { id: 'B2', type: 'buffer', capacity: 3 },
    machine('M3', exp(1), { failures }),
    { id: 'OUT', type: 'sink' },
  ]);
}

describe('starting from a LineState', () => {
  it('(a) the empty state at time 0 gives byte-identical reports to no initial state, on every bundled scene', async () => {
    const files = readdirSync('scenes').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const { line } = await loadScene(`scenes/${file}`);
      const run = (initial?: LineState): string => {
        const sim = createSimulation(line, { seed: 3, warmup: 1800, ...(initial ? { initial } : {}) });
        sim.runUntil(7 * 3600); // past the first shift change (06:00) of the scenes with shifts
        return JSON.stringify(sim.report());
      };
      expect(run(EMPTY_AT_0), file).toBe(run());
    }
  });

  it('every bundled scene forks from a state captured mid-run (shifts, crews, products, standby, wear) and runs on', async () => {
    const files = readdirSync('scenes').filter((f) => f.endsWith('.yaml'));
    for (const file of files) {
      const { line } = await loadScene(`scenes/${file}`);
      const base = createSimulation(line, { seed: 2 });
      base.runUntil(7 * 3600 + 0.5); // Monday 07:00: on shift everywhere, an hour into the first shift
      const state = lineStateOf(base);
      const fork = createSimulation(line, { seed: 3, initial: state });
      const captured = Object.values(state.levels).reduce((a, b) => a + b, 0);
      const onUnits = Object.values(state.units)
        .flat()
        .filter((u) => u.state === 'working' || u.state === 'setup' || u.state === 'blocked').length;
      expect(fork.view.partsCreated(), file).toBe(captured + onUnits);
      fork.runUntil(state.t + 2 * 3600);
      const r = fork.report();
      expect(r.observedSeconds, file).toBe(2 * 3600);
      expect(r.produced.good, file).toBeGreaterThan(0);
      expect(r.produced.good + r.produced.scrap + fork.view.wip(), file).toBeLessThanOrEqual(fork.view.partsCreated());
    }
  });

  it('a unit in maintenance on a line with a run-to-failure twin starts idle in the twin, which never maintains', async () => {
    const { line } = await loadScene('scenes/cnc-cell.yaml');
    const initial: LineState = {
      t: 86400 + 6 * 3600,
      levels: {},
      units: { CNC1: [{ state: 'maintenance' }], CNC2: [{ state: 'down', remaining: 600 }] },
    };
    const sim = createSimulation(line, { seed: 1, initial });
    expect(
      MACHINE_STATES[
        sim.view.unitState(
          sim.view.stations.findIndex((s) => s.id === 'CNC1'),
          0,
        )
      ],
    ).toBe('maintenance');
    sim.runUntil(initial.t + 4 * 3600);
    const r = sim.report();
    expect(r.stations.CNC1!.stateShare.maintenance).toBeGreaterThan(0);
    expect(r.produced.good).toBeGreaterThan(0);
    // the line has a twin, and the twin starts from the state with CNC1 idle, the rest as the line's
    expect(runToFailureTwin(line)).not.toBeNull();
    expect(runToFailureState(initial).units).toEqual({ CNC1: [{ state: 'starved' }], CNC2: [{ state: 'down', remaining: 600 }] });
  });

  it('the tariff is positioned at the state: a fork prices its minutes by the weekly clock', () => {
    const power = { working: 60, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 };
    const line = serial([{ id: 'IN', type: 'source' }, machine('M', constant(1), { power }), { id: 'OUT', type: 'sink' }], {
      energy: { tariff: { windows: [{ days: [1], from: 8 * 3600, to: 9 * 3600, price: 1 }], default: 0.25 } }, // Tuesdays 8-9 h
    });
    const run = (t: number): { kWh: number; cost: number } => {
      const sim = createSimulation(line, { seed: 1, initial: { t, levels: {}, units: { M: [{ state: 'working', remaining: 1 }] } } });
      sim.runUntil(t + 1800);
      const e = sim.report().energy;
      return { kWh: e.kWh, cost: e.cost! };
    };
    const inWindow = run(86400 + 8 * 3600 + 30); // Tuesday 08:00:30, half a minute into a minute
    expect(inWindow.kWh).toBeCloseTo(30, 9); // 60 kW for half an hour
    expect(inWindow.cost).toBeCloseTo(30, 9);
    const after = run(86400 + 9 * 3600);
    expect(after.cost).toBeCloseTo(30 * 0.25, 9);
  });

  it('(b) a buffer starting at level L: parts are conserved and the machine after it works at once', () => {
    const t = 500;
    const { observer, done } = recorder();
    const sim = createSimulation(drainLine(), { seed: 1, observer, initial: { t, levels: { B: 12 }, units: {} } });
    expect(sim.now).toBe(t);
    expect(sim.view.unitState(2, 0)).toBe(WORKING);
    expect(sim.view.level(1)).toBe(11); // one part went straight onto M
    sim.runUntil(t + 5.5);
    expect(done.map(([, at]) => at)).toEqual([t + 1, t + 2, t + 3, t + 4, t + 5]);
    const r = sim.report();
    expect(r.produced.good).toBe(5);
    expect(sim.view.wip()).toBe(7); // 6 in B, 1 on M
    // conservation: created (the L parts count as created) = left + in the line
    expect(sim.view.partsCreated()).toBe(12);
    expect(r.produced.good + r.produced.scrap + sim.view.wip()).toBe(12);
    sim.runUntil(t + 100);
    expect(sim.report().produced.good).toBe(12);
    expect(sim.report().observedSeconds).toBe(100);
    expect(sim.view.wip()).toBe(0);
  });

  it('(c) a unit starting down with remaining r is repaired at exactly t + r; one working with r finishes at t + r', () => {
    const t = 1234.5;
    const line = serial([
      { id: 'IN', type: 'source' },
      machine('M1', constant(10), { failures: { timeToFailure: exp(1e9), timeToRepair: exp(30), basis: 'operating' } }),
      { id: 'B', type: 'buffer', capacity: 3 },
      machine('M2', constant(10)),
      { id: 'OUT', type: 'sink' },
    ]);
    const { observer, done, repaired } = recorder();
    const sim = createSimulation(line, {
      seed: 9,
      observer,
      initial: { t, levels: { B: 2 }, units: { M1: [{ state: 'down', remaining: 7.25 }], M2: [{ state: 'working', remaining: 3.5 }] } },
    });
    expect(sim.view.unitDown(1, 0)).toBe(true);
    sim.runUntil(t + 30);
    expect(repaired).toEqual([[1, t + 7.25]]);
    // M2 finishes its part at t + 3.5, then takes the next from B: full cycles of 10 s
    expect(done.filter(([s]) => s === 3).map(([, at]) => at)).toEqual([t + 3.5, t + 13.5, t + 23.5]);
    // M1, repaired at t + 7.25, starts a new part then: done at t + 17.25 and t + 27.25
    expect(done.filter(([s]) => s === 1).map(([, at]) => at)).toEqual([t + 17.25, t + 27.25]);
  });

  it('(c) blocked units push at once, setup and maintenance run their remaining time, and the shift calendar is positioned', () => {
    const line = serial(
      [
        { id: 'IN', type: 'source' },
        machine('M1', constant(4), { setup: { every: 1000, duration: constant(60) } }),
        machine('M2', constant(4), { maintenance: { every: 1e9, duration: constant(50) } }),
        machine('M3', constant(4)),
        { id: 'OUT', type: 'sink' },
      ],
      { shifts: [{ start: 0, end: 8 * 3600 }] }, // Monday 0-8 h, week after week
    );
    const week = 7 * 86400;
    const t = week + 8 * 3600 - 2; // two seconds before Monday's shift ends, in the second week
    const { observer, done } = recorder();
    const sim = createSimulation(line, {
      seed: 1,
      observer,
      initial: {
        t,
        levels: {},
        units: { M1: [{ state: 'setup', remaining: 1 }], M2: [{ state: 'maintenance', remaining: 5 }], M3: [{ state: 'blocked' }] },
      },
    });
    sim.runUntil(t + 0.5);
    expect(done).toEqual([]); // M3's part went to the sink at once, M3 is idle now
    expect(sim.report().produced.good).toBe(1);
    expect(MACHINE_STATES[sim.view.unitState(1, 0)]).toBe('setup');
    sim.runUntil(t + 3);
    expect(MACHINE_STATES[sim.view.unitState(1, 0)]).toBe('off'); // the shift ended at t + 2
    // next Monday: M1's setup ended at t + 1 and its 4 s part had 1 s before the break, 3 s after it
    sim.runUntil(2 * week + 2);
    expect(done).toEqual([]);
    expect(MACHINE_STATES[sim.view.unitState(2, 0)]).toBe('maintenance'); // 5 s: 2 s last week, 3 s now
    sim.runUntil(2 * week + 10);
    expect(done.filter(([s]) => s === 1).map(([, at]) => at)).toEqual([2 * week + 3, 2 * week + 7]);
    expect(MACHINE_STATES[sim.view.unitState(2, 0)]).not.toBe('maintenance');
  });

  it('(d) the same state and seed give identical reports; lineStateOf of a fork at its start is the state it was given', () => {
    const line = memorylessLine();
    const base = createSimulation(line, { seed: 4 });
    base.runUntil(777);
    const state = lineStateOf(base);
    const run = (): string => {
      const sim = createSimulation(line, { seed: 11, initial: state });
      sim.runUntil(3000);
      return JSON.stringify(sim.report());
    };
    expect(run()).toBe(run());
    expect(
      Object.values(state.units)
        .flat()
        .map((u) => u.state),
    ).toContain('working');
    const fork = createSimulation(line, { seed: 11, initial: state });
    const again = lineStateOf(fork);
    expect(again.t).toBe(state.t);
    expect(again.levels).toEqual(state.levels);
    expectSameUnits(again.units, state.units);
  });

  it('(e) forks from a captured state match continuing runs over [T, T + H] (paired, 99%)', () => {
    const line = memorylessLine();
    const T = 600,
      H = 40,
      n = 500;
    const continued: number[] = [];
    const forked: number[] = [];
    const empty: number[] = [];
    for (let r = 0; r < n; r++) {
      const base = createSimulation(line, { seed: 31, replication: r, warmup: T });
      base.runUntil(T);
      const state = lineStateOf(base);
      base.runUntil(T + H);
      continued.push(base.report().produced.good);
      const fork = createSimulation(line, { seed: 32, replication: r, initial: state });
      fork.runUntil(T + H);
      forked.push(fork.report().produced.good);
      const cold = createSimulation(line, { seed: 32, replication: r, initial: { t: T, levels: {}, units: {} } });
      cold.runUntil(T + H);
      empty.push(cold.report().produced.good);
    }
    const paired = (a: number[], b: number[]): { mean: number; half: number } => {
      const d = a.map((x, i) => x - b[i]!);
      const mean = d.reduce((s, x) => s + x, 0) / n;
      const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
      return { mean, half: (studentTQuantile(0.995, n - 1) * sd) / Math.sqrt(n) };
    };
    const same = paired(continued, forked);
    expect(Math.abs(same.mean), `continue - fork = ${same.mean} ± ${same.half}`).toBeLessThanOrEqual(same.half);
    expect(same.half).toBeLessThan(2); // parts over 40 s (about 25): a narrow interval
    // the test has power: an empty line at T makes clearly fewer parts over the same window
    const cold = paired(continued, empty);
    expect(cold.mean - cold.half, `continue - empty = ${cold.mean} ± ${cold.half}`).toBeGreaterThan(0);
  });

  it('(e) theory: an exponential machine drains a full unlimited buffer of L parts in L mean cycles', () => {
    const L = 20;
    const line = serial([
      { id: 'IN', type: 'source', interarrival: constant(1e9) },
      { id: 'B', type: 'buffer', capacity: Infinity },
      machine('M', exp(1.5)),
      { id: 'OUT', type: 'sink' },
    ]);
    const drain: number[] = [];
    for (let r = 0; r < 200; r++) {
      let last = 0;
      const observer: SimObserver = {
        unitState: () => {},
        partMove: () => {},
        partEnd: (_p, _s, _scrap, t) => (last = t),
        fault: () => {},
      };
      const sim = createSimulation(line, { seed: 5, replication: r, observer, initial: { t: 100, levels: { B: L }, units: {} } });
      sim.runUntil(100 + 1000);
      expect(sim.report().produced.good).toBe(L);
      drain.push(last - 100);
    }
    expectCovers(drain, L * 1.5, 0.1); // a sum of L exponentials: mean L x 1.5 s
  });

  it('warm-up is an absolute time: before the state it changes nothing, after it statistics restart there', () => {
    const line = drainLine();
    const initial: LineState = { t: 1000, levels: { B: 20 }, units: {} };
    const none = createSimulation(line, { seed: 1, initial });
    const early = createSimulation(line, { seed: 1, initial, warmup: 500 });
    const late = createSimulation(line, { seed: 1, initial, warmup: 1010.5 });
    for (const sim of [none, early, late]) sim.runUntil(1030);
    expect(JSON.stringify(early.report())).toBe(JSON.stringify(none.report()));
    expect(none.report().produced.good).toBe(20);
    expect(late.report().observedSeconds).toBe(19.5);
    expect(late.report().produced.good).toBe(10); // parts reaching the sink at 1011 ... 1020
  });

  it('conveyor parts are spread over the belt and leave in order', () => {
    const line = serial([
      { id: 'IN', type: 'source', interarrival: constant(1e9) },
      { id: 'C', type: 'conveyor', length: 8, speed: 1, pitch: 1 },
      { id: 'OUT', type: 'sink' },
    ]);
    const ends: number[] = [];
    const observer: SimObserver = {
      unitState: () => {},
      partMove: () => {},
      partEnd: (_p, _s, _scrap, t) => ends.push(t),
      fault: () => {},
    };
    const sim = createSimulation(line, { seed: 1, observer, initial: { t: 10, levels: { C: 4 }, units: {} } });
    sim.runUntil(30);
    expect(ends).toEqual([11, 13, 15, 17]); // transit 8 s, 4 parts: at (i + 1/2) x 2 s
  });

  it('(f) a state that does not fit the line is refused with the station and the problem', () => {
    const line = drainLine();
    const refuse = (initial: LineState, message: RegExp): void => {
      expect(() => createSimulation(line, { seed: 1, initial })).toThrow(message);
    };
    refuse({ t: 0, levels: { B9: 1 }, units: {} }, /unknown station B9/);
    refuse({ t: 0, levels: { B: 21 }, units: {} }, /B: level 21 is above its capacity of 20/);
    refuse({ t: 0, levels: { M: 1 }, units: {} }, /M is a machine, not a buffer or conveyor/);
    refuse({ t: 0, levels: { B: 1.5 }, units: {} }, /B: level 1.5 is not a whole number/);
    refuse({ t: 0, levels: {}, units: { M: [{ state: 'starved' }, { state: 'starved' }] } }, /M: 2 units given, it has 1 server$/);
    refuse(
      { t: 0, levels: {}, units: { M: [{ state: 'working', remaining: -1 }] } },
      /M unit 0: remaining -1 s must be a finite time >= 0/,
    );
    refuse(
      { t: 0, levels: {}, units: { M: [{ state: 'working', product: 'cola' }] } },
      /M unit 0: unknown product "cola" \(the line has no products\)/,
    );
    refuse({ t: 0, levels: {}, units: { B: [{ state: 'working' }] } }, /B is a buffer: only machines/);
    refuse({ t: 0, levels: {}, units: { X: [{ state: 'working' }] } }, /unknown station X/);
    refuse({ t: 0, levels: {}, units: { M: [{ state: 'setup' }] } }, /M unit 0: setup needs `remaining`/);
    refuse({ t: 0, levels: {}, units: { M: [{ state: 'down' }] } }, /M unit 0: down needs `remaining`: the station has no failures/);
    refuse({ t: -5, levels: {}, units: {} }, /t = -5 must be a finite time/);
    refuse({ t: 0, levels: {}, units: { M: [{ state: 'broken' as 'down' }] } }, /M unit 0: unknown state "broken"/);
  });

  it('(f) products: a unit takes the named product, store parts follow the release mix', () => {
    const line: LineSpec = {
      ...drainLine(),
      products: [
        { id: 'a', share: 0.75, color: '#ff0000' },
        { id: 'b', share: 0.25, color: '#00ff00' },
      ],
    };
    expect(() =>
      createSimulation(line, { seed: 1, initial: { t: 0, levels: {}, units: { M: [{ state: 'working', product: 'c' }] } } }),
    ).toThrow(/M unit 0: unknown product "c" \(products: a, b\)/);
    const sim = createSimulation(line, {
      seed: 1,
      initial: { t: 0, levels: { B: 8 }, units: { M: [{ state: 'blocked', product: 'b' }] } },
    });
    sim.runUntil(100);
    const products = sim.report().products!;
    expect(products.a!.good).toBe(6);
    expect(products.b!.good).toBe(3);
  });
});

/** The same units in the same states with the same products, and the same time left where the state gave one. */
function expectSameUnits(actual: LineState['units'], expected: LineState['units']): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [id, units] of Object.entries(expected)) {
    units.forEach((u, k) => {
      const a = actual[id]![k]!;
      expect({ state: a.state, product: a.product }, `${id} unit ${k}`).toEqual({ state: u.state, product: u.product });
      if (u.remaining !== undefined) expect(a.remaining).toBeCloseTo(u.remaining, 9);
    });
  }
}
