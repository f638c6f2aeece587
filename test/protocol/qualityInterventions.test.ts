import { describe, expect, it } from 'vitest';
import { describeZodError, interventionSchema } from '../../server/protocol/schemas.ts';

/**
 * The quality and product-mix interventions at the server edge (issue 13): what an operator may send for detect,
 * falseReject, defects, mix and sequence, and a message naming the field when a value is wrong.
 */

const set = (station: string, param: string, value: unknown) => ({ type: 'set', station, param, value });
/** The message the server answers a bad payload with, or null when it parses. */
const error = (payload: unknown): string | null => {
  const r = interventionSchema.safeParse(payload);
  return r.success ? null : describeZodError(r.error);
};

describe('quality interventions on the wire', () => {
  it('accepts detection and false-reject rates in [0, 1]', () => {
    for (const v of [0, 0.5, 1]) {
      expect(error(set('CAM', 'detect', v))).toBeNull();
      expect(error(set('CAM', 'falseReject', v))).toBeNull();
    }
  });

  it('rejects rates outside [0, 1] or not numbers, naming the value', () => {
    expect(error(set('CAM', 'detect', 1.2))).toBe('value: detect must be a probability in [0, 1]');
    expect(error(set('CAM', 'falseReject', -0.1))).toBe('value: falseReject must be a probability in [0, 1]');
    expect(error(set('CAM', 'detect', '0.9'))).toBe('value: detect must be a probability in [0, 1]');
    expect(error(set('CAM', 'detect', NaN))).toBe('value: detect must be a probability in [0, 1]');
  });

  it('accepts defects as one rate in [0, 1) or a rate per product id', () => {
    expect(error(set('M1', 'defects', 0))).toBeNull();
    expect(error(set('M1', 'defects', 0.02))).toBeNull();
    expect(error(set('M1', 'defects', { A: 0.01, B: 0.04 }))).toBeNull();
  });

  it('rejects a defect rate of 1, a bad product id and too many products', () => {
    expect(error(set('M1', 'defects', 1))).toContain('defects must be a probability in [0, 1)');
    expect(error(set('M1', 'defects', { A: 1 }))).toContain('defects must be a probability in [0, 1)');
    expect(error(set('M1', 'defects', { 'A B': 0.1 }))).toMatch(/value/);
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`P${i}`, 0.01]));
    expect(error(set('M1', 'defects', many))).toMatch(/value.*at most 32 products/);
  });

  it('accepts a mix whose shares sum to 1 and rejects one that does not, saying so', () => {
    expect(error(set('IN', 'mix', { A: 0.7, B: 0.3 }))).toBeNull();
    expect(error(set('IN', 'mix', { A: 0.1, B: 0.2, C: 0.7 }))).toBeNull(); // 0.1 + 0.2 is not exactly 0.3
    expect(error(set('IN', 'mix', { A: 0.7, B: 0.4 }))).toBe('value: mix: shares must sum to 1');
    expect(error(set('IN', 'mix', { A: -0.5, B: 1.5 }))).toMatch(/^value\.A: a share must be a probability/);
    expect(error(set('IN', 'mix', 0.7))).toMatch(/^value: /);
  });

  it('accepts a sequence as random, a batch size or a pattern of product ids', () => {
    expect(error(set('IN', 'sequence', 'random'))).toBeNull();
    expect(error(set('IN', 'sequence', { batch: 50 }))).toBeNull();
    expect(error(set('IN', 'sequence', ['A', 'A', 'B']))).toBeNull();
  });

  it('rejects a batch below 1 or not whole, an empty or overlong pattern, and other words', () => {
    for (const bad of [{ batch: 0 }, { batch: 2.5 }, { batch: 50, extra: 1 }, [], Array(1001).fill('A'), 'batch', ['A', '']]) {
      expect(error(set('IN', 'sequence', bad)), JSON.stringify(bad).slice(0, 40)).toMatch(/^value/);
    }
  });
});
