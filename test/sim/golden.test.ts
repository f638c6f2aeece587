import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { loadScene } from '../../server/scene/index.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import type { LineSpec } from '../../server/sim/spec.ts';
import { isOnShift, nextShiftChange } from '../../server/sim/model/shifts.ts';

/**
 * Golden KPIs of every bundled scene over its first four hours of production: from time 0 (Monday 00:00) to four
 * hours after its first shift starts, so a line that starts at 06:00 is measured running, not off. Any change to the engine or a scene that
 * moves a number fails here and shows up as a reviewed diff: `UPDATE_GOLDEN=1 npx vitest run test/sim/golden`
 * rewrites the files in test/golden/. Without it the test only reads them: a missing golden file fails (a new scene
 * gets its file written on purpose, not silently by whoever runs the tests first), and so does a stale one.
 */
const HOURS = 4 * 3600; // s: long enough to fail, repair and block on every line; short enough for the bottling line (~1.5 M part-steps)
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const isScene = (f: string): boolean => ['.yaml', '.yml', '.json'].includes(extname(f));
const scenes = readdirSync('scenes').filter(isScene).sort();

/** Four hours after the line first starts. */
function horizonOf(line: LineSpec): number {
  const shifts = line.shifts;
  return (!shifts || isOnShift(shifts, 0) ? 0 : nextShiftChange(shifts, 0)) + HOURS;
}

describe('golden KPIs of the bundled scenes', () => {
  for (const file of scenes) {
    it(file, async () => {
      const scene = await loadScene(`scenes/${file}`);
      const sim = createSimulation(scene.line, { seed: scene.run.seed });
      sim.runUntil(horizonOf(scene.line));
      const actual = `${JSON.stringify({ events: sim.events, ...sim.report() }, null, 1)}\n`;
      const golden = `test/golden/${basename(file, extname(file))}.json`;
      if (UPDATE) writeFileSync(golden, actual);
      expect(existsSync(golden), `${golden} is missing: write it with UPDATE_GOLDEN=1 npx vitest run test/sim/golden and review it`).toBe(
        true,
      );
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
  }

  it('has no golden file without a scene', () => {
    const names = new Set(scenes.map((f) => basename(f, extname(f))));
    expect(readdirSync('test/golden').filter((f) => !names.has(basename(f, '.json')))).toEqual([]);
  });
});
