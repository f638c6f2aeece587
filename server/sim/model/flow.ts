import { dequeue, enqueue, frontTime } from './partQueue.ts';
import { freePart, newPart } from './parts.ts';
import { releaseTag } from './products.ts';
import { ship } from './quality.ts';
import { setBelt } from './belts.ts';
import { PART_DEFECTIVE, PART_REWORKED } from '../types.ts';
import * as events from './eventKinds.ts';
import { becomeIdle, expectedFinish, startPart } from './unit.ts';
import { observe, setLevel } from '../stats.ts';
import * as world from './world.ts';
import type { Station, Unit, World } from './world.ts';

// Local copies of the codes: imported bindings are live, so optimized code reloads them on every use (world.ts).
const { DOWN_NONE, K_ASSEMBLY, K_BUFFER, K_CONVEYOR, K_MACHINE, K_SINK, K_SOURCE, PHASE_HOLD, PHASE_IDLE } = world;
const { EV_ARRIVAL, EV_CONVEYOR_READY } = events;

/**
 * Parts moving between stations. Everything is push-based with blocking after service: a station with a
 * ready part hands it to an output that can take it (tryPush); a station that gains room lets blocked
 * upstream stations push into it (offerUpstream). Both run synchronously at the current time, so a chain
 * reaction (M2 frees a slot, B1 moves its head up, M1 unblocks...) completes within one event.
 */

function idleUnit(st: Station): Unit | null {
  const units = st.units;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.phase === PHASE_IDLE && u.down === DOWN_NONE && !u.off) return u;
  }
  return null;
}

function heldUnit(st: Station): Unit | null {
  const units = st.units;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.phase === PHASE_HOLD && u.down === DOWN_NONE && !u.off) return u;
  }
  return null;
}

/** Whether station `st` can take a part from its input number `inputPos` now. */
function canAccept(w: World, st: Station, inputPos: number, depth: number): boolean {
  switch (st.kind) {
    case K_MACHINE:
      return idleUnit(st) !== null;
    case K_ASSEMBLY:
      return (st.staged[inputPos] as number) < (st.need[inputPos] as number) && idleUnit(st) !== null;
    case K_BUFFER:
      if (st.queue.length < st.capacity) return true;
      // an empty zero-capacity buffer passes a part straight through when something downstream takes it
      return st.capacity === 0 && st.queue.length === 0 && depth < 64 && pickOutput(w, st, -1, depth + 1) >= 0;
    case K_CONVEYOR:
      return st.queue.length < st.capacity;
    case K_SINK:
      return true;
    default:
      return false;
  }
}

/**
 * Whether the station has a part ready to leave. The push loops below test the case of their own kinds inline:
 * calling this from them measured 4% slower.
 */
function hasReady(st: Station): boolean {
  switch (st.kind) {
    case K_MACHINE:
    case K_ASSEMBLY:
      return heldUnit(st) !== null;
    case K_BUFFER:
      return st.queue.length > 0;
    case K_CONVEYOR:
      return st.frontReady;
    case K_SOURCE:
      return !st.paused && (st.interarrival === null || st.held >= 0);
    default:
      return false;
  }
}

/** Whether output number `pos` of `st` can take a part now. */
function outputAccepts(w: World, st: Station, pos: number, depth: number): boolean {
  return canAccept(w, w.stations[st.outputs[pos]!]!, st.outPos[pos]!, depth);
}

/**
 * The position (in st.outputs) of the output that takes the next part, or -1 if none can take it now.
 * `forced` is the output a part found defective must go to (rework), -1 for a normal part, which never goes there.
 */
function pickOutput(w: World, st: Station, forced: number, depth: number): number {
  if (forced >= 0) return outputAccepts(w, st, forced, depth) ? forced : -1;
  const n = st.outputs.length;
  if (n === 1) return outputAccepts(w, st, 0, depth) ? 0 : -1; // a serial line: most calls
  const start = st.routing === 'first' ? 0 : st.nextOut;
  for (let k = 0; k < n; k++) {
    let pos = start + k;
    if (pos >= n) pos -= n;
    if (pos !== st.reworkOut && outputAccepts(w, st, pos, depth)) return pos;
  }
  return -1;
}

/** Hands every ready part of `st` downstream while some output can take one. */
export function tryPush(w: World, st: Station): void {
  switch (st.kind) {
    case K_MACHINE:
    case K_ASSEMBLY:
      return pushFromUnits(w, st);
    case K_BUFFER:
    case K_CONVEYOR:
      return pushFromQueue(w, st);
    case K_SOURCE:
      return pushFromSource(w, st);
  }
}

/** The round-robin pointer moves past the output just used. */
function passTo(w: World, st: Station, pos: number): Station {
  const n = st.outputs.length;
  if (n > 1 && st.routing === 'roundRobin') st.nextOut = pos + 1 < n ? pos + 1 : 0;
  return w.stations[st.outputs[pos] as number]!;
}

function pushFromUnits(w: World, st: Station): void {
  for (;;) {
    const u = heldUnit(st);
    if (u === null) return;
    const pos = pickOutput(w, st, u.forcedOut, 0);
    if (pos < 0) return;
    const dest = passTo(w, st, pos);
    // Take the part off the unit before giving it to `dest`: the hand-over may cascade back into `st`.
    const part = u.part;
    u.part = -1;
    u.forcedOut = -1;
    u.phase = PHASE_IDLE;
    accept(w, dest, part, st.outPos[pos] as number, st.index);
    if (u.phase === PHASE_IDLE && u.part < 0) becomeIdle(w, u);
  }
}

function pushFromQueue(w: World, st: Station): void {
  const q = st.queue;
  for (;;) {
    if (st.kind === K_CONVEYOR ? !st.frontReady : q.length === 0) return;
    const pos = pickOutput(w, st, -1, 0);
    if (pos < 0) return;
    const dest = passTo(w, st, pos);
    const wasFull = q.length >= st.capacity;
    const part = dequeue(q);
    st.frontReady = false;
    setLevel(st.stats.level, q.length, w.now);
    accept(w, dest, part, st.outPos[pos] as number, st.index);
    if (st.kind === K_CONVEYOR) {
      if (st.belt !== null && q.length === 0) setBelt(w, st, false);
      scheduleConveyorFront(w, st);
    }
    // Only a full buffer can have kept an upstream station waiting: one with room would have taken its part
    // already (every change that makes a part ready pushes it at once).
    if (wasFull) offerUpstream(w, st, 0);
  }
}

function pushFromSource(w: World, st: Station): void {
  for (;;) {
    if (st.paused || (st.interarrival !== null && st.held < 0)) return;
    const pos = pickOutput(w, st, -1, 0);
    if (pos < 0) return;
    const dest = passTo(w, st, pos);
    let part: number;
    if (st.held >= 0) {
      part = st.held;
      st.held = -1;
    } else {
      part = newPart(w.parts, w.now, st.release === null ? 0 : releaseTag(st.release));
      setLevel(w.wip, w.parts.live, w.now);
    }
    accept(w, dest, part, st.outPos[pos] as number, st.index);
    if (st.interarrival) w.cal.push(w.now + st.interarrival(st.rngArrivals), EV_ARRIVAL, st.index, 0);
  }
}

/** Schedules the moment the conveyor's front part reaches the end, unless it is there already. */
export function scheduleConveyorFront(w: World, st: Station): void {
  if (st.queue.length === 0 || st.frontReady) return;
  w.cal.push(Math.max(w.now, frontTime(st.queue)), EV_CONVEYOR_READY, st.index, ++st.readyToken);
}

/** The front part of a conveyor reached the end. */
export function onConveyorReady(w: World, st: Station): void {
  st.frontReady = true;
  tryPush(w, st);
}

/**
 * Gives a part to a station that said it can take it. A small dispatcher over one short function per kind: V8
 * inlines functions only up to 460 bytes of bytecode, and one big switch (872 bytes) was never inlined (+3% measured).
 */
function accept(w: World, st: Station, part: number, inputPos: number, from: number): void {
  switch (st.kind) {
    case K_MACHINE:
      return acceptAtMachine(w, st, part, from);
    case K_BUFFER:
      return acceptIntoBuffer(w, st, part, from);
    case K_SINK:
      return acceptAtSink(w, st, part, from);
    case K_CONVEYOR:
      return acceptOntoConveyor(w, st, part, from);
    case K_ASSEMBLY:
      return acceptAtAssembly(w, st, part, inputPos, from);
    default:
      throw new Error(`source ${st.id} cannot take parts`);
  }
}

function acceptAtMachine(w: World, st: Station, part: number, from: number): void {
  const u = idleUnit(st)!;
  startPart(w, u, part);
  w.observer?.partMove(w.parts.id[part] as number, from, st.index, w.now, expectedFinish(w, u), w.parts.tag[part] as number);
}

function acceptAtAssembly(w: World, st: Station, part: number, inputPos: number, from: number): void {
  w.observer?.partMove(w.parts.id[part] as number, from, st.index, w.now, w.now, w.parts.tag[part] as number);
  st.staged[inputPos]!++;
  st.stagedParts.push(part);
  if (st.staged.every((n, i) => n === st.need[i])) startAssembly(w, st);
}

function acceptIntoBuffer(w: World, st: Station, part: number, from: number): void {
  enqueue(st.queue, part, w.now);
  setLevel(st.stats.level, st.queue.length, w.now);
  w.observer?.partMove(w.parts.id[part] as number, from, st.index, w.now, w.now, w.parts.tag[part] as number);
  if (st.queue.length === 1) tryPush(w, st);
}

function acceptOntoConveyor(w: World, st: Station, part: number, from: number): void {
  if (st.belt !== null) setBelt(w, st, w.lineOn); // outside shifts the drives are off (belts.ts)
  enqueue(st.queue, part, w.now + st.transit);
  setLevel(st.stats.level, st.queue.length, w.now);
  w.observer?.partMove(w.parts.id[part] as number, from, st.index, w.now, w.now + st.transit, w.parts.tag[part] as number);
  if (st.queue.length === 1) scheduleConveyorFront(w, st);
}

function acceptAtSink(w: World, st: Station, part: number, from: number): void {
  w.good++;
  observe(w.leadTime, w.now - (w.parts.born[part] as number));
  if (w.shipping !== null) ship(w.shipping, w.parts.tag[part] as number, w.now - (w.parts.born[part] as number));
  w.observer?.partMove(w.parts.id[part] as number, from, st.index, w.now, w.now, w.parts.tag[part] as number);
  w.observer?.partEnd(w.parts.id[part] as number, st.index, false, w.now);
  freePart(w.parts, part);
  setLevel(w.wip, w.parts.live, w.now);
}

/** A complete kit is staged: the oldest part carries on as the assembled part, the others are consumed into it. */
function startAssembly(w: World, st: Station): void {
  const parts = st.stagedParts;
  let carrier = parts[0]!;
  for (const p of parts) if ((w.parts.born[p] as number) < (w.parts.born[carrier] as number)) carrier = p;
  // the assembled part is defective (or reworked) if any of its components was
  const tags = w.parts.tag;
  for (const p of parts) if (p !== carrier) tags[carrier]! |= (tags[p] as number) & (PART_DEFECTIVE | PART_REWORKED);
  for (const p of parts) if (p !== carrier) freePart(w.parts, p);
  setLevel(w.wip, w.parts.live, w.now);
  st.stagedParts = [];
  st.staged.fill(0);
  startPart(w, idleUnit(st)!, carrier);
}

/** `st` may have room now: let its blocked upstream stations push into it, taking inputs in turn. */
export function offerUpstream(w: World, st: Station, depth: number): void {
  const ins = st.inputs;
  const n = ins.length;
  if (n === 0) return;
  const start = st.nextIn;
  st.nextIn = start + 1 < n ? start + 1 : 0;
  for (let k = 0; k < n; k++) {
    let pos = start + k;
    if (pos >= n) pos -= n;
    if (!canAccept(w, st, pos, depth)) continue;
    const up = w.stations[ins[pos] as number]!;
    if (hasReady(up)) tryPush(w, up);
    else if (up.kind === K_BUFFER && up.capacity === 0 && depth < 64) offerUpstream(w, up, depth + 1);
  }
}

/** A source's next part arrives (interarrival sources only). */
export function onArrival(w: World, st: Station): void {
  if (st.paused) {
    st.pendingArrival = true;
    return;
  }
  st.held = newPart(w.parts, w.now, st.release === null ? 0 : releaseTag(st.release));
  setLevel(w.wip, w.parts.live, w.now);
  tryPush(w, st); // if blocked, the part waits at the source and the next arrival is drawn when it leaves
}
