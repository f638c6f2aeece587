import { describe, expect, it } from 'vitest';
import { parseScene, type Scene } from '../../server/scene/index.ts';
import { PRODUCT_PALETTE } from '../../server/scene/qualityNormalize.ts';
import type { MachineSpec } from '../../server/sim/index.ts';
import { lineWith } from './helpers.ts';

/** The scene keys of issue 13 in the engine's form: products, sequence, per-product machine keys, inspections. */

const TWO = 'products:\n  - { id: A, share: 0.7, color: "#123456" }\n  - { id: B, share: 0.3 }\n';

/** A line IN -> `middle` -> OUT under the top-level keys `top` (products, sequence). */
function scene(middle: string, top = TWO, extra = ''): Scene {
  return parseScene(lineWith(middle, extra).replace('stations:\n', `${top}stations:\n`), 'quality.yaml');
}

/** Station M1 of a line with a machine of the given keys (flow style). */
function m1(keys: string, top = TWO): MachineSpec {
  return scene(`  - { id: M1, type: machine, ${keys} }`, top).line.stations[1] as MachineSpec;
}

describe('products and sequence', () => {
  it('fills colours from the palette where the file gives none, and defaults the sequence to random', () => {
    const line = scene('  - { id: M1, type: machine, cycleTime: 1s }').line;
    expect(line.products).toEqual([
      { id: 'A', share: 0.7, color: '#123456' },
      { id: 'B', share: 0.3, color: PRODUCT_PALETTE[1] },
    ]);
    expect(PRODUCT_PALETTE[1]).toBe('#f59e0b');
    expect(line.sequence).toEqual({ kind: 'random' });
  });

  it('the palette repeats past its end for up to 32 products, all colours well formed', () => {
    const top = `products:\n${Array.from({ length: 32 }, (_, i) => `  - { id: P${i}, share: ${i === 0 ? 1 : 0} }\n`).join('')}`;
    const products = scene('  - { id: M1, type: machine, cycleTime: 1s }', top).line.products ?? [];
    expect(products).toHaveLength(32);
    expect(products[PRODUCT_PALETTE.length]?.color).toBe(PRODUCT_PALETTE[0]);
    for (const p of products) expect(p.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(PRODUCT_PALETTE).size).toBe(PRODUCT_PALETTE.length);
  });

  it('reads the three sequence forms, a pattern as product indices', () => {
    const sequence = (text: string): unknown =>
      scene('  - { id: M1, type: machine, cycleTime: 1s }', `${TWO}sequence: ${text}\n`).line.sequence;
    expect(sequence('random')).toEqual({ kind: 'random' });
    expect(sequence('{ batch: 50 }')).toEqual({ kind: 'batch', size: 50 });
    expect(sequence('[A, A, B]')).toEqual({ kind: 'pattern', products: [0, 0, 1] });
    expect(sequence('[B]')).toEqual({ kind: 'pattern', products: [1] });
  });

  it('sequence: random without products changes nothing (one anonymous product, no products or sequence in the spec)', () => {
    const line = scene('  - { id: M1, type: machine, cycleTime: 1s }', 'sequence: random\n').line;
    expect(line.products).toBeUndefined();
    expect(line.sequence).toBeUndefined();
  });

  it('accepts shares whose decimal sum rounds away from 1 by less than 1e-9', () => {
    const top = 'products:\n  - { id: A, share: 0.1 }\n  - { id: B, share: 0.2 }\n  - { id: C, share: 0.7 }\n'; // 0.1 + 0.2 + 0.7 = 0.9999999999999999
    expect(scene('  - { id: M1, type: machine, cycleTime: 1s }', top).line.products?.map((p) => p.share)).toEqual([0.1, 0.2, 0.7]);
  });
});

describe('per-product machine keys', () => {
  it('cycle times per product: the first as cycleTime, all by index, the ideal cycle time weighted by share', () => {
    const m = m1('cycleTime: { B: { dist: normal, mean: 1.5s, sd: 0.1s }, A: 1s }');
    expect(m.cycleTime).toEqual({ dist: 'constant', value: 1 });
    expect(m.cycleTimes).toEqual([
      { dist: 'constant', value: 1 },
      { dist: 'normal', mean: 1.5, sd: 0.1 },
    ]);
    expect(m.idealCycleTime).toBeCloseTo(0.7 * 1 + 0.3 * 1.5, 12);
    expect(m1('cycleTime: { A: 1s, B: 2s }, idealCycleTime: 0.9s').idealCycleTime).toBe(0.9);
  });

  it('one cycle time for all products stays one distribution, without cycleTimes', () => {
    const m = m1('cycleTime: { dist: exponential, mean: 2s }');
    expect(m.cycleTime).toEqual({ dist: 'exponential', mean: 2 });
    expect(m.cycleTimes).toBeUndefined();
    expect(m.idealCycleTime).toBe(2);
  });

  it('one changeover time is every change of product; none on the diagonal', () => {
    const three = 'products:\n  - { id: A, share: 0.5 }\n  - { id: B, share: 0.25 }\n  - { id: C, share: 0.25 }\n';
    const five = { dist: 'constant', value: 300 };
    expect(m1('cycleTime: 1s, changeover: 5min', three).changeover).toEqual({
      times: [
        [null, five, five],
        [five, null, five],
        [five, five, null],
      ],
    });
  });

  it('changeover per pair: the pairs given, any duration or distribution, null for the rest', () => {
    const three = 'products:\n  - { id: A, share: 0.5 }\n  - { id: B, share: 0.25 }\n  - { id: C, share: 0.25 }\n';
    const m = m1('cycleTime: 1s, changeover: { A->B: 5min, "C -> A": { dist: uniform, min: 1min, max: 2min } }', three);
    expect(m.changeover).toEqual({
      times: [
        [null, { dist: 'constant', value: 300 }, null],
        [null, null, null],
        [{ dist: 'uniform', min: 60, max: 120 }, null, null],
      ],
    });
  });

  it('defects: one probability for all products, or per product with 0 for those left out', () => {
    expect(m1('cycleTime: 1s, defects: 0.02').defects).toEqual([0.02, 0.02]);
    expect(m1('cycleTime: 1s, defects: { B: 0.04 }').defects).toEqual([0, 0.04]);
    expect(m1('cycleTime: 1s, defects: { A: 0.01, B: 0.04 }').defects).toEqual([0.01, 0.04]);
    expect(m1('cycleTime: 1s, repairs: 0.8').repairs).toBe(0.8);
  });

  it('a line without products takes defects and repairs for its one anonymous product', () => {
    const m = m1('cycleTime: 1s, defects: 0.05, repairs: 1', '');
    expect(m.defects).toEqual([0.05]);
    expect(m.repairs).toBe(1);
    expect(m.changeover).toBeUndefined();
  });
});

describe('inspection stations', () => {
  it('are machines with detect; falseReject defaults to 0 and reject to scrap', () => {
    const cam = scene('  - { id: CAM, type: inspection, cycleTime: 0.5s, detect: 0.9 }', '').line.stations[1] as MachineSpec;
    expect(cam).toMatchObject({ type: 'inspection', cycleTime: { dist: 'constant', value: 0.5 }, servers: 1, scrap: 0 });
    expect(cam.inspection).toEqual({ detect: 0.9, falseReject: 0, reject: 'scrap' });
  });

  it('take every machine key and reject to one of their outputs', () => {
    const text = `  - id: CAM
    type: inspection
    cycleTime: { A: 0.5s, B: 0.6s }
    servers: 2
    failures: { mtbf: 8h, mttr: 10min }
    defects: 0.001
    detect: 0.95
    falseReject: 0.01
    reject: { to: REPAIR }
  - { id: REPAIR, type: machine, cycleTime: 2min, repairs: 0.8 }`;
    const line = scene(text, TWO, 'flow: { IN: CAM, CAM: [OUT, REPAIR], REPAIR: OUT }\n').line;
    const cam = line.stations[1] as MachineSpec;
    expect(cam.inspection).toEqual({ detect: 0.95, falseReject: 0.01, reject: { to: 'REPAIR' } });
    expect(cam.servers).toBe(2);
    expect(cam.cycleTimes).toHaveLength(2);
    expect(cam.defects).toEqual([0.001, 0.001]);
    expect(cam.failures?.timeToFailure).toEqual({ dist: 'exponential', mean: 28_800 });
    expect((line.stations[2] as MachineSpec).repairs).toBe(0.8);
  });

  it('rework and reject may name the same station', () => {
    const text = `  - { id: CAM, type: inspection, cycleTime: 1s, detect: 0.9, reject: { to: R }, rework: { probability: 0.1, to: R } }
  - { id: R, type: machine, cycleTime: 1s }`;
    const cam = scene(text, '', 'flow: { IN: CAM, CAM: [OUT, R], R: OUT }\n').line.stations[1] as MachineSpec;
    expect(cam.rework).toEqual({ probability: 0.1, to: 'R' });
    expect(cam.inspection?.reject).toEqual({ to: 'R' });
  });
});
