import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { loadScene } from '../../server/scene/index.ts';
import { readPlantLog } from '../../server/plantlog/read.ts';
import { calibrate } from '../../server/calibrate/calibrate.ts';
import { fitDistributions } from '../../server/calibrate/fit.ts';

/** Logs of one-machine scenes with fixed seeds (test/calibrate/fixtures), each calibrated back. */
async function calibrateFixture(name: string, ext = 'jsonl') {
  const scene = `test/calibrate/fixtures/${name}.yaml`;
  const log = join(mkdtempSync(join(tmpdir(), 'calibrate-')), `${name}.${ext}`);
  const { code } = await twin('run', scene, '--event-log', log);
  expect(code).toBe(0);
  return calibrate(await readPlantLog(log), (await loadScene(scene)).line)[0]!;
}

describe('choosing the family by AIC', () => {
  it('a constant cycle interrupted by failures is still a constant (the spells of one cycle are summed)', async () => {
    const m = await calibrateFixture('constant');
    expect(m.cycle!.fits[0]!.spec).toEqual({ dist: 'constant', value: expect.closeTo(2, 6) as number });
    expect(m.mtbf!.n).toBeGreaterThan(20);
    expect(m.mtbf!.low).toBeLessThanOrEqual(120);
    expect(m.mtbf!.high).toBeGreaterThanOrEqual(120);
    expect(m.mttr!.low).toBeLessThanOrEqual(15);
    expect(m.mttr!.high).toBeGreaterThanOrEqual(15);
  }, 30_000);

  it('reads a CSV log the same way', async () => {
    const m = await calibrateFixture('constant', 'csv');
    expect(m.cycle!.fits[0]!.spec.dist).toBe('constant');
    expect(m.mtbf!.n).toBeGreaterThan(20);
  }, 30_000);

  it('a normal cycle is a normal, with its mean and sd', async () => {
    const m = await calibrateFixture('normal');
    const best = m.cycle!.fits[0]!;
    expect(best.spec.dist).toBe('normal');
    if (best.spec.dist !== 'normal') return;
    expect(best.spec.sd).toBeCloseTo(0.5, 1);
    expect(m.cycle!.mean.low).toBeLessThanOrEqual(2);
    expect(m.cycle!.mean.high).toBeGreaterThanOrEqual(2);
    expect(best.ks.p).toBeGreaterThan(0.05);
  }, 30_000);

  it('the fits agree with closed forms on small samples', () => {
    const xs = [1, 2, 3, 4, 5];
    const fits = fitDistributions(xs);
    const exp = fits.find((f) => f.spec.dist === 'exponential')!;
    expect(exp.logLik).toBeCloseTo(-5 * Math.log(3) - 5, 10);
    const uni = fits.find((f) => f.spec.dist === 'uniform')!;
    expect(uni.spec).toEqual({ dist: 'uniform', min: 1, max: 5 });
    const weibull = fits.find((f) => f.spec.dist === 'weibull')!;
    expect(weibull.logLik).toBeGreaterThanOrEqual(exp.logLik); // the exponential is the Weibull of shape 1
    for (let i = 1; i < fits.length; i++) expect(fits[i]!.aic).toBeGreaterThanOrEqual(fits[i - 1]!.aic);
  });
});
