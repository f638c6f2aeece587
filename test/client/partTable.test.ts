import { describe, expect, it } from 'vitest';
import { createPartTable, endPart, evictOver, heldAt, movePart, pruneEnded, removeSlot, slotOfPart } from '../../src/state/partTable.ts';

describe('part table', () => {
  it('adds, moves and removes parts keeping the dense list packed', () => {
    const t = createPartTable(4, 4);
    movePart(t, 1, 0, 1, 0, 1);
    movePart(t, 2, 0, 1, 0, 1);
    movePart(t, 3, 0, 2, 0, 1);
    expect(t.count).toBe(3);
    expect(heldAt(t, 1)).toBe(2);
    movePart(t, 1, 1, 2, 1, 2);
    expect(heldAt(t, 1)).toBe(1);
    expect(heldAt(t, 2)).toBe(2);
    removeSlot(t, slotOfPart(t, 2));
    expect(t.count).toBe(2);
    const ids = Array.from(t.dense.subarray(0, t.count), (s) => t.id[s]).sort();
    expect(ids).toEqual([1, 3]);
  });

  it('grows when full and reports it through the generation', () => {
    const t = createPartTable(2, 2);
    for (let i = 0; i < 5; i++) movePart(t, i, 0, 1, 0, 1);
    expect(t.count).toBe(5);
    expect(t.capacity).toBe(8);
    expect(t.generation).toBe(2);
    for (let i = 0; i < 5; i++) expect(t.id[slotOfPart(t, i)]).toBe(i);
  });

  it('evicts the oldest parts of a station first', () => {
    const t = createPartTable(3);
    movePart(t, 1, 0, 1, 0, 1);
    movePart(t, 2, 0, 1, 1, 2);
    movePart(t, 3, 0, 1, 2, 3);
    evictOver(t, 1, 1);
    expect(slotOfPart(t, 1)).toBe(-1);
    expect(slotOfPart(t, 2)).toBe(-1);
    expect(slotOfPart(t, 3)).toBeGreaterThanOrEqual(0);
  });

  it('prunes ended parts after the linger time', () => {
    const t = createPartTable(3);
    movePart(t, 1, 0, 2, 0, 0);
    endPart(t, 1, 10, false);
    endPart(t, 99, 10, false); // unknown: ignored
    pruneEnded(t, 10.5);
    expect(t.count).toBe(1);
    pruneEnded(t, 11);
    expect(t.count).toBe(0);
  });
});
