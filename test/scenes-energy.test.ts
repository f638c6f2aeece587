import { describe, expect, it } from 'vitest';
import { loadScene } from '../server/scene/index.ts';
import { runReplication, settingsFor } from '../server/scene/run.ts';
import { createSimulation, type SimReport } from '../server/sim/index.ts';
import { loadStory, type StoryVariant } from '../server/training/story.ts';
import { compareKpis, costPerGoodPart, formatCostPerPart } from '../src/presentation/compare.ts';
import type { KpiFrame } from '../server/protocol/events.ts';

/**
 * The bundled energy content of issue 14 says things in front of engineers and customers: the story "standby and
 * tariff-aware shifts" (scenes/stories/standby-and-tariff.yaml) claims in its header and captions what standby and
 * a night shift do to energy and cost per body on seed 60, and the body shop's standby saves energy without
 * costing output. The presentation compares cost per part next to energy per part.
 */

const H = 3600;
const CELLS = ['RESPOT', 'ROOF', 'CLOSURES', 'SEAL', 'INSPECT'];

describe('story standby-and-tariff', () => {
  it('on its seed: energy per body about 0.5 % lower, cost per body a sixth lower, the same output; each caption true while it shows', async () => {
    const story = await loadStory('scenes/stories/standby-and-tariff.yaml');
    expect(story.seed).toBe(60);
    // the sides differ in standby and in the shift calendar only
    const standbyOf = (side: StoryVariant, id: string): unknown =>
      (side.scene.line.stations.find((s) => s.id === id) as { standby?: unknown } | undefined)?.standby;
    for (const id of CELLS) {
      expect(standbyOf(story.before, id), id).toBeUndefined();
      expect(standbyOf(story.after, id), id).toMatchObject({ after: 60 });
    }
    expect(story.after.scene.line.shifts).not.toEqual(story.before.scene.line.shifts);
    const sims = [story.before, story.after].map((side) => {
      const sim = createSimulation(side.scene.line, { seed: story.seed, warmup: story.info.start });
      for (const change of side.changes) expect(sim.apply(change)).toBeNull();
      return sim;
    });
    const at = (t: number): [SimReport, SimReport] =>
      sims.map((sim) => {
        sim.runUntil(story.info.start + t);
        return sim.report();
      }) as [SimReport, SimReport];
    const cost = (r: SimReport): number => r.energy.costPerGoodPart!;

    // 06:00 on Tuesday: the night side has made bodies, the day side none yet
    let [b, a] = at(6 * H);
    expect(b.produced.good).toBe(0);
    expect(a.produced.good).toBeGreaterThan(200);
    // Wednesday 14:00-22:00: the day side works, the night side is off
    const [b14, a14] = at(38 * H);
    [b, a] = at(46 * H);
    expect(b.produced.good).toBeGreaterThan(b14.produced.good + 100);
    expect(a.produced.good).toBe(a14.produced.good);
    // Thursday 06:00: cells have been in standby on the after side only
    [b, a] = at(54 * H);
    const standby = (r: SimReport): number => CELLS.reduce((n, id) => n + r.stations[id]!.stateShare.standby, 0);
    expect(standby(b)).toBe(0);
    expect(standby(a)).toBeGreaterThan(0.05);
    // from Thursday noon: cost per body about a sixth lower, energy per body within 2 %
    for (let t = 84 * H; t <= story.info.duration; t += 6 * H) {
      [b, a] = at(t);
      expect(cost(a), `${t / H} h`).toBeLessThan(cost(b) * 0.86);
      expect(Math.abs(a.energy.kWhPerGoodPart / b.energy.kWhPerGoodPart - 1), `${t / H} h`).toBeLessThan(0.02);
    }
    // the last caption and the header, on seed 60: energy per body -0.5 %, cost per body -16.6 %, output -0.4 %
    [b, a] = at(story.info.duration);
    const energy = a.energy.kWhPerGoodPart / b.energy.kWhPerGoodPart - 1;
    const costChange = cost(a) / cost(b) - 1;
    expect(energy).toBeLessThan(-0.003);
    expect(energy).toBeGreaterThan(-0.01); // "under 1 % lower"
    expect(energy).toBeCloseTo(-0.005, 3);
    expect(costChange).toBeCloseTo(-0.166, 3);
    expect(costChange).toBeLessThan(energy); // they move apart: cost falls by more
    expect(Math.abs(a.produced.good / b.produced.good - 1)).toBeLessThan(0.01); // output within 1 %
    expect([b.produced.good, a.produced.good]).toEqual([3756, 3740]);
    expect(b.energy.kWhPerGoodPart).toBeCloseTo(9.52, 2);
    expect(a.energy.kWhPerGoodPart).toBeCloseTo(9.47, 2);
    // the base load moved with the shift: the same hours on both sides
    expect(a.energy.baseLoadKWh).toBeCloseTo(b.energy.baseLoadKWh!, 6);
  });
});

describe('the body shop with its standby', () => {
  it('saves energy against the same run without standby and costs under 0.5 % of output over its four weeks', async () => {
    const scene = await loadScene('scenes/automotive-body.yaml');
    const r = runReplication(scene, { ...settingsFor(scene, {}), replication: 0 });
    const s = r.energy.standbySavings!;
    expect(s.kWh).toBeGreaterThan(500);
    expect(r.energy.kWhPerGoodPart).toBeLessThan(s.without.kWhPerGoodPart);
    expect(r.produced.good).toBeGreaterThan(s.without.good * 0.995);
    for (const id of CELLS) expect(r.stations[id]!.stateShare.standby, id).toBeGreaterThan(0);
    for (const id of ['UB_GEO', 'SF_L', 'FRAME']) expect(r.stations[id]!.stateShare.standby, id).toBe(0);
  });
});

describe('the presentation compares cost per part', () => {
  const frame = (good: number, kWhPerGoodPart: number, cost?: number): KpiFrame =>
    ({
      t: 0,
      throughputPerHour: 22,
      good,
      scrap: 0,
      oee: 0.84,
      kWhPerGoodPart,
      ...(cost === undefined ? {} : { meter: { cost, baseLoadShare: 0.12 } }),
    }) as KpiFrame;

  it('next to energy per part on metered lines, and not on lines without a meter', () => {
    const deltas = compareKpis(frame(3756, 9.52, 5981.8), frame(3740, 9.47, 4966.9))!;
    expect(deltas.map((d) => d.id)).toEqual(['throughput', 'oee', 'energy', 'cost']);
    const cost = deltas.find((d) => d.id === 'cost')!;
    expect(cost.text).toBe('−16.6 %');
    expect(cost.better).toBe(true);
    expect(deltas.find((d) => d.id === 'energy')!.text).toBe('−0.5 %');
    expect(compareKpis(frame(100, 1), frame(100, 1, 10))!.map((d) => d.id)).toEqual(['throughput', 'oee', 'energy']);
  });

  it('shows cost per good part with three significant digits, a dash before any part', () => {
    expect(costPerGoodPart(frame(3740, 9.47, 4966.9))).toBeCloseTo(1.328, 3);
    expect(costPerGoodPart(frame(0, 0, 12))).toBeUndefined();
    expect(costPerGoodPart(frame(10, 1))).toBeUndefined();
    expect(formatCostPerPart(1.3281)).toBe('1.33');
    expect(formatCostPerPart(0.0010412)).toBe('0.00104');
    expect(formatCostPerPart(undefined)).toBe('–');
  });
});
