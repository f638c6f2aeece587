import type { Frame, KpiFrame, ProductInfo, Snapshot, StationInfo } from '@protocol/events.ts';
import { createPartTable, endPart, evictOver, heldAt, movePart, pruneEnded, setPartTag, type PartTable } from './partTable.ts';
import { createClock, observeFrame, resetClock, type SimClock } from './simClock.ts';
import { dominantState, stateCode } from './statePalette.ts';
import { applyReadings, createReadingTable, type ReadingTable } from './readings.ts';

/**
 * Fast state: everything that changes up to 20 times a second, in plain mutable typed arrays that the 3D view
 * reads in `useFrame`. Nothing here triggers React; `version` counters tell readers what changed.
 */

/** Per-frame state of the line. */
export interface FrameBuffer {
  stations: StationInfo[];
  /** Index into `unitState` of each station's first unit. */
  unitOffset: Int32Array;
  unitCount: Int32Array;
  /** State code of every machine unit, flat. */
  unitState: Uint8Array;
  /** State shown for each station as a whole (see dominantState); `off` for non-machines. */
  stationState: Uint8Array;
  /** Parts held by each buffer or conveyor. */
  levels: Float64Array;
  /** Per station [utilisation, bottleneck share, OEE] from the last KPI frame. */
  perStation: Float32Array;
  parts: PartTable;
  /** Condition readings and open warnings of wearing units, with a short history each (readings.ts). */
  readings: ReadingTable;
  clock: SimClock;
  /** Bumped by every applied frame or snapshot. */
  version: number;
  /** Bumped when the station layout changes (new snapshot): static geometry must be rebuilt. */
  layoutVersion: number;
  /** Bumped when `perStation` changes. */
  kpiVersion: number;
  /** Moves the server left out (at high speed) since the snapshot. */
  movesDropped: number;
  /** The line's products in tag order (empty: one product, parts drawn as their look). */
  products: ProductInfo[];
  /**
   * Whether parts are drawn by their tags: the line has products, or some part has carried a tag (a defect, a
   * rejection). Stays false on a one-product line without defects, which then looks exactly as before tags.
   */
  tagged: boolean;
}

const OFF = stateCode('off');

/** An empty buffer (no stations) until the first snapshot. */
export function createFrameBuffer(): FrameBuffer {
  return {
    stations: [],
    unitOffset: new Int32Array(0),
    unitCount: new Int32Array(0),
    unitState: new Uint8Array(0),
    stationState: new Uint8Array(0),
    levels: new Float64Array(0),
    perStation: new Float32Array(0),
    parts: createPartTable(0),
    readings: createReadingTable(0, 0),
    clock: createClock(),
    version: 0,
    layoutVersion: 0,
    kpiVersion: 0,
    movesDropped: 0,
    products: [],
    tagged: false,
  };
}

function sameLayout(a: StationInfo[], b: StationInfo[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, i) => {
    const o = b[i]!;
    return (
      s.id === o.id &&
      s.type === o.type &&
      s.model === o.model &&
      s.x === o.x &&
      s.z === o.z &&
      s.rotation === o.rotation &&
      s.servers === o.servers &&
      s.length === o.length
    );
  });
}

/** Part limit of a station, for evicting parts whose later moves were not sent. */
function holdLimit(fb: FrameBuffer, s: number): number {
  const st = fb.stations[s];
  if (!st) return 0;
  if (st.type === 'machine' || st.type === 'assembly' || st.type === 'inspection') return Math.max(1, st.servers);
  if (st.type === 'buffer' || st.type === 'conveyor') return fb.levels[s] ?? 0;
  return Infinity; // sources and sinks: parts leave through `ends`
}

function recomputeStationState(fb: FrameBuffer, s: number): void {
  const n = fb.unitCount[s]!;
  if (n === 0) {
    fb.stationState[s] = OFF;
    return;
  }
  const off = fb.unitOffset[s]!;
  let shown = fb.unitState[off]!;
  for (let u = 1; u < n; u++) shown = dominantState(shown, fb.unitState[off + u]!);
  fb.stationState[s] = shown;
}

/** Replaces everything with a snapshot (join, reconnect without recovery, reset). */
export function applySnapshot(fb: FrameBuffer, snap: Snapshot, wallMs: number): void {
  const stations = Array.isArray(snap.stations) ? snap.stations : [];
  const n = stations.length;
  if (!sameLayout(fb.stations, stations)) fb.layoutVersion++;
  fb.stations = stations;
  const states = Array.isArray(snap.states) ? snap.states : [];
  fb.unitOffset = new Int32Array(n);
  fb.unitCount = new Int32Array(n);
  let total = 0;
  for (let s = 0; s < n; s++) {
    fb.unitOffset[s] = total;
    const units = Math.max(states[s]?.length ?? 0, stations[s]!.servers ?? 0);
    fb.unitCount[s] = units;
    total += units;
  }
  fb.unitState = new Uint8Array(total).fill(OFF);
  for (let s = 0; s < n; s++) {
    const row = states[s] ?? [];
    for (let u = 0; u < row.length; u++) fb.unitState[fb.unitOffset[s]! + u] = row[u] ?? OFF;
  }
  fb.stationState = new Uint8Array(n);
  for (let s = 0; s < n; s++) recomputeStationState(fb, s);
  fb.levels = new Float64Array(n);
  const levels = Array.isArray(snap.levels) ? snap.levels : [];
  for (let s = 0; s < n; s++) fb.levels[s] = levels[s] ?? 0;
  fb.perStation = new Float32Array(n * 3);
  if (snap.kpi) applyKpi(fb, snap.kpi);

  // A fresh table (snapshots are rare); keep the grown capacity so renderers need not resize again.
  const generation = fb.parts.generation + 1;
  fb.parts = createPartTable(n, fb.parts.capacity);
  fb.parts.generation = generation;
  for (const p of Array.isArray(snap.parts) ? snap.parts : []) {
    const [id, station, since, readyAt] = p;
    if (station >= 0 && station < n) movePart(fb.parts, id, station, station, since, readyAt);
  }
  fb.products = Array.isArray(snap.products) ? snap.products : [];
  fb.tagged = fb.products.length > 0;
  applyTags(fb, snap.tags);
  fb.movesDropped = 0;
  const t = snap.session?.simTime ?? snap.kpi?.t ?? 0;
  fb.readings = createReadingTable(total, n);
  applyReadings(fb.readings, snap.readings, fb.unitOffset, fb.unitCount, t);
  resetClock(fb.clock, t, wallMs, snap.session?.speed ?? 1, snap.session?.paused ?? false);
  fb.version++;
}

/** Decodes one frame's flat tuple arrays (times in ms relative to frame.t) into the buffer. Out-of-range indices are skipped. */
export function applyFrame(fb: FrameBuffer, frame: Frame, wallMs: number): void {
  const n = fb.stations.length;
  const states = frame.states ?? [];
  for (let i = 0; i + 3 < states.length; i += 4) {
    const s = states[i]!,
      u = states[i + 1]!,
      code = states[i + 2]!;
    if (s < 0 || s >= n || u < 0 || u >= fb.unitCount[s]!) continue;
    fb.unitState[fb.unitOffset[s]! + u] = code;
    recomputeStationState(fb, s);
  }
  const levels = frame.levels ?? [];
  for (let i = 0; i + 1 < levels.length; i += 2) {
    const s = levels[i]!;
    if (s >= 0 && s < n) fb.levels[s] = levels[i + 1]!;
  }
  // Tuple times are whole ms relative to the frame's t (negative: before it).
  const t = typeof frame.t === 'number' && Number.isFinite(frame.t) ? frame.t : fb.clock.t;
  const moves = frame.moves ?? [];
  for (let i = 0; i + 4 < moves.length; i += 5) {
    const from = moves[i + 1]!,
      to = moves[i + 2]!;
    if (from < 0 || from >= n || to < 0 || to >= n) continue;
    movePart(fb.parts, moves[i]!, from, to, t + moves[i + 3]! / 1000, t + moves[i + 4]! / 1000);
    evictOver(fb.parts, to, holdLimit(fb, to));
  }
  applyTags(fb, frame.tags);
  const ends = frame.ends ?? [];
  for (let i = 0; i + 3 < ends.length; i += 4) endPart(fb.parts, ends[i]!, t + ends[i + 3]! / 1000, ends[i + 2] === 1);
  // Buffers and conveyors list at most their level: extra parts are ones whose exit was not sent.
  for (let i = 0; i + 1 < levels.length; i += 2) {
    const s = levels[i]!;
    if (s >= 0 && s < n && heldAt(fb.parts, s) > fb.levels[s]!) evictOver(fb.parts, s, fb.levels[s]!);
  }
  applyReadings(fb.readings, frame.readings, fb.unitOffset, fb.unitCount, t);
  fb.movesDropped += frame.movesDropped ?? 0;
  observeFrame(fb.clock, t, wallMs);
  pruneEnded(fb.parts, t);
  fb.version++;
}

/** Sets the tags of [partId, tag] pairs on parts in the table (after their moves); any tag turns tag drawing on. */
function applyTags(fb: FrameBuffer, tags: number[] | undefined): void {
  if (!Array.isArray(tags)) return;
  for (let i = 0; i + 1 < tags.length; i += 2) {
    const tag = tags[i + 1]!;
    if (!(tag >= 0 && tag <= 255)) continue; // a tag is one byte
    setPartTag(fb.parts, tags[i]!, tag);
    if (tag !== 0) fb.tagged = true;
  }
}

/** Copies the per-station KPI numbers used for the heat map. */
export function applyKpi(fb: FrameBuffer, kpi: KpiFrame): void {
  const src = Array.isArray(kpi.perStation) ? kpi.perStation : [];
  const len = Math.min(src.length, fb.perStation.length);
  for (let i = 0; i < len; i++) fb.perStation[i] = src[i]!;
  fb.kpiVersion++;
}
