import type { Seconds } from '../types.ts';

/**
 * Parts in the system, as recycled slots in typed arrays: a part is a small integer, not an object, so a
 * year-long run allocates nothing per part. Ids are unique over the run, for the live view.
 */
export interface PartPool {
  born: Float64Array; // s, time the part entered the line
  id: Float64Array;
  free: number[];
  live: number;
  nextId: number;
}

/** Creates an empty pool. */
export function createPartPool(): PartPool {
  return { born: new Float64Array(256), id: new Float64Array(256), free: [], live: 0, nextId: 0 };
}

/** Takes a slot for a new part born at `now`; returns the slot. */
export function newPart(pool: PartPool, now: Seconds): number {
  let slot = pool.free.pop();
  if (slot === undefined) {
    slot = pool.live;
    if (slot >= pool.born.length) {
      const born = new Float64Array(pool.born.length * 2);
      born.set(pool.born);
      pool.born = born;
      const id = new Float64Array(pool.id.length * 2);
      id.set(pool.id);
      pool.id = id;
    }
  }
  pool.born[slot] = now;
  pool.id[slot] = pool.nextId++;
  pool.live++;
  return slot;
}

/** Returns a part's slot to the pool. */
export function freePart(pool: PartPool, slot: number): void {
  pool.free.push(slot);
  pool.live--;
}
