import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS, parseScene } from '../../server/scene/index.ts';
import { interventionSchema } from '../../server/protocol/schemas.ts';
import { branchedScene, serialScene } from '../bench/sceneFiles.ts';
import { twin } from '../helpers/cli.ts';
import { issueAt, lineWith, sceneError } from './helpers.ts';

/** Limits and minimums of scene files (server/scene/limits.ts, protocol/distributions.ts): their messages, not timing. */

const dir = mkdtempSync(join(os.tmpdir(), 'twin-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('recurring times and finite draws', () => {
  const cases: Array<[string, string, string]> = [
    ['cycleTime: 0', 'stations[1].cycleTime', 'the time must be at least 1ms for a recurring time (got 0s)'],
    ['cycleTime: 1e-200', 'stations[1].cycleTime', 'the time must be at least 1ms for a recurring time (got 1e-200s)'],
    [
      'cycleTime: { dist: uniform, min: 0, max: 1e-12 }',
      'stations[1].cycleTime',
      'the mean (min + max) / 2 must be at least 1ms for a recurring time (got 5e-13s)',
    ],
    ['cycleTime: { dist: weibull, shape: 1e-10, scale: 1 }', 'stations[1].cycleTime.shape', 'must be >= 0.1'],
    [
      'cycleTime: { dist: lognormal, mean: 1, sd: 1e5 }',
      'stations[1].cycleTime.sd',
      'must be at most 100 x mean (1.157d > 100 x 1s): draws would not be finite',
    ],
    ['cycleTime: 1e308', 'stations[1].cycleTime', 'must be at most 1e9 s (about 31 years; got 1e+308 s)'],
    ['cycleTime: 1, power: { working: 1e308 }', 'stations[1].power.working', 'must be at most 100000 kW (100 MW) per unit'],
    ['cycleTime: 1, failures: { mtbf: 0.0001, mttr: 1 }', 'stations[1].failures.mtbf', 'must be at least 1ms for a recurring time'],
    [
      'cycleTime: 1, failures: { availability: 1e-300, mttr: 1 }',
      'stations[1].failures.availability',
      'gives an MTBF of 1e-300s (A x MTTR / (1 - A)), below the 1ms of a recurring time',
    ],
    ['cycleTime: 1, servers: 1000000000', 'stations[1].servers', 'must be at most 1000 parallel units per station'],
  ];
  it.each(cases)('%s', (fields, path, message) => {
    expect(issueAt(sceneError(lineWith(`  - { id: M1, type: machine, ${fields} }`)), path).message).toBe(message);
  });

  it('a conveyor releasing parts faster than every 1 ms', () => {
    const issue = issueAt(sceneError(lineWith('  - { id: C1, type: conveyor, length: 1, speed: 1e6 }')), 'stations[1].speed');
    expect(issue.message).toBe('parts would leave every 5e-7s (pitch / speed), below the 1ms of a recurring time');
  });

  it('an operator intervention is checked by the same rule', () => {
    const set = (value: object) => interventionSchema.safeParse({ type: 'set', station: 'M1', param: 'cycleTime', value });
    const zero = set({ dist: 'constant', value: 0 });
    expect(zero.success).toBe(false);
    expect(zero.error?.issues[0]?.message).toBe('the time must be at least 0.001 s for a recurring time (got 0 s)');
    expect(set({ dist: 'uniform', min: 0, max: 1e-12 }).success).toBe(false);
    expect(set({ dist: 'lognormal', mean: 1, sd: 1e300 }).success).toBe(false);
    expect(set({ dist: 'constant', value: 0.001 }).success).toBe(true);
  });
});

describe('size limits', () => {
  it(`at most ${LIMITS.stations} stations, and the line's units (sum of servers) at most ${LIMITS.units}`, () => {
    expect(sceneError(serialScene(LIMITS.stations + 1)).message).toContain(`stations: a scene may have at most 5,000 stations`);
    const units = lineWith(
      Array.from({ length: 51 }, (_, i) => `  - { id: M${i}, type: machine, cycleTime: 1, servers: 1000 }`).join('\n'),
    );
    expect(issueAt(sceneError(units), 'stations').message).toBe('the line has 51,000 machine units (the sum of servers): at most 50,000');
  });

  it('scenes at the limits validate (near-linear layout and checks: no timing asserted here, see npm run bench:scenes)', () => {
    expect(parseScene(serialScene(), 'serial.yaml').line.stations).toHaveLength(LIMITS.stations);
    expect(parseScene(branchedScene(), 'branched.yaml').line.edges.length).toBeGreaterThan(4900);
  });

  it('a file over the size limit is refused before it is read: exit 2, no stack', async () => {
    const big = file('big.yaml', `name: big\ndescription: ${'x'.repeat(LIMITS.fileBytes)}\n`);
    for (const command of ['validate', 'run']) {
      const r = await twin(command, big);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: ${big}: the file is too large (524,312 bytes; at most 0.5 MiB)\n`);
    }
  });

  it('deep nesting is refused before parsing, JSON and YAML alike: exit 2 (it aborted the process with exit 134)', async () => {
    const texts: Array<[string, string]> = [
      ['deep.json', `{"name": "x", "stations": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
      ['deep.yaml', `name: x\nstations: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
      ['dashes.yaml', `name: x\nstations:\n  ${'- '.repeat(20_000)}x\n`],
      ['indent.yaml', `name: x\nstations:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}- a:`).join('\n')}\n`],
    ];
    for (const [name, text] of texts) {
      const path = file(name, text);
      const r = await twin('validate', path);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(
        new RegExp(`^error: .*${name}: nested more than 64 levels deep \\(objects and lists inside each other\\) at line \\d+\\n$`),
      );
    }
  });

  it('experiment, scenario and story files get the same guard (all user files are read through readDocument)', async () => {
    const deep = `name: x\nscene: ../scenes/two-machine.yaml\nvary: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const experiment = await twin('experiment', file('experiment.yaml', deep));
    expect(experiment.code).toBe(2);
    expect(experiment.stderr).toMatch(/experiment\.yaml: nested more than 64 levels deep .* at line 3\n$/);
    mkdirSync(join(dir, 'scenarios'), { recursive: true });
    const scenario = await twin(
      'validate',
      file('scenarios/deep.yaml', `kind: scenario\nsteps: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`),
    );
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toMatch(/deep\.yaml: nested more than 64 levels deep .* at line 2\n$/);
  });

  it('nesting within the limit, brackets inside quoted strings and comments do not count', () => {
    const quoted = lineWith(
      `  - { id: M1, type: machine, cycleTime: 1, model: "${'['.repeat(100)}" } # ${'{'.repeat(100)}`,
      `description: '${'['.repeat(100)}'`,
    );
    expect(parseScene(quoted, 'quoted.yaml').line.stations).toHaveLength(3);
  });
});

describe('twin run', () => {
  it('--horizon beyond 1e9 s is refused like a scene duration (a run to 1e300 s would never end)', async () => {
    const r = await twin('run', 'scenes/two-machine.yaml', '--horizon', '1e300');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument '1e300' is invalid. must be at most 1e9 s (about 31 years; got 1e+300 s)");
  });

  it('twin run on a zero cycle time: exit 2 with the message, no stack (the engine guard itself: test/sim/guard.test.ts)', async () => {
    const zero = file('zero.yaml', lineWith('  - { id: M1, type: machine, cycleTime: 0 }'));
    const r = await twin('run', zero);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stations[1].cycleTime: the time must be at least 1ms for a recurring time (got 0s)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
