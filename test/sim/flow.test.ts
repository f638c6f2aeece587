import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../server/sim/simulation.ts';
import type { LineSpec, StationSpec } from '../../server/sim/spec.ts';
import type { SimReport } from '../../server/sim/kpi.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/** Line mechanics with deterministic times, where the exact answer is known. */

function runFor(line: LineSpec, horizon: number, warmup = 0): SimReport {
  const sim = createSimulation(line, { seed: 1, warmup });
  sim.runUntil(horizon);
  return sim.report();
}

function withEdges(stations: StationSpec[], edges: Array<[string, string]>): LineSpec {
  return { name: 'flow test', stations, edges: edges.map(([from, to]) => ({ from, to })) };
}

describe('line mechanics', () => {
  it('blocking after service: a fast machine without a buffer waits for a slow one', () => {
    const r = runFor(
      serial([{ id: 'IN', type: 'source' }, machine('M1', constant(1)), machine('M2', constant(2)), { id: 'OUT', type: 'sink' }]),
      10_000,
      100,
    );
    expect(r.stations.M1!.stateShare.blocked).toBeCloseTo(0.5, 3);
    expect(r.stations.M2!.stateShare.working).toBeCloseTo(1, 3);
    expect(r.throughputPerHour).toBeCloseTo(1800, 0);
  });

  it('a zero-capacity buffer behaves exactly like no buffer', () => {
    const direct = runFor(
      serial([{ id: 'IN', type: 'source' }, machine('M1', constant(1)), machine('M2', constant(2)), { id: 'OUT', type: 'sink' }]),
      10_000,
      100,
    );
    const zero = runFor(
      serial([
        { id: 'IN', type: 'source' },
        machine('M1', constant(1)),
        { id: 'B', type: 'buffer', capacity: 0 },
        machine('M2', constant(2)),
        { id: 'OUT', type: 'sink' },
      ]),
      10_000,
      100,
    );
    expect(zero.throughputPerHour).toBe(direct.throughputPerHour);
    expect(zero.stations.M1!.stateShare).toEqual(direct.stations.M1!.stateShare);
  });

  it('a split to two parallel machines doubles capacity, like one machine with two servers', () => {
    const split = runFor(
      withEdges(
        [{ id: 'IN', type: 'source' }, machine('Ma', constant(2)), machine('Mb', constant(2)), { id: 'OUT', type: 'sink' }],
        [
          ['IN', 'Ma'],
          ['IN', 'Mb'],
          ['Ma', 'OUT'],
          ['Mb', 'OUT'],
        ],
      ),
      10_000,
      100,
    );
    const servers = runFor(
      serial([{ id: 'IN', type: 'source' }, machine('M', constant(2), { servers: 2 }), { id: 'OUT', type: 'sink' }]),
      10_000,
      100,
    );
    // within one part per machine of 3600/h over the window: a part in progress can straddle its edges
    expect(Math.abs(split.throughputPerHour - 3600)).toBeLessThanOrEqual((2 * 3600) / 9900 + 1e-9);
    expect(Math.abs(servers.throughputPerHour - 3600)).toBeLessThanOrEqual((2 * 3600) / 9900 + 1e-9);
    expect(split.stations.Ma!.stateShare.working).toBeCloseTo(1, 3);
    // line OEE counts each parallel machine with the share of parts it sees: both fully used is 100%
    expect(split.oee).toBeCloseTo(1, 3);
    expect(servers.oee).toBeCloseTo(1, 3);
  });

  it('round-robin routing shares parts evenly between idle parallel machines', () => {
    const r = runFor(
      withEdges(
        [
          { id: 'IN', type: 'source', interarrival: constant(1) },
          machine('Ma', constant(0.5)),
          machine('Mb', constant(0.5)),
          { id: 'OUT', type: 'sink' },
        ],
        [
          ['IN', 'Ma'],
          ['IN', 'Mb'],
          ['Ma', 'OUT'],
          ['Mb', 'OUT'],
        ],
      ),
      1000,
    );
    expect(Math.abs(r.stations.Ma!.processed - r.stations.Mb!.processed)).toBeLessThanOrEqual(1);
  });

  it('an assembly takes the given count from each input for every part it makes', () => {
    const line = withEdges(
      [
        { id: 'SA', type: 'source' },
        { id: 'SB', type: 'source' },
        machine('MA', constant(0.5)),
        machine('MB', constant(1)),
        { id: 'BA', type: 'buffer', capacity: 4 },
        { id: 'BB', type: 'buffer', capacity: 4 },
        { ...machine('ASM', constant(0.1)), type: 'assembly', inputs: { BA: 1, BB: 3 } },
        { id: 'OUT', type: 'sink' },
      ],
      [
        ['SA', 'MA'],
        ['SB', 'MB'],
        ['MA', 'BA'],
        ['MB', 'BB'],
        ['BA', 'ASM'],
        ['BB', 'ASM'],
        ['ASM', 'OUT'],
      ],
    );
    const r = runFor(line, 30_000, 1000);
    expect(r.throughputPerHour).toBeCloseTo(1200, -1); // limited by MB: 3 parts of 1 s each per assembly
    expect(Math.abs(r.stations.MB!.processed - 3 * r.stations.ASM!.processed)).toBeLessThanOrEqual(8);
    expect(r.stations.MA!.stateShare.blocked).toBeGreaterThan(0.8);
  });

  it('a conveyor adds length / speed to the lead time and holds at most floor(length / pitch) parts', () => {
    const free = runFor(
      serial([
        { id: 'IN', type: 'source' },
        machine('M1', constant(1)),
        { id: 'C', type: 'conveyor', length: 10, speed: 1, pitch: 0.5 },
        { id: 'OUT', type: 'sink' },
      ]),
      10_000,
      100,
    );
    expect(free.leadTimeMean).toBeCloseTo(11, 6);
    expect(free.throughputPerHour).toBeCloseTo(3600, -1);
    expect(free.stations.C!.levelMean).toBeCloseTo(10, 1); // Little: 1 part/s x 10 s
    // A conveyor carries at most speed / pitch parts per second: here 0.5/s, so it throttles a 1 part/s machine.
    const slow = runFor(
      serial([
        { id: 'IN', type: 'source' },
        machine('M1', constant(1)),
        { id: 'C', type: 'conveyor', length: 10, speed: 0.5, pitch: 1 },
        { id: 'OUT', type: 'sink' },
      ]),
      10_000,
      100,
    );
    expect(slow.throughputPerHour).toBeCloseTo(1800, -1);
    expect(slow.stations.C!.levelMean).toBeCloseTo(10, 1);
    const full = runFor(
      serial([
        { id: 'IN', type: 'source' },
        machine('M1', constant(0.5)),
        { id: 'C', type: 'conveyor', length: 5, speed: 1, pitch: 1 },
        machine('M2', constant(1)),
        { id: 'OUT', type: 'sink' },
      ]),
      10_000,
      100,
    );
    expect(full.stations.C!.levelMax).toBe(5);
    expect(full.stations.C!.levelMean).toBeCloseTo(5, 1);
    expect(full.throughputPerHour).toBeCloseTo(3600, 0);
  });

  it('shifts: the line produces only during planned time, and the rest is off', () => {
    const day = 86400;
    const shifts = [0, 1, 2, 3, 4].map((d) => ({ start: d * day + 6 * 3600, end: d * day + 14 * 3600 }));
    const r = runFor(serial([{ id: 'IN', type: 'source' }, machine('M', constant(1)), { id: 'OUT', type: 'sink' }], { shifts }), 14 * day);
    // two weeks of 5 x 8 h at one part per second; the part due exactly at the end of the last shift finishes
    // when the next shift starts (a shift change at the same instant is handled first), after the horizon
    expect(r.produced.good).toBe(2 * 5 * 8 * 3600 - 1);
    expect(r.stations.M!.stateShare.off).toBeCloseTo(1 - 80 / 336, 9);
    expect(r.oee).toBeCloseTo(1, 5); // planned time excludes the off time
  });

  it('warm-up: statistics cover only the time after it', () => {
    // parts finish at 1, 2, 3... s: those in [1000.5, 5000) are 1001...4999
    const r = runFor(serial([{ id: 'IN', type: 'source' }, machine('M', constant(1)), { id: 'OUT', type: 'sink' }]), 5000, 1000.5);
    expect(r.observedSeconds).toBe(3999.5);
    expect(r.produced.good).toBe(3999);
  });

  it('setups every N parts and preventive maintenance every T operating seconds take their share of time', () => {
    const r = runFor(
      serial([
        { id: 'IN', type: 'source' },
        machine('M', constant(1), { setup: { every: 10, duration: constant(5) }, maintenance: { every: 100, duration: constant(50) } }),
        { id: 'OUT', type: 'sink' },
      ]),
      100_000,
    );
    // per 100 parts: 100 s work, 9 or 10 setups of 5 s, one 50 s maintenance
    const s = r.stations.M!.stateShare;
    expect(s.maintenance / s.working).toBeCloseTo(0.5, 2);
    expect(s.setup / s.working).toBeCloseTo(0.5, 1);
  });
});

describe('inspection with rework', () => {
  it('defective parts loop through rework and come back; the rework share matches the probability', () => {
    const line = withEdges(
      [
        { id: 'IN', type: 'source', interarrival: constant(2) },
        machine('M', constant(1)),
        machine('AOI', constant(0.5), { rework: { probability: 0.2, to: 'RACK' } }),
        // a loop of blocking stations can deadlock (AOI waits for RW, RW for AOI): rework lines have a rack
        { id: 'RACK', type: 'buffer', capacity: Infinity },
        machine('RW', constant(3)),
        { id: 'OUT', type: 'sink' },
      ],
      [
        ['IN', 'M'],
        ['M', 'AOI'],
        ['AOI', 'OUT'],
        ['AOI', 'RACK'],
        ['RACK', 'RW'],
        ['RW', 'AOI'],
      ],
    );
    const r = runFor(line, 200_000, 1000);
    const aoi = r.stations.AOI!;
    // every arrival is eventually good: throughput = arrival rate (a reworked part is inspected again)
    expect(r.throughputPerHour).toBeCloseTo(1800, -1);
    expect(aoi.reworked / aoi.processed).toBeCloseTo(0.2, 2);
    expect(Math.abs(r.stations.RW!.processed - aoi.reworked)).toBeLessThanOrEqual(2);
    expect(aoi.oee.quality).toBeCloseTo(0.8, 2);
    // geometric number of inspections per part: mean 1 / (1 - p) = 1.25
    expect(aoi.processed / r.produced.good).toBeCloseTo(1.25, 2);
    // the most loaded station by ideal time per part is M (1 s per part; RW: 0.25 x 3 s; AOI: 1.25 x 0.5 s);
    // parts arrive every 2 s, so the line runs at half its ideal rate
    expect(r.oee).toBeCloseTo(0.5, 2);
  });
});
