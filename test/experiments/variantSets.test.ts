import { describe, expect, it } from 'vitest';
import { setFactors, variantSets } from '../../src/experiments/variantSets.ts';

/** Values the variants of an experiment `set`, read from its text as the Experiments view's charts read them. */

const TEXT = `name: t
scene: s.yaml
variants:
  - name: baseline
  - name: short
    set: { A.standby.after: 5s, B.standby.after: 5s }
  - name: long
    set: { B.standby.after: 2 minutes, A.standby.after: 120 }
  - name: mixed
    set: { A.standby.after: 5s, B.standby.after: 10s }
  - name: cycle 1
    set: { M2.cycleTime.mean: 1.1 }
  - name: cycle 2
    set: { M2.cycleTime.mean: 1.3 }
  - name: buffers
    set: { B1.capacity: unlimited }
`;

describe('the values variants set', () => {
  it('lists each variant that sets something, in file order', () => {
    expect(variantSets(TEXT).map((v) => v.name)).toEqual(['short', 'long', 'mixed', 'cycle 1', 'cycle 2', 'buffers']);
    expect(variantSets('name: [oops')).toEqual([]);
    expect(variantSets(undefined)).toEqual([]);
  });

  it('is a factor where variants set one number or duration on the same paths, whatever their order or form', () => {
    const factors = setFactors(TEXT);
    expect(factors.map((f) => [f.label, [...f.values]])).toEqual([
      [
        '*.standby.after',
        [
          ['short', '5s'],
          ['long', '2 minutes'],
        ],
      ],
      [
        'M2.cycleTime.mean',
        [
          ['cycle 1', 1.1],
          ['cycle 2', 1.3],
        ],
      ],
    ]);
    // 'mixed' sets two values, 'buffers' no number, the baseline nothing: none of them is on an axis
  });

  it('needs two different values', () => {
    const one = 'variants:\n  - name: a\n    set: { A.x: 5s }\n  - name: b\n    set: { A.x: 5 }\n';
    expect(setFactors(one)).toEqual([]);
  });
});
