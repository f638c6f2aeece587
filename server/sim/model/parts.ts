import type { Seconds } from '../types.ts';

/**
 * Parts in the system, as recycled slots in typed arrays: a part is a small integer, not an object, so a
 * year-long run allocates nothing per part. Ids are unique over the run, for the live view. A part's tag holds its
 * product and quality flags (types.ts, PART_*): 0 for a good part of the first product.
 */
export interface PartPool {
  born: Float64Array; // s, time the part entered the line
  id: Float64Array;
  tag: Uint8Array;
  free: number[];
  live: number;
  nextId: number;
}

/** Creates an empty pool. */
export function createPartPool(): PartPool {
  return { born: new Float64Array(256), id: new Float64Array(256), tag: new Uint8Array(256), free: [], live: 0, nextId: 0 };
}

function grow(pool: PartPool): void {
  const n = pool.born.length * 2;
  const born = new Float64Array(n);
  born.set(pool.born);
  pool.born = born;
  const id = new Float64Array(n);
  id.set(pool.id);
  pool.id = id;
  const tag = new Uint8Array(n);
  tag.set(pool.tag);
  pool.tag = tag;
}

/** Takes a slot for a new part of tag `tag` (its product) born at `now`; returns the slot. */
export function newPart(pool: PartPool, now: Seconds, tag: number): number {
  let slot = pool.free.pop();
  if (slot === undefined) {
    slot = pool.live;
    if (slot >= pool.born.length) grow(pool);
  }
  pool.born[slot] = now;
  pool.id[slot] = pool.nextId++;
  pool.tag[slot] = tag;
  pool.live++;
  return slot;
}

/** Returns a part's slot to the pool. */
export function freePart(pool: PartPool, slot: number): void {
  pool.free.push(slot);
  pool.live--;
}
