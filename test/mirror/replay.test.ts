import { beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { readPlantLog } from '../../server/plantlog/read.ts';
import type { PlantEvent } from '../../server/plantlog/event.ts';
import { createMirror, createSimulation, MACHINE_STATES, type MachineSpec, type SimReport } from '../../server/sim/index.ts';

/**
 * The mirror fed the bundled log (three hours of scenes/two-machine.yaml, seed 1, no warm-up) reports what the log
 * says, computed here straight from its events, and what the simulation that wrote the log reported.
 */

const LOG = 'scenes/logs/two-machine.jsonl';
const HORIZON = 3 * 3600;
const scene = await loadScene('scenes/two-machine.yaml');
const log = await readPlantLog(LOG);

/** Replays the log into a fresh mirror, advancing the clock in `steps` (simulated seconds, cycled). */
function replay(steps: number[], maxEvents = Infinity): SimReport {
  const mirror = createMirror(scene.line);
  for (const e of log.events) expect(mirror.feed(e)).toBeNull();
  let k = 0;
  while (mirror.now < HORIZON) mirror.runUntil(Math.min(HORIZON, mirror.now + steps[k++ % steps.length]!), maxEvents);
  return mirror.report();
}

/** What the log says of one machine, computed from its events alone. */
function fromLog(events: PlantEvent[], station: string) {
  const time = new Map<string, number>();
  let state = 'starved';
  let since = 0;
  let good = 0;
  let scrap = 0;
  let failures = 0;
  for (const e of events) {
    if (e.station !== station) continue;
    if (e.event === 'state') {
      time.set(state, (time.get(state) ?? 0) + e.t - since);
      state = e.state;
      since = e.t;
    } else if (e.event === 'part') {
      if (e.result === 'good') good++;
      else scrap++;
    } else if (e.event === 'fault' && e.cause === 'failure') failures++;
  }
  time.set(state, (time.get(state) ?? 0) + HORIZON - since);
  const share = (s: string): number => (time.get(s) ?? 0) / HORIZON;
  const working = time.get('working') ?? 0;
  const planned = HORIZON - (time.get('off') ?? 0) - (time.get('maintenance') ?? 0);
  const ideal = (scene.line.stations.find((s) => s.id === station) as MachineSpec).idealCycleTime;
  const availability = working / planned;
  const performance = ((good + scrap) * ideal) / working;
  const quality = good / (good + scrap);
  return { share, good, scrap, failures, oee: availability * performance * quality, availability, performance, quality };
}

/** Time-weighted mean and max of a store's level events. */
function levelFromLog(events: PlantEvent[], station: string): { mean: number; max: number } {
  let level = 0;
  let since = 0;
  let area = 0;
  let max = 0;
  for (const e of events) {
    if (e.station !== station || e.event !== 'level') continue;
    area += level * (e.t - since);
    level = e.level;
    since = e.t;
    max = Math.max(max, level);
  }
  return { mean: (area + level * (HORIZON - since)) / HORIZON, max };
}

describe('a mirror replaying the bundled two-machine log', () => {
  let report: SimReport;
  beforeAll(() => {
    report = replay([HORIZON]);
  });

  it('reports per machine the counts, failures, state shares and OEE computed straight from the log', () => {
    for (const id of ['M1', 'M2']) {
      const s = report.stations[id]!;
      const direct = fromLog(log.events, id);
      expect(s.good).toBe(direct.good);
      expect(s.scrap).toBe(direct.scrap);
      expect(s.failures).toBe(direct.failures);
      for (const state of MACHINE_STATES) expect(s.stateShare[state]).toBeCloseTo(direct.share(state), 9);
      expect(s.oee.availability).toBeCloseTo(direct.availability, 9);
      expect(s.oee.performance).toBeCloseTo(direct.performance, 9);
      expect(s.oee.quality).toBeCloseTo(direct.quality, 9);
      expect(s.oee.oee).toBeCloseTo(direct.oee, 9);
    }
    expect(report.stations['M1']!.failures).toBeGreaterThan(50);
    expect(report.stations['M2']!.scrap).toBeGreaterThan(0);
  });

  it("reports the buffer's mean and max level and the line's throughput from the log", () => {
    const level = levelFromLog(log.events, 'B1');
    expect(report.stations['B1']!.levelMean).toBeCloseTo(level.mean, 9);
    expect(report.stations['B1']!.levelMax).toBe(level.max);
    const shipped = fromLog(log.events, 'M2').good; // M2 hands its good parts straight to the sink
    expect(report.produced.good).toBe(shipped);
    expect(report.throughputPerHour).toBeCloseTo(shipped / 3, 9);
  });

  it('equals the report of the simulation that wrote the log: counts, failures, state shares, levels, OEE, bottleneck', () => {
    const sim = createSimulation(scene.line, { seed: 1, warmup: 0 });
    sim.runUntil(HORIZON);
    const model = sim.report();
    expect(report.produced).toEqual(model.produced);
    expect(report.oee).toBeCloseTo(model.oee, 9);
    expect(report.bottleneck).toBe(model.bottleneck);
    expect(report.energy.kWh).toBeCloseTo(model.energy.kWh, 6);
    for (const id of ['M1', 'B1', 'M2']) {
      const a = report.stations[id]!;
      const b = model.stations[id]!;
      expect([a.processed, a.good, a.scrap, a.failures, a.levelMax]).toEqual([b.processed, b.good, b.scrap, b.failures, b.levelMax]);
      expect(a.levelMean).toBeCloseTo(b.levelMean, 9);
      expect(a.mttrObserved).toBeCloseTo(b.mttrObserved, 6);
      expect(a.bottleneckShare).toBeCloseTo(b.bottleneckShare, 9);
      for (const state of MACHINE_STATES) expect(a.stateShare[state]).toBeCloseTo(b.stateShare[state], 9);
    }
  });

  it('gives the identical report however the replay is sliced (speeds, event budgets)', () => {
    expect(replay([1])).toEqual(report);
    expect(replay([37.5, 0.25, 600], 100)).toEqual(report);
  });
});

describe('a mirror refuses what does not fit the line and every intervention', () => {
  it('says why an event is refused and books nothing', () => {
    const mirror = createMirror(scene.line, { name: 'the test line' });
    expect(mirror.feed({ t: 1, station: 'NOPE', event: 'repair', unit: 0 })).toMatch(/no station "NOPE"/);
    expect(mirror.feed({ t: 1, station: 'B1', event: 'level', level: 6 })).toMatch(/holds 0 to 5 parts/);
    expect(mirror.feed({ t: 1, station: 'B1', event: 'state', unit: 0, state: 'working' })).toMatch(/for machines/);
    expect(mirror.feed({ t: 1, station: 'M1', event: 'state', unit: 1, state: 'working' })).toMatch(/not unit 1/);
    expect(mirror.pending).toBe(0);
    expect(mirror.apply({ type: 'fault', station: 'M1' })).toMatch(/mirrors the test line.*fork a what-if/);
  });

  it("refuses to run to the end of time (max speed past a replay's end)", () => {
    const mirror = createMirror(scene.line, { name: 'the test line' });
    expect(() => mirror.runUntil(Infinity)).toThrow(/a mirror of the test line cannot run to time Infinity/);
    expect(mirror.now).toBe(0);
  });

  it("books late news at the mirror's clock", () => {
    const mirror = createMirror(scene.line);
    mirror.runUntil(100);
    expect(mirror.feed({ t: 10, station: 'M1', event: 'state', unit: 0, state: 'working' })).toBeNull();
    mirror.runUntil(200);
    expect(mirror.report().stations['M1']!.stateShare.working).toBeCloseTo(0.5, 12);
  });
});
