/**
 * Parts currently drawn, in typed arrays (no object per part): where each one came from, where it goes, and
 * the sim-time window of the move. Each station keeps its parts in a list, oldest first, so that when a move
 * was dropped by the server at high speed (frames cap moves) the stale part is evicted as soon as the station
 * holds more parts than it can: a single-unit machine never shows two parts.
 */

/** Sim seconds a part that reached the sink stays visible after its end, so it is seen arriving. */
export const END_LINGER = 1;

/** Most parts the table holds; beyond it new parts are ignored (counted in `overflow`). */
const MAX_PARTS = 65_536;

/** The mutable part table. Iterate `dense[0..count)` for the slots in use. */
export interface PartTable {
  count: number;
  capacity: number;
  /** Slots in use, packed at the front. */
  dense: Int32Array;
  id: Float64Array;
  from: Int32Array;
  to: Int32Array;
  t0: Float64Array;
  t1: Float64Array;
  /** Sim time the part left the system (Infinity while it is in). */
  endT: Float64Array;
  scrap: Uint8Array;
  /** The part's tag from its latest move (product index x 8 + flags, see PART_* in the protocol); 0 when none was sent. */
  tag: Uint8Array;
  /** Parts not added because the table was full. */
  overflow: number;
  /** Bumped when the arrays are reallocated (renderers resize their instance buffers). */
  generation: number;
}

interface Internals {
  slotOf: Map<number, number>;
  free: number[];
  denseIndex: Int32Array;
  prev: Int32Array;
  next: Int32Array;
  head: Int32Array; // per station
  tail: Int32Array;
  held: Int32Array; // parts listed per station
}

type Table = PartTable & { _: Internals };

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Creates an empty table for `stations` stations. */
export function createPartTable(stations: number, capacity = 1024): PartTable {
  const t: Table = {
    count: 0,
    capacity,
    overflow: 0,
    generation: 0,
    dense: new Int32Array(capacity),
    id: new Float64Array(capacity),
    from: new Int32Array(capacity),
    to: new Int32Array(capacity),
    t0: new Float64Array(capacity),
    t1: new Float64Array(capacity),
    endT: new Float64Array(capacity).fill(Infinity),
    scrap: new Uint8Array(capacity),
    tag: new Uint8Array(capacity),
    _: {
      slotOf: new Map(),
      free: [],
      denseIndex: new Int32Array(capacity),
      prev: new Int32Array(capacity).fill(-1),
      next: new Int32Array(capacity).fill(-1),
      head: new Int32Array(stations).fill(-1),
      tail: new Int32Array(stations).fill(-1),
      held: new Int32Array(stations),
    },
  };
  for (let i = capacity - 1; i >= 0; i--) t._.free.push(i);
  return t;
}

function expand(t: Table): boolean {
  if (t.capacity >= MAX_PARTS) return false;
  const size = Math.min(MAX_PARTS, t.capacity * 2);
  t.dense = grow(t.dense, size);
  t.id = grow(t.id, size);
  t.from = grow(t.from, size);
  t.to = grow(t.to, size);
  t.t0 = grow(t.t0, size);
  t.t1 = grow(t.t1, size);
  t.endT = grow(t.endT, size, Infinity);
  t.scrap = grow(t.scrap, size);
  t.tag = grow(t.tag, size);
  t._.denseIndex = grow(t._.denseIndex, size);
  t._.prev = grow(t._.prev, size, -1);
  t._.next = grow(t._.next, size, -1);
  for (let i = size - 1; i >= t.capacity; i--) t._.free.push(i);
  t.capacity = size;
  t.generation++;
  return true;
}

function unlink(t: Table, slot: number): void {
  const s = t.to[slot]!;
  const { prev, next, head, tail, held } = t._;
  if (s < 0 || s >= head.length) return;
  const p = prev[slot]!,
    n = next[slot]!;
  if (p >= 0) next[p] = n;
  else head[s] = n;
  if (n >= 0) prev[n] = p;
  else tail[s] = p;
  prev[slot] = -1;
  next[slot] = -1;
  held[s]!--;
}

function link(t: Table, slot: number): void {
  const s = t.to[slot]!;
  const { prev, next, head, tail, held } = t._;
  if (s < 0 || s >= head.length) return;
  const last = tail[s]!;
  prev[slot] = last;
  next[slot] = -1;
  if (last >= 0) next[last] = slot;
  else head[s] = slot;
  tail[s] = slot;
  held[s]!++;
}

/** Removes a slot from the table. */
export function removeSlot(table: PartTable, slot: number): void {
  const t = table as Table;
  unlink(t, slot);
  t._.slotOf.delete(t.id[slot]!);
  const di = t._.denseIndex[slot]!,
    lastSlot = t.dense[t.count - 1]!;
  t.dense[di] = lastSlot;
  t._.denseIndex[lastSlot] = di; // swap-remove keeps `dense` packed
  t.count--;
  t.endT[slot] = Infinity;
  t._.free.push(slot);
}

/**
 * Records that part `id` left `from` at `t0` and is in `to`, ready to leave at `t1`; adds the part if new. Its tag is
 * reset to 0: a move without a tag entry carries none (setPartTag follows for those that do).
 */
export function movePart(table: PartTable, id: number, from: number, to: number, t0: number, t1: number): void {
  const t = table as Table;
  let slot = t._.slotOf.get(id);
  if (slot === undefined) {
    if (t._.free.length === 0 && !expand(t)) {
      t.overflow++;
      return;
    }
    slot = t._.free.pop()!;
    t._.slotOf.set(id, slot);
    t._.denseIndex[slot] = t.count;
    t.dense[t.count++] = slot;
    t.id[slot] = id;
    t.to[slot] = -1;
    t.endT[slot] = Infinity;
    t.scrap[slot] = 0;
  } else {
    unlink(t, slot);
  }
  t.from[slot] = from;
  t.to[slot] = to;
  t.t0[slot] = t0;
  t.t1[slot] = t1;
  t.tag[slot] = 0;
  link(t, slot);
}

/** Sets the tag of part `id` (its product and quality flags); unknown ids are ignored. */
export function setPartTag(table: PartTable, id: number, tag: number): void {
  const slot = (table as Table)._.slotOf.get(id);
  if (slot !== undefined) table.tag[slot] = tag;
}

/** Marks part `id` as gone at `t` (at `station`; scrapped or finished). Unknown ids are ignored. */
export function endPart(table: PartTable, id: number, t: number, scrap: boolean): void {
  const tt = table as Table;
  const slot = tt._.slotOf.get(id);
  if (slot === undefined) return;
  tt.endT[slot] = t;
  tt.scrap[slot] = scrap ? 1 : 0;
}

/** Parts currently listed at a station. */
export function heldAt(table: PartTable, station: number): number {
  return (table as Table)._.held[station] ?? 0;
}

/** Evicts the oldest parts of `station` until it lists at most `limit`: their later moves were not sent. */
export function evictOver(table: PartTable, station: number, limit: number): void {
  const t = table as Table;
  while ((t._.held[station] ?? 0) > limit) {
    const oldest = t._.head[station]!;
    if (oldest < 0) return;
    removeSlot(t, oldest);
  }
}

/** Drops parts that ended more than END_LINGER sim seconds before `now`. */
export function pruneEnded(table: PartTable, now: number): void {
  for (let i = table.count - 1; i >= 0; i--) {
    const slot = table.dense[i]!;
    if (table.endT[slot]! + END_LINGER <= now) removeSlot(table, slot);
  }
}

/** The slot of part `id`, or -1 when it is not in the table. */
export function slotOfPart(table: PartTable, id: number): number {
  return (table as Table)._.slotOf.get(id) ?? -1;
}
