import { describe, expect, it } from 'vitest';
import { createWorld } from '../../server/sim/model/world.ts';
import { expectedVisits } from '../../server/sim/model/visits.ts';
import type { LineSpec, MachineSpec, StationSpec } from '../../server/sim/spec.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/** Expected visits per good part from the line's structure, on small lines where they follow by hand. */

function visitsOf(line: LineSpec): Record<string, number> {
  const w = createWorld(line, 1, 0, null);
  const v = expectedVisits(w);
  return Object.fromEntries(w.machines.map((st) => [st.id, v[st.bottleneckIndex]!]));
}

function withEdges(stations: StationSpec[], edges: Array<[string, string]>): LineSpec {
  return { name: 'visits test', stations, edges: edges.map(([from, to]) => ({ from, to })) };
}

const assembly = (id: string, inputs: Record<string, number>, extra: Partial<MachineSpec> = {}): MachineSpec => ({
  ...machine(id, constant(1), extra),
  type: 'assembly',
  inputs,
});

describe('expected visits per good part', () => {
  it('serial line: every machine once', () => {
    expect(
      visitsOf(
        serial([
          { id: 'IN', type: 'source' },
          machine('M1', constant(1)),
          { id: 'B', type: 'buffer', capacity: 3 },
          machine('M2', constant(2)),
          { id: 'OUT', type: 'sink' },
        ]),
      ),
    ).toEqual({ M1: 1, M2: 1 });
  });

  it('scrap: a machine works 1 / (product of the survival rates from it on) per good part', () => {
    const v = visitsOf(
      serial([
        { id: 'IN', type: 'source' },
        machine('M1', constant(1), { scrap: 0.1 }),
        machine('M2', constant(1), { scrap: 0.2 }),
        machine('M3', constant(1)),
        { id: 'OUT', type: 'sink' },
      ]),
    );
    expect(v.M1).toBeCloseTo(1 / (0.9 * 0.8), 12);
    expect(v.M2).toBeCloseTo(1 / 0.8, 12);
    expect(v.M3).toBeCloseTo(1, 12);
  });

  it('rework loop: inspection sees each part 1 / (1 - p) times, rework p / (1 - p) times', () => {
    // per part in: AOI handles x = 1 + 0.2 x 0.9 x (rework scraps 10 %), so x = 1 / 0.82; good = 0.8 x
    const v = visitsOf(
      withEdges(
        [
          { id: 'IN', type: 'source' },
          machine('M', constant(1)),
          machine('AOI', constant(0.5), { rework: { probability: 0.2, to: 'RACK' } }),
          { id: 'RACK', type: 'buffer', capacity: Infinity },
          machine('RW', constant(3), { scrap: 0.1 }),
          { id: 'OUT', type: 'sink' },
        ],
        [
          ['IN', 'M'],
          ['M', 'AOI'],
          ['AOI', 'OUT'],
          ['AOI', 'RACK'],
          ['RACK', 'RW'],
          ['RW', 'AOI'],
        ],
      ),
    );
    expect(v.AOI).toBeCloseTo(1.25, 12);
    expect(v.RW).toBeCloseTo(0.25, 12);
    expect(v.M).toBeCloseTo(0.82 / 0.8, 12);
  });

  it('parallel split of unequal machines: shares in proportion to capacity, through a buffer too', () => {
    // Ma: 1 unit of 2 s = 0.5 part/s; Mb: 2 units of 3 s = 0.667 part/s: shares 3/7 and 4/7
    const stations: StationSpec[] = [
      { id: 'IN', type: 'source' },
      { id: 'B', type: 'buffer', capacity: 2 },
      machine('Ma', constant(2)),
      machine('Mb', constant(3), { servers: 2 }),
      { id: 'OUT', type: 'sink' },
    ];
    const direct = withEdges(
      stations.filter((s) => s.id !== 'B'),
      [
        ['IN', 'Ma'],
        ['IN', 'Mb'],
        ['Ma', 'OUT'],
        ['Mb', 'OUT'],
      ],
    );
    const viaBuffer = withEdges(stations, [
      ['IN', 'Ma'],
      ['IN', 'B'],
      ['B', 'Mb'],
      ['Ma', 'OUT'],
      ['Mb', 'OUT'],
    ]);
    for (const line of [direct, viaBuffer]) {
      const v = visitsOf(line);
      expect(v.Ma).toBeCloseTo(3 / 7, 12);
      expect(v.Mb).toBeCloseTo(4 / 7, 12);
    }
  });

  it('assembly 2:1: the two-part input works twice per good part, scrap before the assembly on top', () => {
    const line = (interarrivalB: boolean): LineSpec =>
      withEdges(
        [
          { id: 'SA', type: 'source' },
          interarrivalB ? { id: 'SB', type: 'source', interarrival: constant(5) } : { id: 'SB', type: 'source' },
          machine('MA', constant(0.5), { scrap: 0.5 }),
          machine('MB', constant(1)),
          { id: 'BA', type: 'buffer', capacity: 4 },
          { id: 'BB', type: 'buffer', capacity: 4 },
          assembly('ASM', { BA: 2, BB: 1 }, { scrap: 0.2 }),
          { id: 'OUT', type: 'sink' },
        ],
        [
          ['SA', 'MA'],
          ['SB', 'MB'],
          ['MA', 'BA'],
          ['MB', 'BB'],
          ['BA', 'ASM'],
          ['BB', 'ASM'],
          ['ASM', 'OUT'],
        ],
      );
    // both sources unlimited, or B arriving at its own rate: A adapts to what the assembly needs either way
    for (const v of [visitsOf(line(false)), visitsOf(line(true))]) {
      expect(v.ASM).toBeCloseTo(1 / 0.8, 12);
      expect(v.MB).toBeCloseTo(1 / 0.8, 12);
      expect(v.MA).toBeCloseTo(2 / 0.8 / 0.5, 12);
    }
  });

  it('two sources merging: weighted by their arrival rates', () => {
    const v = visitsOf(
      withEdges(
        [
          { id: 'S1', type: 'source', interarrival: constant(2) },
          { id: 'S2', type: 'source', interarrival: { dist: 'exponential', mean: 1 } },
          machine('M1', constant(1)),
          machine('M2', constant(1)),
          machine('M3', constant(0.2)),
          { id: 'OUT', type: 'sink' },
        ],
        [
          ['S1', 'M1'],
          ['S2', 'M2'],
          ['M1', 'M3'],
          ['M2', 'M3'],
          ['M3', 'OUT'],
        ],
      ),
    );
    expect(v.M1).toBeCloseTo(1 / 3, 12);
    expect(v.M2).toBeCloseTo(2 / 3, 12);
    expect(v.M3).toBeCloseTo(1, 12);
  });

  it('parts that can never get out: no visits', () => {
    const v = visitsOf(
      withEdges(
        [
          { id: 'IN', type: 'source' },
          machine('M', constant(1), { rework: { probability: 1, to: 'RACK' } }),
          { id: 'RACK', type: 'buffer', capacity: Infinity },
          { id: 'OUT', type: 'sink' },
        ],
        [
          ['IN', 'M'],
          ['M', 'OUT'],
          ['M', 'RACK'],
          ['RACK', 'M'],
        ],
      ),
    );
    expect(v).toEqual({ M: 0 });
  });

  describe('with defects and an inspection (two classes of parts: good and defective)', () => {
    const p1 = 0.02,
      p2 = 0.05,
      detect = 0.9,
      falseReject = 0.01;
    const q = 1 - (1 - p1) * (1 - p2);
    const rejected = q * detect + (1 - q) * falseReject;
    const cam = (reject: 'scrap' | { to: string }): MachineSpec => ({
      ...machine('CAM', constant(1)),
      type: 'inspection',
      inspection: { detect, falseReject, reject },
    });
    const head: StationSpec[] = [
      { id: 'IN', type: 'source' },
      machine('M1', constant(1), { defects: [p1] }),
      machine('M2', constant(1), { defects: [p2] }),
    ];

    it('rejects to scrap: every machine up to the camera works 1 / (1 - reject rate) per part shipped', () => {
      const v = visitsOf(serial([...head, cam('scrap'), { id: 'OUT', type: 'sink' }]));
      for (const id of ['M1', 'M2', 'CAM']) expect(v[id]).toBeCloseTo(1 / (1 - rejected), 12);
    });

    /** The camera rejects to a repair station that sends its parts on to `then`. */
    const withRepair = (then: 'OUT' | 'CAM'): LineSpec =>
      withEdges(
        [...head, cam({ to: 'REPAIR' }), machine('REPAIR', constant(1), { repairs: 0.8 }), { id: 'OUT', type: 'sink' }],
        [
          ['IN', 'M1'],
          ['M1', 'M2'],
          ['M2', 'CAM'],
          ['CAM', 'OUT'],
          ['CAM', 'REPAIR'],
          ['REPAIR', then],
        ],
      );

    it('rejects to a repair station: the repair station works the reject rate per part shipped', () => {
      const v = visitsOf(withRepair('OUT'));
      expect(v.CAM).toBeCloseTo(1, 12);
      expect(v.REPAIR).toBeCloseTo(rejected, 12);
    });

    it('a repair loop back to the camera: the visits solve the loop per class of part', () => {
      const v = visitsOf(withRepair('CAM'));
      // a defective part returns until it passes: camera visits per part = 1 + rejects; solved by hand per class
      // good part: passes with 1 - f, else loops as good (repair keeps it good); defective: detected with d, repaired with r
      const goodLoops = 1 / (1 - falseReject); // visits of a good part
      const defectiveVisits = (1 + detect * 0.8 * goodLoops) / (1 - detect * 0.2);
      expect(v.CAM).toBeCloseTo((1 - q) * goodLoops + q * defectiveVisits, 9);
      expect(v.REPAIR).toBeCloseTo(v.CAM! - 1, 9);
    });
  });
});
