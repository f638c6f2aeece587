import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { readPlantLog } from '../../server/plantlog/read.ts';
import { forkSimulation } from '../../server/mirror/fork.ts';
import { createMirror, lineStateOf, type LineState } from '../../server/sim/index.ts';

/** A fork starts from the mirror's state: the same levels and unit states at the same time, then runs as a model. */

const scene = await loadScene('scenes/two-machine.yaml');
const log = await readPlantLog('scenes/logs/two-machine.jsonl');

/** The mirror's state after replaying the log up to `t`. */
function mirroredAt(t: number): LineState {
  const mirror = createMirror(scene.line);
  for (const e of log.events) mirror.feed(e);
  mirror.runUntil(t);
  return mirror.state();
}

const statesOf = (s: LineState): Record<string, string[]> =>
  Object.fromEntries(Object.entries(s.units).map(([id, units]) => [id, units.map((u) => u.state)]));

describe('a fork of a mirror', () => {
  // times where the log has M1 down, B1 full and M1 blocked, and the line working
  const downAt = log.events.find((e) => e.event === 'fault')!.t + 1e-6;
  const fullAt = log.events.find((e) => e.event === 'level' && e.level === 5)!.t + 1e-6;
  for (const t of [downAt, fullAt, 5000]) {
    it(`opens at the mirror's time, levels and unit states (t = ${t.toFixed(3)} s), then runs as a model`, () => {
      const state = mirroredAt(t);
      const fork = forkSimulation(scene.line, 3, state);
      const start = lineStateOf(fork);
      expect(start.t).toBe(t);
      expect(start.levels).toEqual(state.levels);
      expect(statesOf(start)).toEqual(statesOf(state));
      fork.runUntil(t + 3600);
      const report = fork.report();
      expect(report.observedSeconds).toBeCloseTo(3600, 9);
      expect(report.produced.good).toBeGreaterThan(1000);
    });
  }

  it('reads the mirror as the log says: M1 down at its first fault, B1 full', () => {
    expect(mirroredAt(downAt).units['M1']![0]!.state).toBe('down');
    expect(mirroredAt(fullAt).levels['B1']).toBe(5);
  });
});
