import { describe, expect, it } from 'vitest';
import { createSimulation, type SimReport } from '../../server/sim/index.ts';
import { loadStory, type Story, type StoryVariant } from '../../server/training/story.ts';

/**
 * The presentation's before/after stories make claims in front of customers: on the story's own seed, over the
 * whole show, the improvement must win on throughput, line OEE and energy per good part, and line OEE must move
 * with throughput (the ideal line time per good part is the same on both sides).
 */

function runSide(story: Story, side: StoryVariant): SimReport {
  const sim = createSimulation(side.scene.line, { seed: story.seed, warmup: story.info.start });
  for (const change of side.changes) expect(sim.apply(change)).toBeNull();
  sim.runUntil(story.info.start + story.info.duration);
  return sim.report();
}

describe.each(['preventive-maintenance', 'bigger-buffers', 'predictive-maintenance'])('story %s', (key) => {
  it('shows the improvement winning on throughput, OEE and kWh per part, OEE in proportion to throughput', async () => {
    const story = await loadStory(`scenes/stories/${key}.yaml`);
    const before = runSide(story, story.before),
      after = runSide(story, story.after);
    expect(after.throughputPerHour).toBeGreaterThan(before.throughputPerHour * 1.05);
    expect(after.oee).toBeGreaterThan(before.oee + 0.03);
    expect(after.energy.kWhPerGoodPart).toBeLessThan(before.energy.kWhPerGoodPart);
    expect(after.oee / before.oee).toBeCloseTo(after.throughputPerHour / before.throughputPerHour, 6);
  });
});

describe('story predictive-maintenance', () => {
  it('ranks the three policies as its captions say: predictive beats preventive, preventive is about even with run to failure', async () => {
    const story = await loadStory('scenes/stories/predictive-maintenance.yaml');
    const [none, preventive, predictive] = [story.before, story.middle!, story.after].map((side) => runSide(story, side)) as [
      SimReport,
      SimReport,
      SimReport,
    ];
    const wearOut = (r: SimReport): number =>
      ['CNC1', 'CNC2', 'CNC3'].reduce((n, id) => n + (r.stations[id]!.maintenance?.wearOutFailures ?? 0), 0);
    const services = (r: SimReport): number =>
      ['CNC1', 'CNC2', 'CNC3'].reduce((n, id) => n + (r.stations[id]!.maintenance?.services ?? 0), 0);
    expect(predictive.throughputPerHour).toBeGreaterThan(preventive.throughputPerHour * 1.03);
    expect(predictive.oee).toBeGreaterThan(preventive.oee + 0.02);
    expect(predictive.energy.kWhPerGoodPart).toBeLessThan(preventive.energy.kWhPerGoodPart);
    expect(Math.abs(preventive.throughputPerHour / none.throughputPerHour - 1)).toBeLessThan(0.03);
    // the captions: the fewest wear-out failures with predictive, and fewer services than preventive
    expect(wearOut(predictive)).toBeLessThan(wearOut(preventive));
    expect(wearOut(preventive)).toBeLessThan(wearOut(none));
    expect(services(none)).toBe(0);
    expect(services(predictive)).toBeLessThan(services(preventive));
  });
});

describe('story predictive-maintenance, its captions', () => {
  it('are true hour by hour while each shows', async () => {
    const story = await loadStory('scenes/stories/predictive-maintenance.yaml');
    const sims = [story.before, story.middle!, story.after].map((side) => {
      const sim = createSimulation(side.scene.line, { seed: story.seed, warmup: story.info.start });
      for (const change of side.changes) expect(sim.apply(change)).toBeNull();
      return sim;
    });
    const total = (r: SimReport, key: 'wearOutFailures' | 'services'): number =>
      ['CNC1', 'CNC2', 'CNC3'].reduce((n, id) => n + (r.stations[id]!.maintenance?.[key] ?? 0), 0);
    const H = 3600,
      D = 24 * H;
    let weekendStart = -1;
    for (let t = H; t <= story.info.duration; t += H) {
      const [none, preventive, predictive] = sims.map((sim) => {
        sim.runUntil(story.info.start + t);
        return sim.report();
      }) as [SimReport, SimReport, SimReport];
      const at = `${t / H} h after the start`;
      if (t >= 1.5 * D) expect(total(none, 'wearOutFailures'), at).toBeGreaterThan(0); // "a seized spindle stops its machine"
      if (t >= 3 * D && t <= 3 * D + 22 * H) expect(preventive.throughputPerHour, at).toBeLessThan(none.throughputPerHour); // "behind run to failure"
      if (t === 3 * D + 22 * H) weekendStart = total(predictive, 'services');
      if (t === 5 * D + 22 * H) expect(total(predictive, 'services')).toBeGreaterThan(weekendStart); // "moves the services into the weekend"
      if (t >= 5 * D + 22 * H && t <= 8 * D) {
        expect(total(predictive, 'wearOutFailures'), at).toBe(0); // "no wear-out failure"
        expect(total(none, 'wearOutFailures'), at).toBeGreaterThan(1); // "run to failure has had several"
      }
      if (t >= 8 * D) {
        // "stays ahead: fewer failures than run to failure, fewer services than preventive"
        expect(predictive.throughputPerHour, at).toBeGreaterThan(Math.max(none.throughputPerHour, preventive.throughputPerHour));
        expect(total(predictive, 'wearOutFailures'), at).toBeLessThan(total(none, 'wearOutFailures'));
        expect(total(predictive, 'services'), at).toBeLessThan(total(preventive, 'services'));
      }
      if (t >= 10 * D + 12 * H) {
        // "the most output and the best OEE, at the lowest energy per part"
        expect(predictive.oee, at).toBeGreaterThan(Math.max(none.oee, preventive.oee));
        expect(predictive.energy.kWhPerGoodPart, at).toBeLessThan(Math.min(none.energy.kWhPerGoodPart, preventive.energy.kWhPerGoodPart));
      }
    }
  });
});
