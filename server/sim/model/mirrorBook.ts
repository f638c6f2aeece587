import { PART_TAG_PRODUCT, type MachineState, type Seconds } from '../types.ts';
import { setBelt } from './belts.ts';
import { freePart, newPart } from './parts.ts';
import { dequeue, enqueue } from './partQueue.ts';
import { setLevel } from '../stats.ts';
import { refreshState } from './unit.ts';
import * as world from './world.ts';
import type { Station, Unit, World } from './world.ts';

/**
 * A mirror's bookings (mirror.ts): what a real line's feed says, written into a world with no model events, through
 * the engine's own books (refreshState and flushStates for state times, energy, power and the bottleneck tracker;
 * the station counters and levels buildReport reads), so the report describes the real line as it would a model.
 */

const { DOWN_FAILURE, DOWN_INJECTED, DOWN_NONE, PHASE_HOLD, PHASE_IDLE, PHASE_PM, PHASE_SETUP, PHASE_WORK } = world;

/** The phase a state puts a unit in; down, off and standby keep it (they are flags over a phase). */
const PHASE_OF: Partial<Record<MachineState, number>> = {
  working: PHASE_WORK,
  starved: PHASE_IDLE,
  blocked: PHASE_HOLD,
  setup: PHASE_SETUP,
  maintenance: PHASE_PM,
  standby: PHASE_IDLE,
};

const holdsPart = (u: Unit): boolean => u.phase === PHASE_WORK || u.phase === PHASE_SETUP || u.phase === PHASE_HOLD;

/** Gives a unit a part while its phase holds one and takes it away when not: what the 3D view and WIP show. */
function settlePart(w: World, u: Unit): void {
  if (holdsPart(u) && u.part < 0) {
    u.part = newPart(w.parts, w.now, Math.max(0, u.lastProduct) * PART_TAG_PRODUCT);
    u.segStart = w.now;
    w.observer?.partMove(w.parts.id[u.part] as number, u.station.index, u.station.index, w.now, w.now, 0);
  } else if (!holdsPart(u) && u.part >= 0) {
    freePart(w.parts, u.part);
    u.part = -1;
  } else return;
  setLevel(w.wip, w.parts.live, w.now);
}

/** A unit entered `state`: its flags and phase are set so the engine derives that state, and booked. */
export function mirrorState(w: World, u: Unit, state: MachineState): void {
  u.off = state === 'off';
  u.asleep = state === 'standby';
  if (state === 'down') {
    if (u.down === DOWN_NONE) {
      u.down = DOWN_FAILURE; // down without a fault event: counted as no failure, timed from now
      u.downSince = w.now;
    }
  } else if (state !== 'off') u.down = DOWN_NONE;
  const phase = PHASE_OF[state];
  if (phase !== undefined) u.phase = phase;
  settlePart(w, u);
  refreshState(w, u);
}

/** A unit finished a part, kept or scrapped; `toSink` when its good parts leave the line there (throughput). */
export function mirrorPart(w: World, u: Unit, scrap: boolean, product: number, toSink: number): void {
  const st = u.station;
  w.operations++;
  st.stats.processed++;
  if (product >= 0) u.lastProduct = product;
  const id = u.part >= 0 ? (w.parts.id[u.part] as number) : w.parts.nextId;
  if (scrap) {
    st.stats.scrapped++;
    w.scrap++;
  } else if (toSink >= 0) w.good++;
  w.observer?.partDone?.(st.index, u.local, Math.max(0, product) * PART_TAG_PRODUCT, scrap, w.now);
  if (scrap || toSink >= 0) w.observer?.partEnd(id, scrap ? st.index : toSink, scrap, w.now);
  if (u.part >= 0) {
    freePart(w.parts, u.part);
    u.part = -1;
  }
  settlePart(w, u); // still working: the next part is on
}

/** A unit failed (`injected`: an operator's stop). A unit already down stays down once (as in the engine). */
export function mirrorFault(w: World, u: Unit, injected: boolean): void {
  if (u.down !== DOWN_NONE) return;
  u.down = injected ? DOWN_INJECTED : DOWN_FAILURE;
  u.downSince = w.now;
  if (injected) u.station.stats.injectedFaults++;
  else u.station.stats.failures++;
  refreshState(w, u);
  w.observer?.fault(u.station.index, u.local, injected ? 'injected' : 'failure', w.now);
}

/** A unit runs again: the repair and its restoration time are counted, and the unit goes back to its phase. */
export function mirrorRepair(w: World, u: Unit): void {
  if (u.down === DOWN_NONE) return;
  u.down = DOWN_NONE;
  const stats = u.station.stats;
  stats.repairs++;
  stats.restorationTime += w.now - Math.max(u.downSince, w.measureStart);
  refreshState(w, u);
  w.observer?.fault(u.station.index, u.local, 'repaired', w.now);
}

/** A buffer or conveyor holds `level` parts now: parts come from its input and go to its output, for the 3D view. */
export function mirrorLevel(w: World, st: Station, level: number): void {
  const q = st.queue;
  const from = st.inputs[0] ?? st.index;
  const to = st.outputs[0] ?? st.index;
  const now: Seconds = w.now;
  while (q.length < level) {
    const part = newPart(w.parts, now, 0);
    enqueue(q, part, now + st.transit);
    w.observer?.partMove(w.parts.id[part] as number, from, st.index, now, now + st.transit, 0);
  }
  while (q.length > level) {
    const part = dequeue(q);
    w.observer?.partMove(w.parts.id[part] as number, st.index, to, now, now, 0);
    freePart(w.parts, part);
  }
  setLevel(st.stats.level, q.length, now);
  setLevel(w.wip, w.parts.live, now);
  if (st.belt !== null) setBelt(w, st, q.length > 0);
}
