import type { Seconds } from './types.ts';

/**
 * Roser's active period bottleneck method, streaming, in bounded memory.
 *
 * The momentary bottleneck at time x is the period covering x with the largest total length (ties: lowest
 * station). A period's winning set is one interval (a longer rival overlapping it must stick out on one side),
 * so the timeline splits into runs, one per winning period. Consecutive runs' periods overlap in "shifting" time.
 *
 * We keep closed periods only while time they cover is undetermined, sweep forward from a frontier F while the
 * winner is certain, and hand runs to a small ledger that settles sole/shifting time per run.
 * After a sweep at most n - 1 closed periods remain (each contains the earliest open start), so memory is O(n).
 */

/** Bottleneck shares of the measured window, per station. */
export interface BottleneckReport {
  /** Share of measured time each station was the sole momentary bottleneck (0..1). */
  sole: number[];
  /** Share of measured time each station was a shifting bottleneck (0..1). */
  shifting: number[];
  /** Mean duration of completed-or-open active periods in the measured window, per station (s); the average method. */
  meanActivePeriod: number[];
}

/** Streaming active period tracker fed with station activity changes. */
export interface BottleneckTracker {
  /** Station i became active or inactive at time t. Calls come with non-decreasing t. Repeated same-value calls are no-ops. */
  setActive(station: number, active: boolean, t: number): void;
  /** Start measuring afresh at t (end of warm-up): forget everything before t; stations that are active now have an open period starting at t. */
  reset(t: number): void;
  /** Shares over [measureStart, t] as if every open period ended at t; never changes the tracker. */
  report(t: number): BottleneckReport;
}

/** Tracker plus a view of its internal memory, for tests. */
export interface BottleneckTrackerProbe extends BottleneckTracker {
  /** Number of closed periods currently kept. */
  pendingCount(): number;
}

/** Closed periods as parallel typed arrays, so the hot path never allocates. */
interface PeriodSet {
  station: Int32Array;
  start: Float64Array; // s, clipped to the measured window
  end: Float64Array; // s
  size: number;
}

/** The run being built and the settled sole/shifting time (s) per station. */
interface Ledger {
  sole: Float64Array;
  shifting: Float64Array;
  station: number; // -1: no run yet
  start: Seconds; // of the current run's period: identifies it together with station
  end: Seconds; // of that period; Infinity while it is open
  runStart: Seconds;
  runEnd: Seconds;
  prevLo: Seconds; // overlap with the previous run's period; empty when prevHi <= prevLo
  prevHi: Seconds;
}

/** Reusable sweep buffers. */
interface Scratch {
  times: Float64Array;
  order: Int32Array;
  heap: Int32Array;
}

/** The only open period a sweep may credit: the single open period covering [openStart, stop). */
interface OpenCandidate {
  station: number; // -1: none
  start: Seconds;
  length: Seconds; // current length; it only grows
}

const NO_OPEN: Readonly<OpenCandidate> = Object.freeze({ station: -1, start: Infinity, length: 0 });

/** True if a period of length la at station sa outranks one of length lb at station sb. */
function beats(la: number, sa: number, lb: number, sb: number): boolean {
  return la > lb || (la === lb && sa < sb);
}

/** Length of [lo, hi], 0 if empty. */
function span(lo: number, hi: number): number {
  return hi > lo ? hi - lo : 0;
}

function createPeriodSet(capacity: number): PeriodSet {
  return { station: new Int32Array(capacity), start: new Float64Array(capacity), end: new Float64Array(capacity), size: 0 };
}

function pushPeriod(set: PeriodSet, station: number, start: Seconds, end: Seconds): void {
  if (set.size === set.start.length) growPeriodSet(set); // never in a tracker (it sweeps first); a safety net
  const k = set.size++;
  set.station[k] = station;
  set.start[k] = start;
  set.end[k] = end;
}

function growPeriodSet(set: PeriodSet): void {
  const bigger = createPeriodSet(2 * set.start.length + 8);
  bigger.station.set(set.station);
  bigger.start.set(set.start);
  bigger.end.set(set.end);
  set.station = bigger.station;
  set.start = bigger.start;
  set.end = bigger.end;
}

function createScratch(capacity: number): Scratch {
  return { times: new Float64Array(2 * capacity + 3), order: new Int32Array(capacity), heap: new Int32Array(capacity) };
}

function createLedger(stationCount: number): Ledger {
  return {
    sole: new Float64Array(stationCount),
    shifting: new Float64Array(stationCount),
    station: -1,
    start: 0,
    end: 0,
    runStart: 0,
    runEnd: 0,
    prevLo: 0,
    prevHi: 0,
  };
}

function cloneLedger(l: Ledger): Ledger {
  return { ...l, sole: l.sole.slice(), shifting: l.shifting.slice() };
}

function clearLedger(l: Ledger): void {
  l.sole.fill(0);
  l.shifting.fill(0);
  l.station = -1;
}

/** Credits the finished run: shifting is the union of both overlaps, sole the rest of the run. */
function settleRun(l: Ledger, nextLo: Seconds, nextHi: Seconds): void {
  // A non-empty previous overlap contains runStart and a non-empty next one contains runEnd, so the sole part is
  // what lies between them; empty overlaps lie outside [runStart, runEnd] and leave it whole.
  const union = span(l.prevLo, l.prevHi) + span(nextLo, nextHi) - span(Math.max(l.prevLo, nextLo), Math.min(l.prevHi, nextHi));
  l.shifting[l.station]! += union;
  l.sole[l.station]! += span(Math.max(l.runStart, l.prevHi), Math.min(l.runEnd, nextLo));
}

/** Records that the period (station, start, end) is the momentary bottleneck on [a, b]. */
function addRun(l: Ledger, station: number, start: Seconds, end: Seconds, a: Seconds, b: Seconds): void {
  if (l.station === station && l.start === start) {
    l.runEnd = b; // same period, next piece: a period wins on one interval, so pieces are contiguous
    return;
  }
  let lo = a;
  let hi = a;
  if (l.station >= 0) {
    // The previous period is closed by now (an open one can't be surely beaten), so l.end is final.
    lo = Math.max(l.start, start);
    hi = Math.min(l.end, end);
    settleRun(l, lo, hi);
  }
  l.station = station;
  l.start = start;
  l.end = end;
  l.runStart = a;
  l.runEnd = b;
  l.prevLo = lo;
  l.prevHi = hi;
}

function heapAbove(set: PeriodSet, i: number, j: number): boolean {
  return beats(set.end[i]! - set.start[i]!, set.station[i]!, set.end[j]! - set.start[j]!, set.station[j]!);
}

function heapPush(set: PeriodSet, heap: Int32Array, size: number, item: number): number {
  let k = size;
  while (k > 0) {
    const parent = (k - 1) >> 1;
    if (!heapAbove(set, item, heap[parent]!)) break;
    heap[k] = heap[parent]!;
    k = parent;
  }
  heap[k] = item;
  return size + 1;
}

function heapPop(set: PeriodSet, heap: Int32Array, size: number): number {
  const last = heap[--size]!;
  let k = 0;
  for (;;) {
    let child = 2 * k + 1;
    if (child >= size) break;
    if (child + 1 < size && heapAbove(set, heap[child + 1]!, heap[child]!)) child++;
    if (!heapAbove(set, heap[child]!, last)) break;
    heap[k] = heap[child]!;
    k = child;
  }
  if (size > 0) heap[k] = last;
  return size;
}

/**
 * Feeds the ledger the winners on [from, stop) while they are certain; returns where it stopped.
 * Before stop at most one open period (`open`) covers any time, so a time is certain unless that open period is
 * not yet longer than every closed period covering it (it could still grow past them).
 */
function sortNumbers(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

function sortIndicesBy(idx: Int32Array, n: number, key: ArrayLike<number>): void {
  for (let i = 1; i < n; i++) {
    const v = idx[i]!;
    const kv = key[v]!;
    let j = i - 1;
    while (j >= 0 && key[idx[j]!]! > kv) {
      idx[j + 1] = idx[j]!;
      j--;
    }
    idx[j + 1] = v;
  }
}

function sweep(set: PeriodSet, from: Seconds, stop: Seconds, open: Readonly<OpenCandidate>, l: Ledger, s: Scratch): Seconds {
  if (!(stop > from)) return from;
  const { times, order, heap } = s;
  let nt = 0;
  let m = 0;
  times[nt++] = from;
  times[nt++] = stop;
  if (open.start > from && open.start < stop) times[nt++] = open.start;
  for (let i = 0; i < set.size; i++) {
    const a = set.start[i]!;
    const b = set.end[i]!;
    if (b <= from || a >= stop) continue;
    order[m++] = i;
    if (a > from) times[nt++] = a;
    if (b < stop) times[nt++] = b;
  }
  // Insertion sorts: the arrays hold at most 3n + 8 entries and arrive nearly sorted, where this beats
  // TypedArray.sort and a comparator callback (measured: 4-10% of the whole engine).
  sortNumbers(times, nt);
  sortIndicesBy(order, m, set.start);
  let heapSize = 0;
  let next = 0; // into order
  for (let k = 0; k + 1 < nt; k++) {
    const x = times[k]!;
    const y = times[k + 1]!;
    if (y === x) continue;
    while (next < m && set.start[order[next]!]! <= x) heapSize = heapPush(set, heap, heapSize, order[next++]!);
    while (heapSize > 0 && set.end[heap[0]!]! <= x) heapSize = heapPop(set, heap, heapSize);
    const best = heapSize > 0 ? heap[0]! : -1;
    if (open.station >= 0 && open.start <= x) {
      if (best >= 0 && !beats(open.length, open.station, set.end[best]! - set.start[best]!, set.station[best]!)) return x;
      addRun(l, open.station, open.start, Infinity, x, y);
    } else if (best >= 0) {
      addRun(l, set.station[best]!, set.start[best]!, set.end[best]!, x, y);
    }
  }
  return stop;
}

/** Creates a tracker for stationCount stations, all inactive, measuring from start. */
export function createBottleneckTracker(stationCount: number, start: number): BottleneckTracker {
  const n = stationCount;
  const limit = 2 * n + 8; // sweep when more closed periods than this; a sweep leaves at most n - 1
  const capacity = limit + n; // one flush closes at most n periods before the check
  const active = new Uint8Array(n);
  const openStart = new Float64Array(n); // s, start of the current (possibly closing) period
  const closingAt = new Float64Array(n).fill(NaN); // s; a close waits until time moves on, since a reopen at the same t merges
  const closingList = new Int32Array(n);
  const inClosingList = new Uint8Array(n);
  const lengthSum = new Float64Array(n); // s, closed periods in the window
  const lengthCount = new Float64Array(n);
  const closed = createPeriodSet(capacity);
  const scratch = createScratch(capacity);
  const ledger = createLedger(n);
  const candidate: OpenCandidate = { station: -1, start: Infinity, length: 0 };
  let closingCount = 0;
  let measureStart = start;
  let frontier = start; // everything before it has been handed to the ledger
  let lastT = start;

  function checkTime(t: number): void {
    if (!(t >= lastT)) throw new RangeError(`bottleneck: time ${t} is before the last event at ${lastT}`);
  }

  function closePeriod(i: number, from: Seconds, to: Seconds): void {
    if (!(to > from)) return; // on and off at one instant: covers no time
    lengthSum[i]! += to - from;
    lengthCount[i]!++;
    if (ledger.station === i && ledger.start === from) ledger.end = to;
    if (!dominated(from)) pushPeriod(closed, i, from, to);
  }

  /**
   * Whether a period from `from` to now (lastT) lies inside a longer period that is still open: then it can never
   * be the bottleneck and need not be kept. Most short periods (a blip of work between starving spells) are.
   */
  function dominated(from: Seconds): boolean {
    for (let j = 0; j < n; j++) if (active[j] === 1 && openStart[j]! < from) return true;
    return false;
  }

  /** Commits closes made at lastT, now that time has moved on to t and they can no longer merge. */
  function flushClosings(t: Seconds): void {
    if (closingCount === 0) return;
    for (let k = 0; k < closingCount; k++) {
      const i = closingList[k]!;
      inClosingList[i] = 0;
      if (Number.isNaN(closingAt[i]!)) continue; // reopened at the same instant
      closePeriod(i, openStart[i]!, closingAt[i]!);
      closingAt[i] = NaN;
    }
    closingCount = 0;
    if (closed.size > limit) resolve(t);
  }

  /** Sweeps what is certain at `now` (all stations active until now), then drops periods that can't matter. */
  function resolve(now: Seconds): void {
    let s1 = Infinity; // earliest open start, station st1 (ties: lowest station, which outranks)
    let s2 = Infinity; // second earliest: from there two open periods compete and nothing is certain yet
    let st1 = -1;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const s = openStart[i]!;
      if (s < s1) {
        s2 = s1;
        s1 = s;
        st1 = i;
      } else if (s < s2) s2 = s;
    }
    candidate.station = st1;
    candidate.start = s1;
    candidate.length = now - s1;
    frontier = sweep(closed, frontier, Math.min(now, s2), st1 >= 0 ? candidate : NO_OPEN, ledger, scratch);
    let kept = 0;
    for (let k = 0; k < closed.size; k++) {
      const a = closed.start[k]!;
      const b = closed.end[k]!;
      const st = closed.station[k]!;
      if (b <= frontier) continue; // already handed to the ledger
      // Inside the earliest open period and already shorter than it: it can never be the bottleneck.
      if (st1 >= 0 && a >= s1 && beats(now - s1, st1, b - a, st)) continue;
      closed.station[kept] = st;
      closed.start[kept] = a;
      closed.end[kept] = b;
      kept++;
    }
    closed.size = kept;
  }

  function setActive(station: number, on: boolean, t: number): void {
    checkTime(t);
    if (!(station >= 0 && station < n)) throw new RangeError(`bottleneck: no station ${station}`);
    if (t > lastT) {
      flushClosings(t);
      lastT = t;
    }
    if (on === (active[station] === 1)) return;
    active[station] = on ? 1 : 0;
    if (on) {
      // A close pending at this very instant is undone: the period never really ended.
      if (Number.isNaN(closingAt[station]!)) openStart[station] = t;
      else closingAt[station] = NaN;
      return;
    }
    closingAt[station] = t;
    if (!inClosingList[station]) {
      inClosingList[station] = 1;
      closingList[closingCount++] = station;
    }
  }

  function reset(t: number): void {
    checkTime(t);
    for (let k = 0; k < closingCount; k++) {
      const i = closingList[k]!;
      inClosingList[i] = 0;
      closingAt[i] = NaN; // ends at or before t: nothing left in the window
    }
    closingCount = 0;
    for (let i = 0; i < n; i++) if (active[i]) openStart[i] = t; // clipped to the new window
    lengthSum.fill(0);
    lengthCount.fill(0);
    closed.size = 0;
    clearLedger(ledger);
    measureStart = t;
    frontier = t;
    lastT = t;
  }

  function report(t: number): BottleneckReport {
    checkTime(t);
    // Work on copies: end every period at t (pending closes at their own time) and sweep to t, all certain.
    const all = createPeriodSet(closed.size + n);
    for (let k = 0; k < closed.size; k++) pushPeriod(all, closed.station[k]!, closed.start[k]!, closed.end[k]!);
    const sum = lengthSum.slice();
    const count = lengthCount.slice();
    for (let i = 0; i < n; i++) {
      const end = !Number.isNaN(closingAt[i]!) ? closingAt[i]! : active[i] ? t : NaN;
      const from = openStart[i]!;
      if (!(end > from)) continue;
      pushPeriod(all, i, from, end);
      sum[i]! += end - from;
      count[i]!++;
    }
    const l = cloneLedger(ledger);
    if (l.station >= 0 && l.end === Infinity) {
      l.end = Number.isNaN(closingAt[l.station]!) ? t : closingAt[l.station]!;
    }
    sweep(all, frontier, t, NO_OPEN, l, createScratch(all.size));
    if (l.station >= 0) settleRun(l, l.runEnd, l.runEnd); // no next bottleneck yet
    const window = t - measureStart;
    const share = (x: number): number => (window > 0 ? x / window : 0);
    return {
      sole: Array.from(l.sole, share),
      shifting: Array.from(l.shifting, share),
      meanActivePeriod: Array.from(sum, (x, i) => (count[i]! > 0 ? x / count[i]! : 0)),
    };
  }

  const tracker: BottleneckTrackerProbe = { setActive, reset, report, pendingCount: () => closed.size };
  return tracker;
}
