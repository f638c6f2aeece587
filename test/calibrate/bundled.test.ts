import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { loadScene } from '../../server/scene/index.ts';
import { readPlantLog } from '../../server/plantlog/read.ts';
import { calibrate, type StationCalibration } from '../../server/calibrate/calibrate.ts';
import type { Estimate } from '../../server/calibrate/intervals.ts';

/**
 * The bundled log (scenes/logs/two-machine.jsonl) is `twin run scenes/two-machine.yaml --horizon 3h --warmup 0s
 * --seed 1 --event-log ...`: M1 exponential mean 1 s, MTBF 90 s, MTTR 10 s; M2 exponential mean 1.2 s, scrap 1 %.
 */
const LOG = 'scenes/logs/two-machine.jsonl';
const SCENE = 'scenes/two-machine.yaml';
const RUN = ['--horizon', '3h', '--warmup', '0s', '--seed', '1'];

const covers = (e: Estimate | null | undefined, truth: number): void => {
  expect(e).toBeTruthy();
  expect(e!.low).toBeLessThanOrEqual(truth);
  expect(e!.high).toBeGreaterThanOrEqual(truth);
};

async function calibrated(): Promise<Map<string, StationCalibration>> {
  const scene = await loadScene(SCENE);
  return new Map(calibrate(await readPlantLog(LOG), scene.line).map((c) => [c.station, c]));
}

describe('calibrating the bundled two-machine log', () => {
  it('regenerating the log gives the same bytes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'calibrate-')), 'two-machine.jsonl');
    const { code } = await twin('run', SCENE, ...RUN, '--event-log', out);
    expect(code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(LOG))).toBe(true);
    expect(readFileSync(LOG).length).toBeLessThan(5 * 1024 * 1024);
  });

  it('recovers the known parameters within their 95% intervals and picks the exponential', async () => {
    const c = await calibrated();
    const m1 = c.get('M1')!;
    const m2 = c.get('M2')!;
    covers(m1.cycle?.mean, 1);
    covers(m2.cycle?.mean, 1.2);
    covers(m1.mtbf, 90);
    covers(m1.mttr, 10);
    covers(m2.scrap, 0.01);
    expect(m1.cycle!.fits[0]!.spec.dist).toBe('exponential');
    expect(m2.cycle!.fits[0]!.spec.dist).toBe('exponential');
    expect(m1.cycle!.fits[0]!.ks.p).toBeGreaterThan(0.05);
    expect(m2.mtbf).toBeNull();
    expect(m1.scrap.value).toBe(0);
  }, 30_000);

  it('writes a scene that validates, changes only the fitted keys, and reproduces the throughput', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'calibrate-')), 'calibrated.yaml');
    const run = await twin('calibrate', LOG, '--scene', SCENE, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}cycle time +exponential\(mean [\d.]+\)/m);
    const validate = await twin('validate', out);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/: ok/);
    const before = readFileSync(SCENE, 'utf8').split('\n');
    const after = readFileSync(out, 'utf8').split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.filter((line, k) => line !== before[k]);
    expect(changed).toHaveLength(3); // M1's cycleTime and failures, M2's line (cycleTime and scrap)
    expect(changed.join('\n')).toMatch(/failures: \{ mtbf: [\d.]+, mttr: [\d.]+ \}/);

    // Throughput: the log's good parts at M2 against the mean of 5 replications of the calibrated scene, same 3 h.
    // Tolerance 5 %: one 3 h run varies by about 3 % (failures of 10 s at a 1 s cycle), the mean of 5 by less.
    const logGood = (await readPlantLog(LOG)).events.filter((e) => e.event === 'part' && e.station === 'M2' && e.result === 'good').length;
    const sim = await twin('run', out, ...RUN, '--replications', '5', '--json');
    expect(sim.code).toBe(0);
    const good = (JSON.parse(sim.stdout) as { produced: { good: number } }).produced.good;
    expect(Math.abs(good - logGood) / logGood).toBeLessThan(0.05);
  }, 60_000);

  it('prints JSON with --json', async () => {
    const { code, stdout } = await twin('calibrate', LOG, '--scene', SCENE, '--json');
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { stations: StationCalibration[] };
    expect(r.stations.map((s) => s.station)).toEqual(['M1', 'M2']);
    expect(r.stations[0]!.cycle!.fits[0]).toHaveProperty('aic');
  }, 30_000);
});
