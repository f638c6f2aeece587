import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { tempDir } from './helpers.ts';

/** `twin experiment` and `twin history` through the CLI, in-process. */

const tmp = tempDir();
afterAll(() => tmp.remove());
let dbCount = 0;
const freshDb = (): string => join(tmp.dir, `cli-${++dbCount}.db`);

describe('bad experiment input exits 2 with a message, no stack trace, and nothing run', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'a misspelt path',
      ['test/fixtures/experiments/bad-path.yaml'],
      /variants\[1\]\.set\["M2\.cycleTme\.mean"\]: M2 has no "cycleTme" to change \(did you mean "cycleTime"\?\)/,
    ],
    ['a path to a missing station', ['test/fixtures/experiments/bad-path.yaml'], /sweep\["B9\.capacity"\]: no station "B9"/],
    [
      'a value of the wrong type',
      ['test/fixtures/experiments/wrong-type.yaml'],
      /sweep\["B1\.capacity"\]\[1\]: expected an integer >= 0 or "unlimited", received the string "five"/,
    ],
    [
      'an unknown key',
      ['test/fixtures/experiments/unknown-key.yaml'],
      /replicatons: unknown key "replicatons" \(did you mean "replications"\?\)/,
    ],
    [
      'a missing scene',
      ['test/fixtures/experiments/missing-scene.yaml'],
      /missing-scene\.yaml: scene: the scene "test\/fixtures\/nope\.yaml": cannot read the file: no such file/,
    ],
    ['a missing experiment file', ['test/fixtures/experiments/nope.yaml'], /nope\.yaml: cannot read the file: no such file/],
    ['a scene file given instead', ['scenes/two-machine.yaml'], /two-machine\.yaml: stations: unknown key "stations"/],
    ['--target without --optimize', ['test/fixtures/experiments/small.yaml', '--target', '5'], /--target goes with --optimize/],
    ['a non-numeric --target', ['test/fixtures/experiments/small.yaml', '--optimize', 'oee', '--target', 'high'], /expected a number/],
    [
      'more jobs than --max-jobs allows',
      ['test/fixtures/experiments/small.yaml', '--max-jobs', '11'],
      /replications: the experiment has 12 jobs \(4 variant x sweep combinations x 3 replications\), more than the limit of 11/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const db = freshDb();
      const { code, stdout, stderr } = await twin('experiment', ...args, '--db', db);
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(db)).toBe(false); // refused before the database was even opened
    });
  }

  const afterOpen: Array<[string, string[], RegExp]> = [
    ['an unknown --rank KPI', ['--rank', 'thruput'], /--rank: unknown KPI "thruput"/],
    ['--resume of a run that does not exist', ['--resume', '42'], /--resume 42: there is no run 42/],
  ];
  for (const [what, flags, message] of afterOpen) {
    it(what, async () => {
      const db = freshDb();
      const { code, stderr } = await twin('experiment', 'test/fixtures/experiments/small.yaml', ...flags, '--db', db);
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
      expect(stderr).not.toMatch(/\n\s+at /);
      const history = await twin('history', '--db', db, '--json');
      expect(JSON.parse(history.stdout)).toEqual([]); // no run stored, so no job ran
    });
  }

  it('--optimize without a sweep', async () => {
    const { code, stderr } = await twin(
      'experiment',
      'test/fixtures/experiments/resume.yaml',
      '--optimize',
      'oee',
      '--target',
      '0.5',
      '--db',
      freshDb(),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--optimize: optimizing needs a sweep/);
  });
});

describe('twin experiment and twin history', () => {
  it('run, store, list and show a run again, as table, JSON and CSV', async () => {
    const db = freshDb();
    const csv = join(tmp.dir, 'small.csv');
    const json = await twin('experiment', 'test/fixtures/experiments/small.yaml', '--db', db, '--workers', '1', '--json', '--csv', csv);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.runId).toBe(1);
    expect(result.baseline).toBe('baseline, B1.capacity=5');
    expect(result.variants).toHaveLength(4);
    expect(result.ranking[0]).toBe('faster M2, B1.capacity=5');
    expect(result.jobs).toEqual({ total: 12, computed: 12, reused: 0 });
    const v = result.variants[2];
    expect(v.name).toBe('faster M2, B1.capacity=2');
    expect(v.diff.throughputPerHour).toEqual({ mean: expect.any(Number), halfWidth: expect.any(Number), significant: expect.any(Boolean) });
    expect(v.ci95.stations.M1.oee.availability).toBeGreaterThan(0);

    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('variant,variant_name,B1.capacity,rank,kpi,mean,ci95,diff,diff_ci95,significant');
    expect(lines.find((l) => l.startsWith('"faster M2, B1.capacity=2",faster M2,2,') && l.includes(',throughputPerHour,'))).toBeDefined();

    const table = await twin('experiment', 'test/fixtures/experiments/small.yaml', '--db', db, '--workers', '0');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Small buffer test/);
    expect(table.stdout).toMatch(/Means ± 95% half-width/);
    expect(table.stdout).toMatch(/Paired differences from the baseline/);
    expect(table.stdout).toMatch(/^baseline, B1\.capacity=5 +\(baseline\)/m);
    expect(table.stdout).toMatch(/run 2: 12 jobs \(12 computed, 0 reused\)/);

    const list = await twin('history', '--db', db);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^1 +\S+ \S+ +done +12\/12 +\S+ +Small buffer test +test\/fixtures\/experiments\/small\.yaml$/m);
    const shown = await twin('history', '1', '--db', db, '--json');
    expect(JSON.parse(shown.stdout)).toEqual(result);
    const again = await twin('history', '2', '--db', db);
    expect(again.stdout).toContain(table.stdout.split('\nrun 2:')[0]!);
    expect(again.stdout).toMatch(/run 2: done, started .*12\/12 jobs stored in 1 attempt/);
    const inputs = await twin('history', '1', '--db', db, '--inputs');
    expect(inputs.stdout).toContain(readFileSync('test/fixtures/experiments/small.yaml', 'utf8').trimEnd());
    expect(inputs.stdout).toContain(readFileSync('scenes/two-machine.yaml', 'utf8').trimEnd());
    const missing = await twin('history', '9', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no run 9/);
  }, 60_000);

  it('optimizes: the smallest buffer reaching a target throughput', async () => {
    const { code, stdout } = await twin(
      'experiment',
      'test/fixtures/experiments/small.yaml',
      '--db',
      freshDb(),
      '--workers',
      '2',
      '--optimize',
      'throughputPerHour',
      '--target',
      '2500',
      '--json',
    );
    expect(code).toBe(0);
    const { optimize } = JSON.parse(stdout);
    expect(optimize).toMatchObject({ kpi: 'throughputPerHour', order: 'max', target: 2500, method: 'greedy' });
    const [base, faster] = optimize.variants;
    // the search walks up from the low end of the range (2) one place at a time
    expect(base.evaluated.map((e: { factors: { 'B1.capacity': number } }) => e.factors['B1.capacity'])).toEqual(range(2, base.cost));
    expect(base.found).toBe(true);
    expect(base.mean).toBeGreaterThanOrEqual(2500);
    expect(base.evaluated.at(-2).mean).toBeLessThan(2500);
    expect(faster.cost).toBeLessThan(base.cost);
  }, 60_000);
});

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
