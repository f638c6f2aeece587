import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import type { MachineSpec } from '../../server/sim/index.ts';
import { twin } from '../helpers/cli.ts';

/** The quality fixtures through the loader and `twin validate`; scenes without the new keys load exactly as before. */

const DIR = 'test/fixtures/quality';

describe('quality fixtures', () => {
  it('the good fixture: two products in batches, a machine with per-product keys, an inspection rejecting to a repair', async () => {
    const { line } = await loadScene(`${DIR}/two-products.yaml`);
    expect(line.products).toEqual([
      { id: 'A', share: 0.7, color: '#3b82f6' },
      { id: 'B', share: 0.3, color: '#f59e0b' },
    ]);
    expect(line.sequence).toEqual({ kind: 'batch', size: 50 });
    const [, m1, , cam, repair] = line.stations as MachineSpec[];
    expect(m1?.cycleTimes).toEqual([
      { dist: 'constant', value: 1 },
      { dist: 'normal', mean: 1.5, sd: 0.1 },
    ]);
    expect(m1?.idealCycleTime).toBeCloseTo(1.25, 12); // batches release A and B in turn: the mean of 1 s and 1.5 s, whatever the shares
    expect(m1?.changeover?.times).toEqual([
      [null, { dist: 'constant', value: 300 }],
      [{ dist: 'constant', value: 480 }, null],
    ]);
    expect(m1?.defects).toEqual([0.01, 0.04]);
    expect(cam).toMatchObject({ type: 'inspection', inspection: { detect: 0.9, falseReject: 0.01, reject: { to: 'REPAIR' } } });
    expect(repair?.repairs).toBe(0.8);
  });

  it('twin validate counts the inspection as a machine', async () => {
    const { code, stdout } = await twin('validate', `${DIR}/two-products.yaml`);
    expect(code).toBe(0);
    expect(stdout).toContain('7 stations (3 machines)');
  });

  it('twin validate lists every mistake of the bad mix with file, path and hint, and exits 2', async () => {
    const { code, stderr } = await twin('validate', `${DIR}/bad-mix.yaml`);
    expect(code).toBe(2);
    const file = `${DIR}/bad-mix.yaml`;
    expect(stderr).toContain(`${file}: products: the shares must sum to 1, but they sum to 0.9`);
    expect(stderr).toContain(`${file}: sequence[3]: unknown product "DELUXE" (products: BASE, PREMIUM)`);
    expect(stderr).toContain(
      `${file}: stations[1].cycleTime.PREMUIM: unknown product "PREMUIM" (products: BASE, PREMIUM) (did you mean "PREMIUM"?)`,
    );
    expect(stderr).toContain(`${file}: stations[1].cycleTime: gives no cycle time for product "PREMIUM"`);
    expect(stderr).toContain(`${file}: stations[1].changeover["PREMIUM->PREMIUM"]: a change from "PREMIUM" to "PREMIUM" is no change`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('twin validate lists every mistake of the bad inspection and exits 2', async () => {
    const { code, stderr } = await twin('validate', `${DIR}/bad-inspection.yaml`);
    expect(code).toBe(2);
    const file = `${DIR}/bad-inspection.yaml`;
    expect(stderr).toContain(`${file}: stations[2].detect: must be a probability from 0 to 1`);
    expect(stderr).toContain(`${file}: stations[2].falseReject: must be a probability from 0 to 1`);
    expect(stderr).toContain(`${file}: stations[3].repairs: must be a probability from 0 to 1`);
    // the schema errors stop the load before the reference checks; fixed, the reject station is reported
    const fixed = readFileSync(file, 'utf8')
      .replace('detect: 1.2', 'detect: 0.9')
      .replace('-0.01', '0.01')
      .replace('repairs: 1.5', 'repairs: 0.8');
    const { SceneError, parseScene } = await import('../../server/scene/index.ts');
    let error: unknown;
    try {
      parseScene(fixed, file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SceneError);
    expect((error as Error).message).toBe(`${file}: stations[2].reject.to: unknown station "REPIAR" (did you mean "REPAIR"?)`);
  });
});

/** JSON of a normalized scene saved before issue 13 (Infinity written as "Infinity"). */
function baseline(name: string): unknown {
  return JSON.parse(readFileSync(`${DIR}/baseline/${name}.json`, 'utf8'), (_key, value: unknown) =>
    value === 'Infinity' ? Infinity : value,
  );
}

describe('a scene without the quality keys', () => {
  for (const name of ['automotive-body', 'cnc-cell', 'packaging-vision']) {
    it(`${name} normalizes exactly as before issue 13 (no products, no sequence, no new machine keys)`, async () => {
      const scene = await loadScene(`${DIR}/baseline/${name}.yaml`);
      expect(scene).toStrictEqual(baseline(name));
      expect(JSON.stringify(scene)).not.toMatch(/"(products|sequence|cycleTimes|changeover|defects|repairs|inspection)":/);
    });
  }
});
