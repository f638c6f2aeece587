/**
 * Condition readings of wearing machines in the browser: the latest reading, wear stage and open warning of every
 * unit, and a ring of its last RING_SIZE readings for the inspector's sparkline. Plain typed arrays indexed like
 * the frame buffer's units (FrameBuffer.unitOffset), filled from snapshot and frame `readings` tuples
 * [station, unit, value, stage, warned]; nothing here triggers React.
 */

/** Readings kept per unit for the sparkline. */
export const RING_SIZE = 120;
/** Fields of one wire tuple. */
const TUPLE = 5;

/** Readings of every unit of a line. */
export interface ReadingTable {
  /** Latest reading per unit; NaN before the first. */
  value: Float64Array;
  stage: Uint8Array;
  /** 1 while a warning is open on the unit (cleared when it is taken down for repair or service). */
  warned: Uint8Array;
  /** Per station: 1 when any of its units has an open warning (labels and stack lights). */
  stationWarned: Uint8Array;
  /** Rings, RING_SIZE slots per unit: simulated time and value of each reading. */
  ringT: Float64Array;
  ringV: Float32Array;
  /** Readings stored per unit (the ring holds the last min(count, RING_SIZE)). */
  count: Uint32Array;
  /** Bumped whenever a reading or warning changes. */
  version: number;
}

/** An empty table for `units` units over `stations` stations. */
export function createReadingTable(units: number, stations: number): ReadingTable {
  return {
    value: new Float64Array(units).fill(NaN),
    stage: new Uint8Array(units),
    warned: new Uint8Array(units),
    stationWarned: new Uint8Array(stations),
    ringT: new Float64Array(units * RING_SIZE),
    ringV: new Float32Array(units * RING_SIZE),
    count: new Uint32Array(units),
    version: 0,
  };
}

/**
 * Applies flat [station, unit, value, stage, warned] tuples read at simulated time `t`. A tuple repeating the
 * unit's latest value and stage with its warning changed is a warning update, not a reading: it adds no ring point.
 * Out-of-range tuples are skipped.
 */
export function applyReadings(
  table: ReadingTable,
  flat: readonly number[] | undefined,
  unitOffset: Int32Array,
  unitCount: Int32Array,
  t: number,
): void {
  if (!flat || !(flat.length > 0)) return;
  const touched = new Set<number>();
  for (let i = 0; i + TUPLE - 1 < flat.length; i += TUPLE) {
    const s = flat[i]!,
      u = flat[i + 1]!,
      v = flat[i + 2]!,
      stage = flat[i + 3]!;
    if (!(s >= 0 && s < unitCount.length && u >= 0 && u < unitCount[s]!) || !Number.isFinite(v)) continue;
    const g = unitOffset[s]! + u;
    const warned = flat[i + 4] === 1 ? 1 : 0;
    // A tuple that only opens or clears a warning repeats the latest value and stage; a new reading either differs
    // or (noiseless signals: every reading of a stage is its level) leaves the warning as it was.
    const fresh = table.value[g] !== v || table.stage[g] !== stage || table.warned[g] === warned;
    table.value[g] = v;
    table.stage[g] = stage;
    table.warned[g] = warned;
    if (fresh) {
      const slot = g * RING_SIZE + (table.count[g]! % RING_SIZE);
      table.ringT[slot] = t;
      table.ringV[slot] = v;
      table.count[g]!++;
    }
    touched.add(s);
  }
  for (const s of touched) {
    let any = 0;
    for (let u = 0; u < unitCount[s]!; u++) any |= table.warned[unitOffset[s]! + u]!;
    table.stationWarned[s] = any;
  }
  table.version++;
}

/** The last readings of unit `g`, oldest first (times and values): what the sparkline draws. */
export function readingHistory(table: ReadingTable, g: number): { t: number[]; v: number[] } {
  const n = Math.min(table.count[g] ?? 0, RING_SIZE);
  const first = (table.count[g] ?? 0) - n;
  const t: number[] = [],
    v: number[] = [];
  for (let k = 0; k < n; k++) {
    const slot = g * RING_SIZE + ((first + k) % RING_SIZE);
    t.push(table.ringT[slot]!);
    v.push(table.ringV[slot]!);
  }
  return { t, v };
}
