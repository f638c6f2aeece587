import { describe, expect, it } from 'vitest';
import type { LineSpec, MachineSpec, ProductSpec } from '../../server/sim/spec.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import { constant, machine, serial } from '../helpers/lines.ts';
import { expectCovers, replicate } from '../helpers/replicate.ts';

/**
 * Defects, inspection and product mix against closed forms (docs/quality.md derives each): rejection rate,
 * escapes and first-pass yield of a serial line with an inspection; throughput of one machine with two products
 * and a changeover at every change, for random and batch sequences. 99% intervals over fixed-seed replications.
 */

const HOUR = 3600;
const DAY = 86_400;
const A_B: ProductSpec[] = [
  { id: 'A', share: 0.7, color: '#3b82f6' },
  { id: 'B', share: 0.3, color: '#f59e0b' },
];

const p1 = 0.02,
  p2 = 0.05,
  detect = 0.9,
  falseReject = 0.01;
/** Probability that a part reaches the inspection defective. */
const q = 1 - (1 - p1) * (1 - p2);

function inspectedLine(reject: 'scrap' | { to: string }, repairs?: number): LineSpec {
  const cam: MachineSpec = {
    ...machine('CAM', constant(5)),
    type: 'inspection',
    inspection: { detect, falseReject, reject },
  };
  const stations = [
    { id: 'IN', type: 'source' as const },
    machine('M1', constant(10), { defects: [p1] }),
    machine('M2', constant(10), { defects: [p2] }),
    cam,
    ...(repairs === undefined ? [] : [machine('REPAIR', constant(5), { repairs })]),
    { id: 'OUT', type: 'sink' as const },
  ];
  const line = serial(stations);
  if (repairs !== undefined) {
    // CAM -> OUT (good), CAM -> REPAIR (rejected) -> OUT
    line.edges = [
      { from: 'IN', to: 'M1' },
      { from: 'M1', to: 'M2' },
      { from: 'M2', to: 'CAM' },
      { from: 'CAM', to: 'OUT' },
      { from: 'CAM', to: 'REPAIR' },
      { from: 'REPAIR', to: 'OUT' },
    ];
  }
  return line;
}

describe('a serial line with defects and an inspection', () => {
  it('reject to scrap: rejection rate, escapePpm and first-pass yield equal their closed forms', () => {
    const reports = replicate(inspectedLine('scrap'), 10, 20 * DAY, DAY);
    const cam = reports.map((r) => r.stations.CAM!);
    const rejected = q * detect + (1 - q) * falseReject;
    expectCovers(
      cam.map((s) => s.scrap / s.processed),
      rejected,
      0.05,
    );
    const escapeShare = (q * (1 - detect)) / (q * (1 - detect) + (1 - q) * (1 - falseReject));
    expectCovers(
      reports.map((r) => r.quality!.escapePpm),
      escapeShare * 1e6,
      0.05,
    );
    expectCovers(
      reports.map((r) => r.quality!.firstPassYield),
      (1 - q) * (1 - falseReject),
      0.01,
    );
    for (const r of reports) {
      const qr = r.quality!;
      const s = r.stations.CAM!.quality!;
      // every part the inspection saw was defective (detected or missed) or good (passed or falsely rejected)
      expect(s.detected + s.falseRejects).toBe(r.stations.CAM!.scrap);
      expect(qr.detected).toBe(s.detected);
      expect(qr.defectsMade).toBe(r.stations.M1!.quality!.defectsMade + r.stations.M2!.quality!.defectsMade);
      expect(qr.finalYield).toBeCloseTo(qr.firstPassYield, 12); // nothing is repaired: good means good first time
    }
  });

  it('reject to a repair station: escapes and final yield count what the repair misses', () => {
    const repairs = 0.8;
    const reports = replicate(inspectedLine({ to: 'REPAIR' }, repairs), 10, 20 * DAY, DAY);
    // every part is shipped; defective ones escape past the camera or through a failed repair
    const escapes = q * (1 - detect) + q * detect * (1 - repairs);
    expectCovers(
      reports.map((r) => r.quality!.escapePpm),
      escapes * 1e6,
      0.05,
    );
    expectCovers(
      reports.map((r) => r.quality!.firstPassYield),
      (1 - q) * (1 - falseReject),
      0.01,
    );
    expectCovers(
      reports.map((r) => r.quality!.finalYield),
      1 - escapes,
      0.01,
    );
    for (const r of reports) {
      expect(r.produced.scrap).toBe(0);
      expect(r.quality!.repaired).toBe(r.stations.REPAIR!.quality!.repaired);
      expect(r.stations.REPAIR!.processed).toBeGreaterThanOrEqual(r.stations.CAM!.reworked - 1);
    }
  });
});

describe('one machine, two products, a changeover at every change of product', () => {
  const a = 10,
    b = 16,
    c = 120;
  function mixed(sequence: LineSpec['sequence']): LineSpec {
    const m = machine('M', constant(a), {
      cycleTimes: [constant(a), constant(b)],
      changeover: {
        times: [
          [null, constant(c)],
          [constant(c), null],
        ],
      },
    });
    return serial([{ id: 'IN', type: 'source' }, m, { id: 'OUT', type: 'sink' }], { products: A_B, sequence });
  }

  it('random: throughput = 1 / (pA a + pB b + 2 pA pB c)', () => {
    const reports = replicate(mixed({ kind: 'random' }), 10, 10 * DAY, HOUR);
    const perPart = 0.7 * a + 0.3 * b + 2 * 0.7 * 0.3 * c;
    expectCovers(
      reports.map((r) => r.throughputPerHour),
      HOUR / perPart,
      0.02,
    );
    for (const r of reports) {
      const share = r.products!.A!.good / r.produced.good;
      expect(share).toBeGreaterThan(0.68);
      expect(share).toBeLessThan(0.72);
      const changeovers = r.stations.M!.changeovers!;
      expect(Object.keys(changeovers)).toEqual(['A->B', 'B->A']);
      expect(Math.abs(changeovers['A->B']!.count - changeovers['B->A']!.count)).toBeLessThanOrEqual(1);
      expect(changeovers['A->B']!.time).toBe(changeovers['A->B']!.count * c);
    }
  });

  it('batch of n: throughput = 2n / (n a + n b + 2 c), exactly, up to the batch in progress', () => {
    const n = 25;
    const [r] = replicate(mixed({ kind: 'batch', size: n }), 1, 10 * DAY, HOUR);
    const perPart = (n * a + n * b + 2 * c) / (2 * n);
    expect(Math.abs(r!.throughputPerHour - HOUR / perPart) / (HOUR / perPart)).toBeLessThan(0.002);
    expect(Math.abs(r!.products!.A!.good - r!.products!.B!.good)).toBeLessThanOrEqual(n);
    const setup = r!.stations.M!.stateShare.setup;
    expect(setup).toBeCloseTo((2 * c) / (n * a + n * b + 2 * c), 2);
  });

  it('a pattern [A, A, B] releases exactly that order', () => {
    const [r] = replicate(mixed({ kind: 'pattern', products: [0, 0, 1] }), 1, DAY, 0);
    expect(Math.abs(r!.products!.A!.good - 2 * r!.products!.B!.good)).toBeLessThanOrEqual(2);
    // A, A, B: one change into B and one out of it per pattern
    const { 'A->B': ab, 'B->A': ba } = r!.stations.M!.changeovers!;
    expect(Math.abs(ab!.count - r!.products!.B!.good)).toBeLessThanOrEqual(1);
    expect(Math.abs(ba!.count - ab!.count)).toBeLessThanOrEqual(1);
  });
});

describe('parts carry their product and defect flag', () => {
  it('through buffers, splits, merges and an assembly: conserved per product, and defective if any input was', () => {
    const line: LineSpec = {
      name: 'mix',
      products: A_B,
      stations: [
        { id: 'IN', type: 'source' },
        machine('M1', constant(10), { defects: [0.1, 0.3] }),
        { id: 'B1', type: 'buffer', capacity: 5 },
        machine('P1', constant(15)),
        machine('P2', constant(15)),
        { id: 'C1', type: 'conveyor', length: 3, speed: 0.5, pitch: 0.5 },
        { id: 'IN2', type: 'source' },
        { ...machine('ASM', constant(12)), type: 'assembly', inputs: { C1: 1, IN2: 1 } },
        { id: 'OUT', type: 'sink' },
      ],
      edges: [
        { from: 'IN', to: 'M1' },
        { from: 'M1', to: 'B1' },
        { from: 'B1', to: 'P1' },
        { from: 'B1', to: 'P2' },
        { from: 'P1', to: 'C1' },
        { from: 'P2', to: 'C1' },
        { from: 'C1', to: 'ASM' },
        { from: 'IN2', to: 'ASM' },
        { from: 'ASM', to: 'OUT' },
      ],
    };
    const sim = createSimulation(line, { seed: 3, replication: 0, warmup: 0 });
    sim.runUntil(5 * DAY);
    const r = sim.report();
    const products = r.products!;
    expect(products.A!.good + products.B!.good).toBe(r.produced.good);
    expect(products.A!.scrap + products.B!.scrap).toBe(r.produced.scrap);
    // no inspection: every defective part M1 made escapes; the assembly carries the C1 part's product and flag
    const made = r.stations.M1!.quality!.defectsMade;
    expect(r.quality!.escapes).toBeGreaterThan(0);
    expect(r.quality!.escapes).toBeLessThanOrEqual(made);
    expect(made - r.quality!.escapes).toBeLessThan(30); // the rest are still in the line
    const bShare = products.B!.good / r.produced.good;
    expect(Math.abs(bShare - 0.3)).toBeLessThan(0.03);
    // defects by product: B is made defective three times as often as A
    const expectedEscapes = products.A!.good * 0.1 + products.B!.good * 0.3;
    expect(Math.abs(r.quality!.escapes - expectedEscapes) / expectedEscapes).toBeLessThan(0.1);
  });

  it('same seed, same report; a line with one product and no quality keys reports neither', () => {
    const line = mixedLine();
    const run = () => {
      const sim = createSimulation(line, { seed: 11, replication: 2, warmup: 0 });
      sim.runUntil(2 * DAY);
      return JSON.stringify(sim.report());
    };
    expect(run()).toBe(run());
    const plain = serial([{ id: 'IN', type: 'source' }, machine('M', constant(10)), { id: 'OUT', type: 'sink' }]);
    const sim = createSimulation(plain, { seed: 11, replication: 0, warmup: 0 });
    sim.runUntil(DAY);
    const r = sim.report();
    expect(r.products).toBeUndefined();
    expect(r.quality).toBeUndefined();
    expect(r.stations.M!.quality).toBeUndefined();
  });
});

function mixedLine(): LineSpec {
  const cam: MachineSpec = {
    ...machine('CAM', constant(5)),
    type: 'inspection',
    inspection: { detect: 0.9, falseReject: 0.01, reject: 'scrap' },
  };
  return serial(
    [
      { id: 'IN', type: 'source' },
      machine('M1', { dist: 'exponential', mean: 10 }, { defects: [0.01, 0.05], cycleTimes: [constant(9), constant(12)] }),
      cam,
      { id: 'OUT', type: 'sink' },
    ],
    { products: A_B },
  );
}

describe('live changes of quality and product mix', () => {
  const run = (changes: Array<[number, Parameters<ReturnType<typeof createSimulation>['apply']>[0]]>) => {
    const sim = createSimulation(mixedLine(), { seed: 5, replication: 0, warmup: 0 });
    for (const [t, iv] of changes) {
      sim.runUntil(t);
      expect(sim.apply(iv)).toBeNull();
    }
    sim.runUntil(2 * DAY);
    return sim.report();
  };

  it('a perfect camera from noon on stops the escapes; a mix of B only makes only B', () => {
    const before = run([]);
    const after = run([
      [DAY, { type: 'set', station: 'CAM', param: 'detect', value: 1 }],
      [DAY, { type: 'set', station: 'CAM', param: 'falseReject', value: 0 }],
      [DAY, { type: 'set', station: 'IN', param: 'mix', value: { A: 0, B: 1 } }],
    ]);
    expect(after.quality!.escapes).toBeLessThan(before.quality!.escapes / 1.5);
    expect(after.products!.B!.good).toBeGreaterThan(before.products!.B!.good * 1.5);
    expect(after.products!.A!.good).toBeLessThan(before.products!.A!.good * 0.55); // none after the first day
    // and the same changes at the same times give the same run
    const again = run([
      [DAY, { type: 'set', station: 'CAM', param: 'detect', value: 1 }],
      [DAY, { type: 'set', station: 'CAM', param: 'falseReject', value: 0 }],
      [DAY, { type: 'set', station: 'IN', param: 'mix', value: { A: 0, B: 1 } }],
    ]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(after));
  });

  it('a batch sequence set live, then defects per product', () => {
    const r = run([
      [HOUR, { type: 'set', station: 'IN', param: 'sequence', value: { batch: 10 } }],
      [HOUR, { type: 'set', station: 'M1', param: 'defects', value: { B: 0 } }],
    ]);
    expect(Math.abs(r.products!.A!.good - r.products!.B!.good)).toBeLessThan(0.1 * r.produced.good);
  });

  it('refuses what cannot change, naming the station, product or value', () => {
    const sim = createSimulation(mixedLine(), { seed: 5, replication: 0, warmup: 0 });
    expect(sim.apply({ type: 'set', station: 'M1', param: 'detect', value: 0.5 })).toBe(
      'M1 is not an inspection; detect can be changed on inspections only',
    );
    expect(sim.apply({ type: 'set', station: 'CAM', param: 'detect', value: 1.5 })).toBe('detect must be a probability in [0, 1]');
    expect(sim.apply({ type: 'set', station: 'CAM', param: 'defects', value: 0.1 })).toMatch(/^CAM makes no defects in the scene/);
    expect(sim.apply({ type: 'set', station: 'M1', param: 'defects', value: { C: 0.1 } })).toBe(
      'defects.C: no product "C" (products: A, B)',
    );
    expect(sim.apply({ type: 'set', station: 'IN', param: 'mix', value: { A: 0.5, B: 0.4 } })).toBe(
      'mix: shares must sum to 1 (they sum to 0.9)',
    );
    expect(sim.apply({ type: 'set', station: 'M1', param: 'mix', value: { A: 1 } })).toBe(
      'M1 is a machine; the product mix is set on sources',
    );
    expect(sim.apply({ type: 'set', station: 'IN', param: 'sequence', value: ['A', 'X'] })).toBe(
      'sequence: no product "X" (products: A, B)',
    );
    expect(sim.apply({ type: 'set', station: 'IN', param: 'sequence', value: { batch: 10 } })).toBeNull();
    expect(sim.apply({ type: 'set', station: 'IN', param: 'mix', value: { A: 0.5, B: 0.5 } })).toBe(
      'IN releases in a batch: set its sequence to random to release by shares',
    );
  });
});

describe('a live cycle time on a machine with one per product', () => {
  it('applies to every product', () => {
    const sim = createSimulation(mixedLine(), { seed: 5, replication: 0, warmup: 0 });
    expect(sim.apply({ type: 'set', station: 'M1', param: 'cycleTime', value: constant(20) })).toBeNull();
    sim.runUntil(DAY);
    // M1 at 20 s a part for A and B alike: 4320 parts a day, give or take the one in progress
    expect(Math.abs(sim.report().stations.M1!.processed - DAY / 20)).toBeLessThanOrEqual(1);
  });
});

describe('a manual check on the reject route', () => {
  it('counts a part the camera caught once in the line detected, and again in its own', () => {
    const camera: MachineSpec = {
      ...machine('CAM', constant(5)),
      type: 'inspection',
      inspection: { detect: 0.9, falseReject: 0.01, reject: { to: 'CHECK' } },
    };
    const check: MachineSpec = {
      ...machine('CHECK', constant(5)),
      type: 'inspection',
      inspection: { detect: 1, falseReject: 0, reject: 'scrap' },
    };
    const line: LineSpec = {
      name: 'camera and manual check',
      stations: [
        { id: 'IN', type: 'source' },
        machine('M1', constant(10), { defects: [0.05] }),
        camera,
        check,
        { id: 'OUT', type: 'sink' },
      ],
      edges: [
        { from: 'IN', to: 'M1' },
        { from: 'M1', to: 'CAM' },
        { from: 'CAM', to: 'OUT' },
        { from: 'CAM', to: 'CHECK' },
        { from: 'CHECK', to: 'OUT' },
      ],
    };
    const [r] = replicate(line, 1, 5 * DAY, 0);
    const cam = r!.stations.CAM!.quality!;
    const chk = r!.stations.CHECK!.quality!;
    expect(chk.detected).toBeGreaterThan(100);
    expect(Math.abs(chk.detected - cam.detected)).toBeLessThanOrEqual(1); // every defective reject, caught again
    expect(r!.quality!.detected).toBe(cam.detected);
    expect(r!.quality!.falseRejects).toBe(cam.falseRejects);
    expect(r!.produced.scrap).toBe(chk.detected); // good parts the camera rejected by mistake are passed on
  });
});

describe('line OEE with quality', () => {
  const line = (defects: number, extra: Partial<MachineSpec> = {}): LineSpec =>
    serial([
      { id: 'IN', type: 'source' },
      machine('M1', constant(10), { defects: [defects] }),
      { ...machine('CAM', constant(5)), type: 'inspection', inspection: { detect: 1, falseReject: 0, reject: 'scrap' }, ...extra },
      { id: 'OUT', type: 'sink' },
    ]);

  it('follows a live change of the defect rate (the work per good part changes with it)', () => {
    const live = createSimulation(line(0.3), { seed: 2, replication: 0, warmup: 0 });
    expect(live.apply({ type: 'set', station: 'M1', param: 'defects', value: 0 })).toBeNull();
    live.runUntil(DAY);
    const plain = createSimulation(line(0), { seed: 2, replication: 0, warmup: 0 });
    plain.runUntil(DAY);
    expect(live.report().oee).toBeCloseTo(plain.report().oee, 12);
    expect(live.report().oee).toBeLessThanOrEqual(1);
  });

  it('rework and reject to scrap on one inspection: the visits count the reworked parts it scraps', () => {
    const both = line(0.5, { rework: { probability: 0.5, to: 'R' } });
    both.stations.splice(3, 0, machine('R', constant(1)));
    both.edges = [
      { from: 'IN', to: 'M1' },
      { from: 'M1', to: 'CAM' },
      { from: 'CAM', to: 'OUT' },
      { from: 'CAM', to: 'R' },
      { from: 'R', to: 'OUT' },
    ];
    const [r] = replicate(both, 1, 5 * DAY, 0);
    // every good part costs M1 1 / (1 - 0.5) = 2 parts: the line OEE is its throughput at M1's 10 s ideal per 2 parts
    expect(r!.oee).toBeCloseTo((r!.throughputPerHour * 20) / HOUR, 2);
  });
});

describe('a repair loop back to the camera', () => {
  it('counts each defective part once in the line detected, however often the camera rejects it', () => {
    const cam: MachineSpec = {
      ...machine('CAM', constant(5)),
      type: 'inspection',
      inspection: { detect: 0.9, falseReject: 0.01, reject: { to: 'REPAIR' } },
    };
    const line: LineSpec = {
      name: 'loop',
      stations: [
        { id: 'IN', type: 'source' },
        machine('M1', constant(10), { defects: [0.2] }),
        cam,
        machine('REPAIR', constant(5), { repairs: 0.5 }),
        { id: 'OUT', type: 'sink' },
      ],
      edges: [
        { from: 'IN', to: 'M1' },
        { from: 'M1', to: 'CAM' },
        { from: 'CAM', to: 'OUT' },
        { from: 'CAM', to: 'REPAIR' },
        { from: 'REPAIR', to: 'CAM' },
      ],
    };
    const [r] = replicate(line, 1, 5 * DAY, 0);
    const q = r!.quality!;
    expect(r!.stations.CAM!.quality!.detected).toBeGreaterThan(q.detected * 1.2); // half the repairs fail: caught again
    expect(q.detected).toBeLessThanOrEqual(q.defectsMade);
    expect(Math.abs(q.detected - 0.9 * q.defectsMade)).toBeLessThan(4 * Math.sqrt(0.09 * q.defectsMade) + 10);
  });
});
