import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../server/sim/simulation.ts';
import type { LineSpec, MachineSpec, StationSpec } from '../../server/sim/spec.ts';
import type { SimReport } from '../../server/sim/kpi.ts';
import { loadScene } from '../../server/scene/index.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/**
 * Line OEE = good parts x ideal line time per good part / planned busy time, where the ideal line time comes from
 * the line's structure: parts piling up inside the line must not move it, so it tracks throughput exactly.
 */

describe('line OEE tracks throughput while work in process builds up', () => {
  // M1 (1 s) feeds M2 (2 s, nameplate 1.5 s) through a buffer that never fills: M1 makes twice what leaves the line.
  // The ideal line time is M2's 1.5 s, so OEE = good x 1.5 s / time, about 0.75, from the first minutes on.
  // (Counting visits from parts finished so far gave M1 two visits per good part and an OEE near 1.)
  const line = serial([
    { id: 'IN', type: 'source' },
    machine('M1', constant(1)),
    { id: 'B', type: 'buffer', capacity: 100_000 },
    machine('M2', constant(2), { idealCycleTime: 1.5 }),
    { id: 'OUT', type: 'sink' },
  ]);

  it('OEE = throughput x ideal line time at every moment, however much WIP there is', () => {
    const sim = createSimulation(line, { seed: 1 });
    for (const t of [100, 1000, 10_000, 50_000]) {
      sim.runUntil(t);
      const r = sim.report();
      expect(r.oee).toBeCloseTo((r.throughputPerHour / 3600) * 1.5, 12);
      expect(r.oee).toBeCloseTo(0.75, 1);
      expect(r.wipMean).toBeGreaterThan(t / 5); // the buffer keeps filling
    }
  });

  it('a scrap change moves the ideal line time: the machine before the scrapping one works more per good part', () => {
    const sim = createSimulation(
      serial([
        { id: 'IN', type: 'source' },
        machine('M1', constant(1)),
        { id: 'B', type: 'buffer', capacity: 10 },
        machine('M2', constant(0.4)),
        { id: 'OUT', type: 'sink' },
      ]),
      { seed: 1, warmup: 100 },
    );
    sim.runUntil(100);
    expect(sim.apply({ type: 'set', station: 'M2', param: 'scrap', value: 0.5 })).toBeNull();
    sim.runUntil(10_100);
    const r = sim.report();
    // now M1 works 2 x 1 s per good part: OEE = good x 2 s / 10,000 s, about 1
    expect(r.oee).toBeCloseTo((r.produced.good * 2) / 10_000, 12);
    expect(r.oee).toBeCloseTo(1, 2);
  });
});

describe('CNC cell: run to failure against preventive maintenance (the preventive-maintenance story)', () => {
  // As scenes/stories/preventive-maintenance.yaml builds its two sides: the machining centres get wear-out failures
  // (Weibull shape 4, scale 30 h of cutting; repairs lognormal 6 h, sd 3 h) and no care (run to failure) or a
  // 30-minute inspection every 12 h of cutting; the story's seed 5, the scene's one-day warm-up.
  const H = 3600;
  async function variant(pm: boolean): Promise<{ line: LineSpec; warmup: number }> {
    const scene = await loadScene('scenes/cnc-cell.yaml');
    const stations: StationSpec[] = scene.line.stations.map((s) => {
      if (!s.id.startsWith('CNC')) return s;
      const { maintenance: _care, ...rest } = s as MachineSpec;
      return {
        ...rest,
        failures: {
          timeToFailure: { dist: 'weibull', shape: 4, scale: 30 * H },
          timeToRepair: { dist: 'lognormal', mean: 6 * H, sd: 3 * H },
          basis: 'operating',
        },
        ...(pm ? { maintenance: { every: 12 * H, duration: constant(30 * 60) } } : {}),
      };
    });
    return { line: { ...scene.line, stations }, warmup: scene.run.warmup };
  }
  async function after(pm: boolean, hours: number): Promise<SimReport> {
    const { line, warmup } = await variant(pm);
    const sim = createSimulation(line, { seed: 5, warmup });
    sim.runUntil(warmup + hours * H);
    return sim.report();
  }

  it('the OEE gap is the throughput gap, early in the show and over 60 days', async () => {
    for (const hours of [18.5, 94, 60 * 24]) {
      const [rtf, pm] = [await after(false, hours), await after(true, hours)];
      // same shifts, same planned time, same ideal line time (the CNCs': 8.5 min x 1/3 x 1.0066 visits per good part)
      expect(pm.oee / rtf.oee).toBeCloseTo(pm.throughputPerHour / rtf.throughputPerHour, 12);
      if (hours === 60 * 24) {
        expect(pm.throughputPerHour / rtf.throughputPerHour).toBeGreaterThan(1.1);
        expect(pm.oee - rtf.oee).toBeGreaterThan(0.08);
      }
    }
  });
});
