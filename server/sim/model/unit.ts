import type { MachineSpec } from '../spec.ts';
import * as events from './eventKinds.ts';
import { freePart } from './parts.ts';
import { changeoverFor } from './products.ts';
import { advanceMeter } from './meter.ts';
import { checkPart, destroy, PASS, REJECT_SCRAP } from './quality.ts';
import { PART_REWORKED, PART_TAG_PRODUCT, type Seconds } from '../types.ts';
import { offerUpstream, tryPush } from './flow.ts';
import { setLevel } from '../stats.ts';
import * as world from './world.ts';
import type { Unit, World } from './world.ts';
import {
  endJob,
  operatingClockOut,
  renewCare,
  repairRenewsWear,
  serviceDue,
  startPmJob,
  startRepair,
  startService,
  waitsForTechnician,
} from './service.ts';

// Local copies of the codes: imported bindings are live, so optimized code reloads them on every use (world.ts).
const {
  DOWN_FAILURE,
  DOWN_INJECTED,
  DOWN_NONE,
  DOWN_SERVICE,
  DOWN_WEAR,
  PHASE_HOLD,
  PHASE_IDLE,
  PHASE_PM,
  PHASE_SETUP,
  PHASE_WAKE,
  PHASE_WORK,
} = world;
const { EV_FAIL, EV_REPAIR, EV_SEGMENT_END, EV_STANDBY } = events;

/**
 * The life of one machine unit: setup, work, hold (blocked after service), preventive maintenance, failures and
 * repairs, shifts. Its displayed state is derived from phase + flags, and every change is booked to the state
 * clocks, energy and the bottleneck tracker in one place (setUnitState), so time can be neither lost nor
 * double counted.
 */

const S_WORKING = 0,
  S_STARVED = 1,
  S_BLOCKED = 2,
  S_DOWN = 3,
  S_SETUP = 4,
  S_MAINT = 5,
  S_OFF = 6,
  S_STANDBY = 7,
  S_WAKE = 8; // booked apart (its own power), reported as working (types.ts BOOKED_STATES)
const PHASE_STATE = [S_STARVED, S_SETUP, S_WORKING, S_BLOCKED, S_MAINT, S_WAKE];
const ACTIVE = [true, false, false, true, true, true, false, false, true]; // by state index, Roser's active states

/*
 * Shifts and failures: outside the shift windows every second is `off`, at off power, whatever else is going on.
 * Calendar-basis failures and all repairs run on calendar time: a failure may come at night and take the unit down,
 * and a repair in progress when a shift ends goes on through the night (booked `off`, not `down`). At the next shift
 * start a unit still under repair is `down` until the repair ends. Operating-basis failure clocks, setups, work and
 * preventive maintenance stop while off.
 */
function derivedState(u: Unit): number {
  if (u.off) return S_OFF;
  if (u.down !== DOWN_NONE) return u.down === DOWN_SERVICE ? S_MAINT : S_DOWN;
  if (u.asleep) return S_STANDBY;
  return PHASE_STATE[u.phase] as number;
}

/**
 * Notes that the unit's state may have changed. States are booked once the event's chain reaction has
 * settled (flushStates), so a unit that hands over a part and takes the next one at the same instant never
 * shows a zero-length blocked or starved state: no spurious state changes in the live view, no phantom
 * power peaks, and an unbroken active period for the bottleneck method.
 */
export function refreshState(w: World, u: Unit): void {
  if (u.dirty) return;
  u.dirty = true;
  w.dirty[w.dirtyCount++] = u;
}

/** Books every pending state change at the current time. */
export function flushStates(w: World): void {
  const dirty = w.dirty;
  for (let i = 0; i < w.dirtyCount; i++) {
    const u = dirty[i]!;
    u.dirty = false;
    bookState(w, u);
  }
  w.dirtyCount = 0; // the array keeps its slots: no reallocation per event
}

/** Books the time since the last change to the old state and switches to the state derived from the unit. */
function bookState(w: World, u: Unit): void {
  const next = derivedState(u);
  const prev = u.state;
  if (next === prev) return;
  const st = u.station;
  const dt = w.now - u.since;
  st.stats.stateTime[prev]! += dt;
  st.stats.energyKWh += ((st.power[prev] as number) * dt) / 3600;
  u.since = w.now;
  u.state = next;
  if (w.meter !== null) advanceMeter(w.meter, w.now, w.powerNow, w.lineOn);
  w.powerNow += (st.power[next] as number) - (st.power[prev] as number);
  if (w.powerNow > w.peakKW) w.peakKW = w.powerNow;
  if (ACTIVE[prev] !== ACTIVE[next]) {
    st.activeUnits += ACTIVE[next] ? 1 : -1;
    // A station with idle capacity is not a constraint: it is active only while all its units are.
    w.bottleneck.setActive(st.bottleneckIndex, st.activeUnits === st.units.length, w.now);
  }
  w.observer?.unitState(st.index, u.local, next === S_WAKE ? S_WORKING : next, w.now);
}

function failsOnOperatingTime(u: Unit): boolean {
  return u.station.operatingFailures;
}

/** Starts (or resumes) the timer of the current phase from `remaining`. */
export function startSegment(w: World, u: Unit): void {
  let duration = u.remaining;
  u.segIsCompletion = true;
  if (u.phase === PHASE_WORK && u.ttf < duration && failsOnOperatingTime(u)) {
    duration = u.ttf;
    u.segIsCompletion = false;
  }
  u.segStart = w.now;
  u.running = true;
  w.cal.push(w.now + duration, EV_SEGMENT_END, u.index, ++u.phaseToken);
}

/** Stops the phase timer (failure, shift end), keeping the time left. */
export function pauseSegment(w: World, u: Unit): void {
  if (!u.running) return;
  const elapsed = w.now - u.segStart;
  u.remaining -= elapsed;
  if (u.phase === PHASE_WORK) {
    u.opSincePM += elapsed;
    if (failsOnOperatingTime(u)) u.ttf -= elapsed;
  }
  u.running = false;
  u.phaseToken++;
}

/** The expected time the unit finishes its current part, for the live view. */
export function expectedFinish(w: World, u: Unit): number {
  return u.running ? u.segStart + u.remaining : w.now + u.remaining;
}

/** Loads a part onto an idle unit and starts setup (a changeover of product, or the every-n setup) or work. */
export function startPart(w: World, u: Unit, part: number): void {
  const st = u.station;
  u.part = part;
  if (u.asleep) return wakeUp(w, u);
  if (st.mix !== null && changesOver(w, u, part)) {
    // the changeover is the setup: phase and time set
  } else if (u.partsSinceSetup >= st.setupEvery) {
    u.phase = PHASE_SETUP;
    u.remaining = st.setupTime!(st.rngSetup);
  } else {
    u.phase = PHASE_WORK;
    u.remaining = st.mix === null ? st.cycle(st.rngProcessing) : drawCycle(w, u);
  }
  refreshState(w, u);
  if (u.down === DOWN_NONE && !u.off) startSegment(w, u);
}

/**
 * At a machine with products: notes the part's product and, when it differs from the last one's and the pair has a
 * changeover, starts it (counted per pair); true if it did.
 */
function changesOver(w: World, u: Unit, part: number): boolean {
  const mix = u.station.mix!;
  const product = ((w.parts.tag[part] as number) / PART_TAG_PRODUCT) | 0;
  const changeover = changeoverFor(mix, u.lastProduct, product);
  const pair = u.lastProduct * mix.products + product;
  u.lastProduct = product;
  if (changeover === null) return false;
  u.phase = PHASE_SETUP;
  u.remaining = changeover(u.station.rngSetup);
  mix.counts[pair]!++;
  mix.times[pair]! += u.remaining;
  return true;
}

/** The processing time of the unit's part: its product's when the machine has per-product cycle times. */
function drawCycle(w: World, u: Unit): Seconds {
  const st = u.station;
  const cycles = st.mix?.cycles ?? null;
  if (cycles === null) return st.cycle(st.rngProcessing);
  return cycles[((w.parts.tag[u.part] as number) / PART_TAG_PRODUCT) | 0]!(st.rngProcessing);
}

/** The unit has no part: maintenance if due, else starved and asking upstream for work. */
export function becomeIdle(w: World, u: Unit): void {
  u.phase = PHASE_IDLE;
  u.part = -1;
  if ((u.opSincePM >= u.station.pmEvery || u.care !== null) && u.down === DOWN_NONE && !u.off && startIdleWork(w, u)) return;
  refreshState(w, u);
  if (u.down === DOWN_NONE && !u.off) offerUpstream(w, u.station, 0);
  if (u.station.standby !== null && u.phase === PHASE_IDLE && !u.asleep) awaitStandby(w, u);
}

/**
 * Starved from now on: standby after the station's `standby.after`, unless a part or a stop comes first.
 * A unit keeps at most one timer in the calendar: a machine starved between every part would otherwise leave
 * one stale timer per part there (thousands on a fast line), and every calendar operation would pay for them.
 * The timer, when it fires early, moves itself to `starvedSince + after`.
 */
export function awaitStandby(w: World, u: Unit): void {
  if (u.down !== DOWN_NONE || u.off) return;
  u.starvedSince = w.now;
  if (u.sleepDue < 0) armStandby(w, u, w.now + u.station.standby!.after);
}

function armStandby(w: World, u: Unit, due: Seconds): void {
  u.sleepDue = due;
  w.cal.push(due, EV_STANDBY, u.index, u.sleepToken);
}

/** The standby timer ran out: a unit starved without a break for `after` goes to standby. */
export function onStandbyTimer(w: World, u: Unit, token: number): void {
  if (token !== u.sleepToken) return; // a timer of an old standby setting
  u.sleepDue = -1;
  const due = u.starvedSince + u.station.standby!.after;
  if (due > w.now) return armStandby(w, u, due); // starved again since the timer was set
  if (u.phase !== PHASE_IDLE || u.down !== DOWN_NONE || u.off || u.asleep) return;
  u.asleep = true;
  refreshState(w, u);
}

/** A part reached a unit in standby: it wakes first (`standby.wake` at `wakePower`), then starts the part. */
function wakeUp(w: World, u: Unit): void {
  u.asleep = false;
  u.phase = PHASE_WAKE;
  u.remaining = u.station.standby!.wake;
  refreshState(w, u);
  if (u.down === DOWN_NONE && !u.off) startSegment(w, u);
}

/** A service due between parts (time policy, or asked for by a reading) starts instead of asking for work; true if one did. */
function startIdleWork(w: World, u: Unit): boolean {
  if (u.opSincePM >= u.station.pmEvery) {
    u.phase = PHASE_PM;
    u.remaining = u.station.pmTime!(u.station.rngMaintenance);
    refreshState(w, u);
    if (u.care === null || startPmJob(w, u)) startSegment(w, u);
    return true;
  }
  if (u.care !== null && serviceDue(u)) {
    startService(w, u);
    return true;
  }
  return false;
}

/** The operating clock ran out in the middle of a part: the unit fails there, or a wear stage ends and work goes on. */
function clockOutMidPart(w: World, u: Unit): void {
  u.remaining -= u.ttf;
  u.opSincePM += u.ttf;
  u.ttf = 0;
  if (!operatingClockRanOut(w, u)) startSegment(w, u);
}

/** The unit's operating clock ran out (u.ttf is 0): the unit fails, or only a wear stage ended; true if it failed. */
function operatingClockRanOut(w: World, u: Unit): boolean {
  if (u.care !== null) return operatingClockOut(w, u);
  fail(w, u, DOWN_FAILURE, -1);
  return true;
}

// The rare branches below live in functions of their own: V8 charges a function's whole bytecode, taken branches
// or not, to the budget of the caller it is inlined into, and the common path should get that budget.

function finishWork(w: World, u: Unit): void {
  const st = u.station;
  w.operations++;
  st.stats.processed++;
  u.partsSinceSetup++;
  if (st.scrap > 0 && st.rngScrap.next() < st.scrap) return scrapPart(w, u);
  if (st.reworkP > 0 && st.rngRouting.next() < st.reworkP) {
    st.stats.reworked++;
    u.forcedOut = st.reworkOut;
    w.parts.tag[u.part]! |= PART_REWORKED;
  }
  if (st.quality !== null && rejectsPart(w, u)) return;
  if (w.observer !== null) tellPartDone(w, u, false);
  u.phase = PHASE_HOLD;
  refreshState(w, u);
  if (u.ttf <= 0 && failsOnOperatingTime(u) && operatingClockRanOut(w, u)) return;
  tryPush(w, st);
}

/**
 * Defects, inspection and repair of the part just finished (quality.ts); a part rejected to scrap is destroyed
 * (true), one rejected to a route goes to the reject output.
 */
function rejectsPart(w: World, u: Unit): boolean {
  const st = u.station;
  const verdict = checkPart(st.quality!, w.parts.tag, u.part);
  if (verdict === PASS) return false;
  if (verdict === REJECT_SCRAP) {
    u.forcedOut = -1; // a part rework had sent on its way is lost: the next part takes the normal routing
    scrapPart(w, u);
    return true;
  }
  if (u.forcedOut !== st.reworkOut) st.stats.reworked++; // not twice when rework already chose the route
  u.forcedOut = st.reworkOut;
  return false;
}

/** Out of line: only a watched run (the live view, an event log) pays for it. */
function tellPartDone(w: World, u: Unit, scrap: boolean): void {
  w.observer?.partDone?.(u.station.index, u.local, w.parts.tag[u.part] as number, scrap, w.now);
}

function scrapPart(w: World, u: Unit): void {
  const st = u.station;
  st.stats.scrapped++;
  w.scrap++;
  if (w.shipping !== null) destroy(w.shipping, w.parts.tag[u.part] as number);
  if (w.observer !== null) tellPartDone(w, u, true);
  w.observer?.partEnd(w.parts.id[u.part] as number, st.index, true, w.now);
  freePart(w.parts, u.part);
  setLevel(w.wip, w.parts.live, w.now);
  u.part = -1;
  if (u.ttf <= 0 && failsOnOperatingTime(u) && operatingClockRanOut(w, u)) return;
  becomeIdle(w, u);
}

/** The pending phase timer of a unit ran out: the phase is complete, or (operating basis) the unit failed mid-part. */
export function onSegmentEnd(w: World, u: Unit): void {
  u.running = false;
  if (u.phase === PHASE_WORK) {
    if (u.segIsCompletion) {
      if (failsOnOperatingTime(u)) u.ttf -= u.remaining;
      u.opSincePM += u.remaining;
      u.remaining = 0;
      return finishWork(w, u);
    }
    return clockOutMidPart(w, u);
  }
  if (u.phase === PHASE_SETUP) return finishSetup(w, u);
  if (u.phase === PHASE_PM) return finishMaintenance(w, u);
  if (u.phase === PHASE_WAKE) return startPart(w, u, u.part); // awake: the part starts as if it had just come
}

function finishSetup(w: World, u: Unit): void {
  const st = u.station;
  u.partsSinceSetup = 0;
  u.phase = PHASE_WORK;
  u.remaining = st.mix === null ? st.cycle(st.rngProcessing) : drawCycle(w, u);
  refreshState(w, u);
  startSegment(w, u);
}

function finishMaintenance(w: World, u: Unit): void {
  u.opSincePM = 0;
  u.station.stats.services++;
  if (u.care !== null) endJob(w, u);
  renewFailureClock(w, u, true); // maintenance makes the unit as good as new
  becomeIdle(w, u);
}

/**
 * Draws the next time to failure (operating time left, or an absolute calendar-time failure event); with
 * `wear` (start, wear-out repair, service) a unit with care also goes back to wear stage 1 (service.ts).
 */
export function renewFailureClock(w: World, u: Unit, wear: boolean): void {
  const st = u.station;
  const failures = (st.spec as MachineSpec).failures;
  let operatingTtf = -1;
  if (failures && st.ttf) {
    const ttf = st.ttf(st.rngFailures);
    if (failures.basis === 'operating') operatingTtf = ttf;
    else w.cal.push(w.now + ttf, EV_FAIL, u.index, ++u.failToken);
  }
  if (u.care !== null) renewCare(w, u, operatingTtf, wear);
  else if (operatingTtf >= 0) u.ttf = operatingTtf;
}

/**
 * Takes the unit down: a random failure, a wear-out failure (repair times drawn; with care the repair may wait for
 * a technician) or an injected fault (repairAfter s, or -1 until repaired).
 */
export function fail(w: World, u: Unit, kind: number, repairAfter: number): void {
  if (u.down !== DOWN_NONE) return;
  pauseSegment(w, u);
  u.down = kind;
  u.downSince = w.now;
  const st = u.station;
  if (kind === DOWN_FAILURE) st.stats.failures++;
  else if (kind === DOWN_WEAR) st.stats.wearFailures++;
  else st.stats.injectedFaults++;
  refreshState(w, u);
  w.observer?.fault(st.index, u.local, kind === DOWN_INJECTED ? 'injected' : 'failure', w.now);
  if (kind === DOWN_INJECTED) {
    if (repairAfter >= 0) w.cal.push(w.now + repairAfter, EV_REPAIR, u.index, ++u.repairToken);
    return;
  }
  const ttr = kind === DOWN_WEAR ? st.care!.wearRepair!(st.care!.rngWearRepairs) : st.ttr!(st.rngRepairs);
  if (u.care !== null) startRepair(w, u, ttr, kind === DOWN_WEAR);
  else w.cal.push(w.now + ttr, EV_REPAIR, u.index, ++u.repairToken);
}

/** Ends a failure or a stopping service: the unit resumes where it stopped, renewed. */
export function repair(w: World, u: Unit): void {
  const kind = u.down;
  if (kind === DOWN_NONE) return;
  u.down = DOWN_NONE;
  u.repairToken++;
  const stats = u.station.stats;
  if (kind === DOWN_SERVICE) stats.services++;
  else {
    stats.repairs++;
    stats.restorationTime += w.now - Math.max(u.downSince, w.measureStart);
  }
  if (u.care !== null) endJob(w, u);
  renewFailureClock(w, u, repairRenewsWear(u, kind));
  refreshState(w, u);
  w.observer?.fault(u.station.index, u.local, 'repaired', w.now);
  resume(w, u);
}

/** Sets or clears the shift-off flag. */
export function setOff(w: World, u: Unit, off: boolean): void {
  if (u.off === off) return;
  if (off) pauseSegment(w, u);
  u.off = off;
  refreshState(w, u);
  if (!off) resume(w, u);
}

/** Continues after a pause: restart the phase timer, hand over a finished part, or ask for work. */
function resume(w: World, u: Unit): void {
  if (u.down !== DOWN_NONE || u.off) return;
  if (u.phase === PHASE_IDLE) return becomeIdle(w, u);
  if (u.phase === PHASE_HOLD) return tryPush(w, u.station);
  if (u.phase === PHASE_PM && u.care !== null && waitsForTechnician(u)) return;
  if (!u.running) startSegment(w, u);
}
