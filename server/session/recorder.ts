import type { MachineSpec, SimObserver, SimView } from '../sim/index.ts';
import type { Frame, LogEntry } from '../protocol/events.ts';

/**
 * Collects what the engine reports between two frames into one compact batch: only the latest state of each
 * unit, the new level of each touched buffer, and part moves up to a cap (at high speed individual parts
 * are a blur; the browser then draws buffers from their levels). Condition readings likewise: only the latest of
 * each unit per frame, so a frame carries at most one reading tuple per wearing unit whatever the speed. Log entries
 * go to a bounded ring so a late joiner gets the recent past and memory stays flat.
 */

/** Most part moves sent per frame; beyond it moves are counted, not sent. */
const MAX_MOVES_PER_FRAME = 32;
/** A move shorter than this in wall time (s) at the session's speed is invisible, so it is not sent. */
const MIN_VISIBLE_MOVE = 0.25;
/** Up to this speed every move is sent: parts hopping between stations are what a slow view is for. */
const ALL_MOVES_UP_TO_SPEED = 10;
/** Log entries kept for late joiners. */
const LOG_RING = 200;
/** Most log entries broadcast per call of takeLog (one per pacing tick); the rest stay in the ring. */
const MAX_LOG_PER_TAKE = 3;

/** Readings on the wire: two decimals are finer than any sensor's noise. */
const roundReading = (x: number): number => Math.round(x * 100) / 100;

/** A time as whole milliseconds relative to the frame time: enough for motion, and few bytes on the wire. */
const rel = (t: number, frameT: number): number => Math.round((t - frameT) * 1000);

/** The engine observer of one session, plus the batches it builds. */
export interface Recorder extends SimObserver {
  /** Binds the recorder to the view of the line it observes (the simulation is created with the recorder as observer). */
  attach(view: SimView): void;
  /** The session's speed, which decides which moves are worth sending. */
  setSpeed(speed: number | 'max'): void;
  /** Returns the batch since the last call, or null if nothing changed; `t` is the current sim time. */
  takeFrame(t: number): Frame | null;
  /** New log entries since the last call (capped). */
  takeLog(): LogEntry[];
  /** Adds an entry to the log (interventions, control changes). */
  log(entry: Omit<LogEntry, 'seq'>): void;
  /** The most recent entries, oldest first. */
  recentLog(): LogEntry[];
  /** The latest reading of every unit that has read: [station, unit, value, stage, warned] tuples (the snapshot's). */
  latestReadings(): number[];
}

/** Creates a recorder for one session. */
export function createRecorder(): Recorder {
  let view: SimView | null = null;
  let stationOf: string[] = [];
  let unitCount = 0;
  let unitState = new Int8Array(0);
  let unitTime = new Float64Array(0);
  let unitDirty = new Uint8Array(0);
  let unitStation = new Int32Array(0);
  let unitLocal = new Int32Array(0);
  let unitBase = new Int32Array(0); // global index of each station's first unit
  const dirtyUnits: number[] = [];
  let readValue = new Float64Array(0); // latest reading per unit; NaN before the first
  let readStage = new Uint8Array(0);
  let warned = new Uint8Array(0);
  let readDirty = new Uint8Array(0);
  const dirtyReadings: number[] = [];
  let levelTouched = new Uint8Array(0);
  const touchedStations: number[] = [];
  let moves: number[] = []; // absolute times until takeFrame makes them relative
  let tags: number[] = []; // [partId, tag] of the sent moves whose tag is not 0, in move order
  let ends: number[] = [];
  let movesDropped = 0;
  let speed = 1;
  const ring: LogEntry[] = [];
  let pendingLog: LogEntry[] = [];
  let seq = 0;

  const touch = (station: number): void => {
    if (!levelTouched[station]) {
      levelTouched[station] = 1;
      touchedStations.push(station);
    }
  };
  const readingChanged = (g: number): void => {
    if (!readDirty[g]) {
      readDirty[g] = 1;
      dirtyReadings.push(g);
    }
  };
  const readingTuple = (g: number, out: number[]): void => {
    out.push(unitStation[g]!, unitLocal[g]!, roundReading(readValue[g]!), readStage[g]!, warned[g]!);
  };
  const addLog = (entry: Omit<LogEntry, 'seq'>): void => {
    const full = { ...entry, t: Math.round(entry.t * 1000) / 1000, seq: seq++ };
    ring.push(full);
    if (ring.length > LOG_RING) ring.shift();
    pendingLog.push(full);
  };

  return {
    attach(w) {
      view = w;
      stationOf = w.stations.map((s) => s.id);
      unitCount = w.stations.reduce((n, st) => n + st.units, 0);
      unitState = new Int8Array(unitCount);
      unitTime = new Float64Array(unitCount);
      unitDirty = new Uint8Array(unitCount);
      unitStation = new Int32Array(unitCount);
      unitLocal = new Int32Array(unitCount);
      unitBase = new Int32Array(w.stations.length);
      let g = 0;
      for (const st of w.stations) {
        unitBase[st.index] = g;
        for (let k = 0; k < st.units; k++, g++) {
          unitStation[g] = st.index;
          unitLocal[g] = k;
        }
      }
      levelTouched = new Uint8Array(w.stations.length);
      readValue = new Float64Array(unitCount).fill(NaN);
      readStage = new Uint8Array(unitCount);
      warned = new Uint8Array(unitCount);
      readDirty = new Uint8Array(unitCount);
    },
    // Before attach (while the engine settles its time-0 state) there is nothing to batch: joiners get it in the snapshot.
    unitState(station, unit, state, t) {
      if (!view) return;
      const g = unitBase[station]! + unit;
      unitState[g] = state;
      unitTime[g] = t;
      if (!unitDirty[g]) {
        unitDirty[g] = 1;
        dirtyUnits.push(g);
      }
    },
    reading(station, unit, value, stage, _t) {
      if (!view) return;
      const g = unitBase[station]! + unit;
      readValue[g] = value;
      readStage[g] = stage;
      readingChanged(g);
    },
    warning(station, unit, t) {
      if (!view) return;
      const g = unitBase[station]! + unit;
      warned[g] = 1;
      readingChanged(g);
      const st = view.stations[station]!;
      const wear = (st.spec as MachineSpec).wear;
      const signal = wear?.signal;
      const suffix = st.units > 1 ? ` (unit ${unit + 1})` : '';
      const what = signal ? `${signal.name} ${roundReading(readValue[g]!)} ${signal.unit} above ${wear?.warnAt}` : 'wear';
      addLog({ t, kind: 'warning', station: st.id, text: `${st.id}${suffix} warning: ${what}` });
    },
    warningCleared(station, unit) {
      if (!view) return;
      const g = unitBase[station]! + unit;
      warned[g] = 0;
      if (readValue[g] === readValue[g]) readingChanged(g); // not NaN: tell viewers the warning cleared
    },
    setSpeed(next) {
      speed = next === 'max' ? Infinity : next;
    },
    partMove(part, from, to, t, readyAt, tag) {
      if (!view) return;
      touch(from);
      touch(to);
      const visible = speed <= ALL_MOVES_UP_TO_SPEED || (readyAt - t) / speed >= MIN_VISIBLE_MOVE;
      if (visible && moves.length < MAX_MOVES_PER_FRAME * 5) {
        moves.push(part, from, to, t, readyAt);
        if (tag !== 0) tags.push(part, tag); // a good part of the first product costs no byte
      } else movesDropped++;
    },
    partEnd(part, station, scrap, t) {
      if (!view) return;
      touch(station);
      if (ends.length < MAX_MOVES_PER_FRAME * 4 && speed <= ALL_MOVES_UP_TO_SPEED) ends.push(part, station, scrap ? 1 : 0, t);
    },
    fault(station, unit, kind, t) {
      if (!view) return;
      const id = stationOf[station]!;
      const suffix = view.stations[station]!.units > 1 ? ` (unit ${unit + 1})` : '';
      const text =
        kind === 'failure' ? `${id}${suffix} failed` : kind === 'injected' ? `${id}${suffix} fault injected` : `${id}${suffix} repaired`;
      addLog({ t, kind: kind === 'repaired' ? 'repair' : kind === 'injected' ? 'fault' : 'failure', station: id, text });
    },
    takeFrame(t) {
      if (
        dirtyUnits.length === 0 &&
        touchedStations.length === 0 &&
        moves.length === 0 &&
        ends.length === 0 &&
        dirtyReadings.length === 0
      ) {
        return null;
      }
      const states: number[] = [];
      for (const g of dirtyUnits) {
        states.push(unitStation[g]!, unitLocal[g]!, unitState[g]!, rel(unitTime[g]!, t));
        unitDirty[g] = 0;
      }
      dirtyUnits.length = 0;
      const levels: number[] = [];
      for (const s of touchedStations) {
        levelTouched[s] = 0;
        const st = view!.stations[s]!;
        if (st.type === 'buffer' || st.type === 'conveyor') levels.push(s, view!.level(s));
      }
      touchedStations.length = 0;
      for (let i = 3; i < moves.length; i += 5) {
        moves[i] = rel(moves[i]!, t);
        moves[i + 1] = rel(moves[i + 1]!, t);
      }
      for (let i = 3; i < ends.length; i += 4) ends[i] = rel(ends[i]!, t);
      const frame: Frame = { t, w: 0, states, levels, moves, ends, movesDropped };
      if (tags.length > 0) {
        frame.tags = tags;
        tags = [];
      }
      if (dirtyReadings.length > 0) {
        const readings: number[] = [];
        for (const g of dirtyReadings) {
          readDirty[g] = 0;
          if (readValue[g] === readValue[g]) readingTuple(g, readings); // not NaN: a warning before any reading cannot happen
        }
        dirtyReadings.length = 0;
        frame.readings = readings;
      }
      moves = [];
      ends = [];
      movesDropped = 0;
      return frame;
    },
    takeLog() {
      // Interventions and control changes always go out; at high speed, random failures and repairs come
      // faster than anyone can read, so only the newest are broadcast (all stay in the ring for joiners).
      const important = pendingLog.filter((e) => e.kind === 'intervention' || e.kind === 'control' || e.kind === 'fault');
      const routine = pendingLog.filter((e) => e.kind === 'failure' || e.kind === 'repair' || e.kind === 'alarm').slice(-MAX_LOG_PER_TAKE);
      // Warnings come once per renewal of a unit, yet at top speed as fast as failures: the newest few, capped apart
      // so a burst of routine failures never hides them.
      const warnings = pendingLog.filter((e) => e.kind === 'warning').slice(-MAX_LOG_PER_TAKE);
      pendingLog = [];
      return [...important, ...routine, ...warnings].sort((a, b) => a.seq - b.seq);
    },
    log: addLog,
    recentLog: () => ring.slice(),
    latestReadings() {
      const out: number[] = [];
      for (let g = 0; g < unitCount; g++) if (readValue[g] === readValue[g]) readingTuple(g, out);
      return out;
    },
  };
}
