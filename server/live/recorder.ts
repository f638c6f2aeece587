import type { SimObserver } from '../sim/simulation.ts';
import type { World } from '../sim/model/world.ts';
import type { Frame, LogEntry } from '../protocol/events.ts';
import { MACHINE_STATE_CODES } from '../protocol/events.ts';

/**
 * Collects what the engine reports between two frames into one compact batch: only the latest state of each
 * unit, the new level of each touched buffer, and part moves up to a cap (at high speed individual parts
 * are a blur; the browser then draws buffers from their levels). Log entries go to a bounded ring so a late
 * joiner gets the recent past and memory stays flat.
 */

/** Most part moves sent per frame; beyond it moves are counted, not sent. */
export const MAX_MOVES_PER_FRAME = 32;
/** Log entries kept for late joiners. */
export const LOG_RING = 200;
/** Most log entries broadcast per frame; the rest stay in the ring. */
const MAX_LOG_PER_FRAME = 20;

/** Rounds a time to the millisecond: enough for motion, and about half the bytes on the wire. */
const ms = (t: number): number => Math.round(t * 1000) / 1000;

/** The engine observer of one session, plus the batches it builds. */
export interface Recorder extends SimObserver {
  /** Binds the recorder to the world it observes (the world is created with the recorder as observer). */
  attach(world: World): void;
  /** Returns the batch since the last call, or null if nothing changed; `t` is the current sim time. */
  takeFrame(t: number): Frame | null;
  /** New log entries since the last call (capped). */
  takeLog(): LogEntry[];
  /** Adds an entry to the log (interventions, control changes). */
  log(entry: Omit<LogEntry, 'seq'>): void;
  /** The most recent entries, oldest first. */
  recentLog(): LogEntry[];
}

/** Creates a recorder for one session. */
export function createRecorder(): Recorder {
  let world: World | null = null;
  let stationOf: string[] = [];
  let unitCount = 0;
  let unitState = new Int8Array(0);
  let unitTime = new Float64Array(0);
  let unitDirty = new Uint8Array(0);
  let unitStation = new Int32Array(0);
  let unitLocal = new Int32Array(0);
  const dirtyUnits: number[] = [];
  let levelTouched = new Uint8Array(0);
  const touchedStations: number[] = [];
  let moves: number[] = [];
  let ends: number[] = [];
  let movesDropped = 0;
  const ring: LogEntry[] = [];
  let pendingLog: LogEntry[] = [];
  let seq = 0;

  const touch = (station: number): void => {
    if (!levelTouched[station]) { levelTouched[station] = 1; touchedStations.push(station); }
  };
  const addLog = (entry: Omit<LogEntry, 'seq'>): void => {
    const full = { ...entry, seq: seq++ };
    ring.push(full);
    if (ring.length > LOG_RING) ring.shift();
    pendingLog.push(full);
  };

  return {
    attach(w) {
      world = w;
      stationOf = w.stations.map((s) => s.id);
      unitCount = w.units.length;
      unitState = new Int8Array(unitCount);
      unitTime = new Float64Array(unitCount);
      unitDirty = new Uint8Array(unitCount);
      unitStation = new Int32Array(w.units.map((u) => u.station.index));
      unitLocal = new Int32Array(w.units.map((u) => u.local));
      levelTouched = new Uint8Array(w.stations.length);
    },
    // Before attach (while the engine settles its time-0 state) there is nothing to batch: joiners get it in the snapshot.
    unitState(station, unit, state, t) {
      if (!world) return;
      const g = world.stations[station]!.units[unit]!.index;
      unitState[g] = MACHINE_STATE_CODES.indexOf(state);
      unitTime[g] = t;
      if (!unitDirty[g]) { unitDirty[g] = 1; dirtyUnits.push(g); }
    },
    partMove(part, from, to, t, readyAt) {
      if (!world) return;
      touch(from);
      touch(to);
      if (moves.length < MAX_MOVES_PER_FRAME * 5) moves.push(part, from, to, ms(t), ms(readyAt));
      else movesDropped++;
    },
    partEnd(part, station, scrap, t) {
      if (!world) return;
      touch(station);
      if (ends.length < MAX_MOVES_PER_FRAME * 4) ends.push(part, station, scrap ? 1 : 0, ms(t));
    },
    fault(station, unit, kind, t) {
      if (!world) return;
      const id = stationOf[station]!;
      const suffix = (world!.stations[station]!.units.length > 1) ? ` (unit ${unit + 1})` : '';
      const text = kind === 'failure' ? `${id}${suffix} failed` : kind === 'injected' ? `${id}${suffix} fault injected` : `${id}${suffix} repaired`;
      addLog({ t, kind: kind === 'repaired' ? 'repair' : kind === 'injected' ? 'fault' : 'failure', station: id, text });
    },
    takeFrame(t) {
      if (dirtyUnits.length === 0 && touchedStations.length === 0 && moves.length === 0 && ends.length === 0) return null;
      const states: number[] = [];
      for (const g of dirtyUnits) {
        states.push(unitStation[g]!, unitLocal[g]!, unitState[g]!, ms(unitTime[g]!));
        unitDirty[g] = 0;
      }
      dirtyUnits.length = 0;
      const levels: number[] = [];
      for (const s of touchedStations) {
        levelTouched[s] = 0;
        const st = world!.stations[s]!;
        if (st.type === 'buffer' || st.type === 'conveyor') levels.push(s, st.queue.length);
      }
      touchedStations.length = 0;
      const frame: Frame = { t: ms(t), states, levels, moves, ends, movesDropped };
      moves = []; ends = []; movesDropped = 0;
      return frame;
    },
    takeLog() {
      const out = pendingLog.length > MAX_LOG_PER_FRAME ? pendingLog.slice(-MAX_LOG_PER_FRAME) : pendingLog;
      pendingLog = [];
      return out;
    },
    log: addLog,
    recentLog: () => ring.slice(),
  };
}
