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

describe.each(['preventive-maintenance', 'bigger-buffers'])('story %s', (key) => {
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
