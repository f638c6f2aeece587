import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadExperiment } from '../../server/experiments/load.ts';
import { SceneError } from '../../server/scene/index.ts';
import { applyParam, parseParamPath, type ParamPath } from '../../server/experiments/paths.ts';
import { designOf } from './helpers.ts';

/** Experiment files: paths into the raw scene, the variant x sweep grid, the baseline, and errors before running. */

const path = (text: string): ParamPath => parseParamPath(text) as ParamPath;

async function issuesOf(text: string): Promise<string[]> {
  try {
    await designOf(text);
  } catch (error) {
    if (error instanceof SceneError) return error.issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
    throw error;
  }
  return [];
}

describe('parameter paths', () => {
  const scene = () => ({
    name: 's',
    stations: [
      { id: 'M1', type: 'machine', cycleTime: { dist: 'exponential', mean: '1s' }, failures: { mtbf: '90s', mttr: '10s' } },
      { id: 'B1', type: 'buffer', capacity: 5 },
      { id: 'M2', type: 'machine', cycleTime: '2s' },
    ],
    shifts: [{ days: 'mon-fri', from: '06:00', to: '14:00' }],
  });

  it('set station fields, section fields and list items, and remove fields with null', () => {
    const s = scene();
    expect(applyParam(s, path('M1.cycleTime.mean'), '0.5s')).toEqual(['stations', 0, 'cycleTime', 'mean']);
    expect(applyParam(s, path('B1.capacity'), 10)).toEqual(['stations', 1, 'capacity']);
    expect(applyParam(s, path('energy'), { pricePerKWh: 0.1 })).toEqual(['energy']);
    expect(applyParam(s, path('shifts.0.to'), '22:00')).toEqual(['shifts', 0, 'to']);
    expect(applyParam(s, path('M1.failures'), null)).toEqual(['stations', 0, 'failures']);
    expect(applyParam(s, path('sequence'), { batch: 50 })).toEqual(['sequence']); // a product mix's lot size
    expect(applyParam(s, path('products'), [{ id: 'A', share: 1 }])).toEqual(['products']);
    expect(s.stations[0]).toEqual({ id: 'M1', type: 'machine', cycleTime: { dist: 'exponential', mean: '0.5s' } });
    expect(s.stations[1]).toEqual({ id: 'B1', type: 'buffer', capacity: 10 });
    expect(s.shifts[0]!.to).toBe('22:00');
  });

  it('name what does not exist', () => {
    expect(applyParam(scene(), path('M3.cycleTime'), '1s')).toMatchObject({
      message: 'no station "M3" in the scene (its stations: M1, B1, M2)',
    });
    expect(applyParam(scene(), path('Mx1.cycleTime'), '1s')).toMatchObject({
      message: 'no station "Mx1" in the scene',
      hint: 'did you mean "M1"?',
    });
    expect(applyParam(scene(), path('M1.cycleTme.mean'), '1s')).toMatchObject({
      message: 'M1 has no "cycleTme" to change',
      hint: 'did you mean "cycleTime"?',
    });
    expect(applyParam(scene(), path('M2.failures.mttr'), '1s')).toMatchObject({
      message: 'M2 has no "failures" to change (to add it, set "M2.failures" as a whole)',
    });
    expect(applyParam(scene(), path('M2.cycleTime.mean'), '1s')).toMatchObject({
      message: 'M2.cycleTime is the string "2s", which has no field "mean"',
    });
    expect(applyParam(scene(), path('shifts.3.to'), '1s')).toMatchObject({ message: 'shifts has no item 3 (it has 1)' });
    expect(applyParam(scene(), path('M1'), 1)).toMatchObject({ message: expect.stringMatching(/whole station/) });
    expect(parseParamPath('M1..mean')).toMatch(/not a parameter path/);
  });

  it('change one station only, even when the scene shares objects through YAML aliases', async () => {
    const text = `name: aliases
scene: shared.yaml
replications: 2
variants:
  - name: baseline
  - name: faster M2
    set: { M2.cycleTime.mean: 0.5s }
`;
    const sceneText = `name: shared
stations:
  - { id: IN, type: source }
  - { id: M1, type: machine, cycleTime: &ct { dist: exponential, mean: 1s } }
  - { id: M2, type: machine, cycleTime: *ct }
  - { id: OUT, type: sink }
`;
    const design = await designOf(text, 'shared.yaml', sceneText);
    const stations = (design.documentOf(design.points[1]!) as { stations: Array<{ cycleTime?: { mean: string } }> }).stations;
    expect(stations[1]!.cycleTime!.mean).toBe('1s');
    expect(stations[2]!.cycleTime!.mean).toBe('0.5s');
  });
});

describe('the design', () => {
  it('is every variant with every sweep point, with the scene as it is for the baseline', async () => {
    const design = await designOf(`name: Buffer sizing before M2
scene: ../two-machine.yaml
horizon: 7d
warmup: 1d
replications: 10
variants:
  - name: baseline
  - name: faster M2
    set: { M2.cycleTime.mean: 1s }
sweep:
  B1.capacity: [0, 1, 2, 5, 10]
`);
    expect(design.points.map((p) => p.name)).toEqual([
      'baseline, B1.capacity=0',
      'baseline, B1.capacity=1',
      'baseline, B1.capacity=2',
      'baseline, B1.capacity=5',
      'baseline, B1.capacity=10',
      'faster M2, B1.capacity=0',
      'faster M2, B1.capacity=1',
      'faster M2, B1.capacity=2',
      'faster M2, B1.capacity=5',
      'faster M2, B1.capacity=10',
    ]);
    // two-machine.yaml has B1.capacity 5: the baseline is the line as it is
    expect(design.points[design.baseline]!.name).toBe('baseline, B1.capacity=5');
    expect(design.settings).toEqual({ horizon: 7 * 86_400, warmup: 86_400, seed: 1, replications: 10 });
  });

  it('takes the first variant and the first sweep values as baseline when nothing else says so', async () => {
    const design = await designOf(`name: sweep only
scene: two-machine.yaml
sweep:
  B1.capacity: [2, 3]
  M2.cycleTime.mean: [1s, 1.1s]
`);
    expect(design.points.map((p) => p.name)).toEqual([
      'B1.capacity=2, M2.cycleTime.mean=1s',
      'B1.capacity=2, M2.cycleTime.mean=1.1s',
      'B1.capacity=3, M2.cycleTime.mean=1s',
      'B1.capacity=3, M2.cycleTime.mean=1.1s',
    ]);
    expect(design.baseline).toBe(0);
    expect(design.settings.replications).toBe(10);
  });

  it('reports every bad path, wrong value and duplicate, naming it, before anything runs', async () => {
    expect(
      await issuesOf(`name: bad
scene: two-machine.yaml
variants:
  - name: baseline
  - name: typo
    set: { M2.cycleTme.mean: 1s }
  - name: slow
    set: { M2.cycleTime.mean: slow }
  - name: typo
sweep:
  B9.capacity: [1, 2]
  B1.capacity: [0, five, 2.5, 0]
`),
    ).toEqual([
      'variants[1].set["M2.cycleTme.mean"]: M2 has no "cycleTme" to change (did you mean "cycleTime"?)',
      'variants[2].set["M2.cycleTime.mean"]: invalid duration "slow": expected a number of seconds or a number with a unit (ms, s, min, h, d, w), e.g. "90s", "5min" or "1.5h"',
      'variants[3].name: duplicate variant name "typo" (also used by variants[1])',
      'sweep["B9.capacity"]: no station "B9" in the scene (its stations: IN, M1, B1, M2, OUT)',
      'sweep["B1.capacity"][1]: expected an integer >= 0 or "unlimited", received the string "five"',
      'sweep["B1.capacity"][2]: expected an integer >= 0 or "unlimited", received the number 2.5',
      'sweep["B1.capacity"][3]: 0 is listed twice (also at [0])',
    ]);
  });

  it('reports file-level mistakes with did-you-mean hints', async () => {
    expect(await issuesOf('name: x\nscene: two-machine.yaml\nreplicatons: 5\n')).toEqual([
      'replicatons: unknown key "replicatons" (did you mean "replications"?)',
    ]);
    expect(await issuesOf('name: x\nscene: two-machine.yaml\nreplications: 1\n')).toEqual(['replications: must be >= 2']);
    expect(await issuesOf('name: x\nscene: two-machine.yaml\nhorizon: 1h\nwarmup: 2h\n')).toEqual([
      'warmup: the warm-up must be shorter than the horizon (2h >= 1h)',
    ]);
    expect((await issuesOf('name: x\nscene: two-machine.yaml\nsweep: { B1.capacity: [1], B1: [2] }\n'))[0]).toMatch(
      /names a whole station/,
    );
    expect(
      await issuesOf('name: x\nscene: two-machine.yaml\nvariants: [{ name: a, set: { B1.capacity: 1 } }]\nsweep: { B1.capacity: [1] }\n'),
    ).toEqual(['variants[0].set["B1.capacity"]: "B1.capacity" overlaps the swept "B1.capacity": set it in one place only']);
  });
});

describe('the shipped experiment files', () => {
  for (const file of readdirSync('scenes/experiments').filter((f) => /\.ya?ml$/.test(f))) {
    it(`${file} is valid`, async () => {
      const design = await loadExperiment(`scenes/experiments/${file}`);
      expect(design.points.length).toBeGreaterThan(1);
      expect(design.baseline).toBeGreaterThanOrEqual(0);
    });
  }
});
