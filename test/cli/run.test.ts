import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { twin } from '../helpers/cli.ts';

const scenes = readdirSync('scenes')
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .map((f) => `scenes/${f}`);

describe('twin run', () => {
  it('prints one JSON object with the documented keys', async () => {
    const { code, stdout, stderr } = await twin('run', 'scenes/two-machine.yaml', '--horizon', '2d', '--warmup', '2h', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    for (const key of ['throughputPerHour', 'wipMean', 'leadTimeMean', 'oee', 'bottleneck']) expect(r).toHaveProperty(key);
    expect(r.produced.good).toBeGreaterThan(0);
    expect(r.energy).toHaveProperty('kWhPerGoodPart');
    expect(r.energy.peakKW).toBe(12);
    expect(Object.keys(r.stations.M1.stateShare).sort()).toEqual([
      'blocked',
      'down',
      'maintenance',
      'off',
      'setup',
      'standby',
      'starved',
      'working',
    ]);
    expect(r.stations.M1.oee).toHaveProperty('availability');
    expect(r.stations.M1.failures).toBeGreaterThan(0);
    expect(r.stations.M2).toHaveProperty('bottleneckShare');
    expect(r.engine.events).toBeGreaterThan(0);
    expect(r.engine.wallSeconds).toBeGreaterThan(0);
    expect(r.horizon).toBe(172800);
  });

  it('prints the table with whole event and part-step counts, also as means over replications', async () => {
    const { code, stdout } = await twin('run', 'scenes/two-machine.yaml', '--horizon', '2d', '--replications', '3'); // mean events: 255122.33
    expect(code).toBe(0);
    expect(stdout).toMatch(/Throughput \(good\/h\)/);
    expect(stdout).toMatch(/^engine: \d+ events, \d+ part-steps in [\d.]+ s$/m);
  });

  it('the table shows yields, escapes, products and changeovers on a line with them', async () => {
    const { code, stdout } = await twin('run', 'scenes/smt-line.yaml', '--horizon', '3d', '--warmup', '0s');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^First-pass \/ final yield +\d+\.\d% \/ \d+\.\d%$/m);
    expect(stdout).toMatch(/^Escapes \(parts \/ ppm\) +\d+ \/ \d+$/m);
    expect(stdout).toMatch(/^CTRL +\d+ +\d+ +[\d.]+ +[\d.]+$/m);
    expect(stdout).toMatch(/^PRINTER CTRL->IO +\d+ +[\d.]+$/m);
    const plain = await twin('run', 'scenes/two-machine.yaml', '--horizon', '1d');
    expect(plain.stdout).not.toMatch(/yield|changeovers|^product/m);
  });

  it('with replications reports means and 95% half-widths of the same keys', async () => {
    const { code, stdout } = await twin(
      'run',
      'scenes/two-machine.yaml',
      '--horizon',
      '1d',
      '--warmup',
      '1h',
      '--replications',
      '4',
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.replications).toBe(4);
    expect(r.ci95.throughputPerHour).toBeGreaterThan(0);
    expect(r.ci95.stations.M1.stateShare.working).toBeGreaterThan(0);
    expect(r.ci95.energy.kWh).toBeGreaterThan(0);
    expect(typeof r.bottleneck).toBe('string');
    // the first replication is the single run of the same seed, and the mean differs from it
    const single = JSON.parse((await twin('run', 'scenes/two-machine.yaml', '--horizon', '1d', '--warmup', '1h', '--json')).stdout);
    expect(r.throughputPerHour).not.toBe(single.throughputPerHour);
    expect(Math.abs(r.throughputPerHour - single.throughputPerHour)).toBeLessThan(4 * r.ci95.throughputPerHour);
  });

  it('is deterministic: same seed gives byte-identical output, another seed does not', async () => {
    const args = ['run', 'scenes/two-machine.yaml', '--horizon', '1d', '--warmup', '1h', '--json', '--no-timing'];
    const a = await twin(...args, '--seed', '3');
    const b = await twin(...args, '--seed', '3');
    const c = await twin(...args, '--seed', '4');
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });

  it('prints a readable table by default', async () => {
    const { code, stdout } = await twin('run', 'scenes/two-machine.yaml', '--horizon', '6h', '--warmup', '0');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Throughput \(good\/h\)/);
    expect(stdout).toMatch(/^M1 /m);
    expect(stdout).toMatch(/Bottleneck/);
  });

  for (const file of scenes) {
    it(`runs the bundled scene ${file}`, async () => {
      const { code, stdout } = await twin('run', file, '--horizon', '8h', '--warmup', '0', '--json');
      expect(code).toBe(0);
      const r = JSON.parse(stdout);
      expect(r.produced.good).toBeGreaterThan(0);
      expect(r.bottleneck).not.toBe('');
    });
  }
});

describe('twin validate', () => {
  for (const file of scenes) {
    it(`accepts ${file}`, async () => {
      const { code, stdout } = await twin('validate', file);
      expect(code).toBe(0);
      expect(stdout).toMatch(/ok/);
    });
  }
  it('prints the errors of a bad scene and exits 2', async () => {
    const { code, stderr } = await twin('validate', 'test/fixtures/bad-scene.yaml');
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad-scene\.yaml: stations\[1\]\.cyleTime/);
    expect(stderr).toMatch(/cycleTime/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('bad input exits 2 with a message and no stack trace', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a non-numeric seed', ['run', 'scenes/two-machine.yaml', '--seed', 'abc'], /seed.*whole number/],
    ['a negative horizon', ['run', 'scenes/two-machine.yaml', '--horizon', '-5s'], /horizon/],
    ['an unknown flag', ['run', 'scenes/two-machine.yaml', '--speed', '3'], /unknown option/],
    ['zero replications', ['run', 'scenes/two-machine.yaml', '--replications', '0'], /replications.*at least 1/],
    ['a missing scene file', ['run', 'scenes/nope.yaml'], /nope\.yaml/],
    ['a warm-up longer than the horizon', ['run', 'scenes/two-machine.yaml', '--horizon', '1h', '--warmup', '2h'], /warm-?up/i],
    ['an unknown command', ['fly'], /unknown command/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const { code, stderr } = await twin(...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('the installed `twin` binary exits with the same codes', () => {
    const ok = spawnSync(process.execPath, ['server/twin.js', 'validate', 'scenes/two-machine.yaml'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, ['server/twin.js', 'run', 'test/fixtures/bad-scene.yaml'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/did you mean "cycleTime"/);
  }, 30_000);
});
