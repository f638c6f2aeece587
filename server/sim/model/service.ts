import type { Seconds } from '../types.ts';
import * as events from './eventKinds.ts';
import * as world from './world.ts';
import type { Unit, World } from './world.ts';
import {
  drawReading,
  drawStage,
  JOB_NONE,
  JOB_REPAIR,
  JOB_SERVICE,
  lastBreakBefore,
  operatingClock,
  POLICY_CONDITION,
  POLICY_PREDICTIVE,
  remainingLife,
  scoreWarning,
  syncClocks,
} from './care.ts';
import { releaseTechnician, takeTechnician } from './crews.ts';
import { fail, pauseSegment, refreshState, startSegment } from './unit.ts';

/**
 * Wear, readings, warnings, services and crew jobs of a unit with care (care.ts): the rare paths of a machine's
 * life. unit.ts calls in here only for units whose `care` is set, so a line without wear or crews runs none of it.
 *
 * A repair or a condition/predictive service holds the unit `down` (a service as DOWN_SERVICE, shown as
 * maintenance) and ends with EV_REPAIR, on calendar time: like a repair it goes on through a shift break, where
 * it is booked `off`. A time-policy service is the PM phase between parts (unit.ts); with a crew it waits in that
 * phase for a technician.
 */

const { DOWN_NONE, DOWN_SERVICE, DOWN_WEAR, PHASE_IDLE, PHASE_PM, PHASE_WORK } = world;
const { EV_REPAIR, EV_SERVICE, EV_WEAR, EV_READING } = events;

/** The clock of the wear's horizon now: operating time (operating-basis wear) or calendar time. */
function horizonClock(w: World, u: Unit): Seconds {
  const c = u.station.care!;
  if (!c.wearOperating) return w.now;
  const uc = u.care!;
  const unsynced = uc.ttfBase - u.ttf;
  return uc.clock + (unsynced > 0 ? unsynced : 0) + (u.running && u.phase === PHASE_WORK ? w.now - u.segStart : 0);
}

/**
 * The operating clock u.ttf ran out: the wear stage ended (the next stage begins, or the unit wears out) or the
 * random failure came. Returns true when the unit failed, false when it goes on.
 */
export function operatingClockOut(w: World, u: Unit): boolean {
  const c = u.station.care!;
  const uc = u.care!;
  syncClocks(uc, u.ttf);
  if (c.wearOperating && uc.wearLeft <= 0) {
    if (nextStage(w, u)) return true;
  } else if (uc.randomLeft <= 0) {
    uc.randomLeft = Infinity;
    fail(w, u, world.DOWN_FAILURE, -1);
    return true;
  }
  u.ttf = operatingClock(c, uc);
  return false;
}

/** A wear stage ended: the next begins, or after the last the unit fails (returns true). */
function nextStage(w: World, u: Unit): boolean {
  const c = u.station.care!;
  const uc = u.care!;
  if (uc.stage >= c.stages) {
    uc.wearLeft = Infinity;
    fail(w, u, DOWN_WEAR, -1);
    return u.down === DOWN_WEAR;
  }
  uc.stage++;
  startStageClock(w, u);
  return false;
}

function startStageClock(w: World, u: Unit): void {
  const c = u.station.care!;
  const uc = u.care!;
  const length = drawStage(c);
  if (c.wearOperating) uc.wearLeft = length;
  else w.cal.push(w.now + length, EV_WEAR, u.index, ++uc.wearToken);
}

/** Calendar-basis wear: a stage's time ran out. */
export function onWearEvent(w: World, u: Unit, token: number): void {
  if (token !== u.care!.wearToken) return;
  nextStage(w, u);
}

/**
 * Renews a unit's clocks: the random failure's (`randomLeft` of operating time; -1 when the failures are on calendar
 * time or absent) always, and with `wear` (at start, after a wear-out repair or a service) the wear too: back to
 * stage 1, a warning still open scored as a false alarm, any planned service dropped. Random failures are
 * independent of wear: their repair leaves the wear where it was (docs/maintenance.md).
 */
export function renewCare(w: World, u: Unit, randomLeft: Seconds, wear: boolean): void {
  const c = u.station.care!;
  const uc = u.care!;
  syncClocks(uc, u.ttf);
  if (wear) {
    if (closeWarning(w, u, false, 0) === 'false') u.station.stats.falseAlarms++;
    uc.serviceDue = false;
    uc.renewsWear = false;
    uc.plannedAt = Infinity;
    uc.serviceToken++;
    uc.readings = 0;
    if (c.stages > 0) {
      uc.stage = 1;
      startStageClock(w, u);
    }
  }
  if (randomLeft >= 0) uc.randomLeft = randomLeft;
  u.ttf = operatingClock(c, uc);
}

/** Scores and closes a unit's open warning (if any) and tells the observer it cleared. */
function closeWarning(w: World, u: Unit, wearOut: boolean, clockNow: Seconds): 'right' | 'false' | 'none' {
  const score = scoreWarning(u.station.care!, u.care!, wearOut, clockNow);
  if (score !== 'none') w.observer?.warningCleared?.(u.station.index, u.local, w.now);
  return score;
}

/** A failure took the unit down: scores its warning (wear-out) and starts or queues the repair. */
export function startRepair(w: World, u: Unit, repairTime: Seconds, wearOut: boolean): void {
  const c = u.station.care!;
  const uc = u.care!;
  const st = u.station;
  if (wearOut) {
    const score = closeWarning(w, u, true, horizonClock(w, u));
    if (score === 'right') {
      st.stats.warningsRight++;
      st.stats.leadTime += w.now - uc.warnTime;
    } else if (score === 'false') st.stats.falseAlarms++;
  }
  uc.waitSince = w.now;
  if (uc.job === JOB_SERVICE) {
    // A failure during a service: the service's technician (or its place in the queue) takes the repair, and the
    // repair's renewal replaces the rest of the service.
    if (u.phase === PHASE_PM) u.phase = PHASE_IDLE;
    uc.renewsWear = true;
    uc.job = JOB_REPAIR;
    uc.jobTime = repairTime;
    if (uc.jobActive) w.cal.push(w.now + repairTime, EV_REPAIR, u.index, ++u.repairToken);
    return;
  }
  startJob(w, u, JOB_REPAIR, repairTime, wearOut ? c.crewWear : c.crewRandom);
}

/** Starts job `job` of `time` on unit u at once, or queues it for a technician of crew `crew`. */
function startJob(w: World, u: Unit, job: number, time: Seconds, crew: number): void {
  const uc = u.care!;
  uc.job = job;
  uc.jobTime = time;
  uc.jobCrew = crew;
  uc.waitSince = w.now;
  uc.jobActive = crew < 0 || takeTechnician(w.crews[crew]!, u.index, w.now);
  if (uc.jobActive) beginWork(w, u);
}

/** A technician starts on the unit's job. */
function beginWork(w: World, u: Unit): void {
  const uc = u.care!;
  uc.jobStart = w.now;
  if (u.down !== DOWN_NONE) w.cal.push(w.now + uc.jobTime, EV_REPAIR, u.index, ++u.repairToken);
  else if (u.phase === PHASE_PM && !u.off) startSegment(w, u);
}

/** The unit's job is done (or cancelled by an operator's repair): its technician goes to the next waiting unit. */
export function endJob(w: World, u: Unit): void {
  const uc = u.care!;
  const crewIndex = uc.jobCrew;
  const wasActive = uc.jobActive;
  if (wasActive) u.station.stats.technicianTime += w.now - Math.max(uc.jobStart, w.measureStart);
  uc.job = JOB_NONE;
  uc.jobActive = false;
  uc.jobCrew = -1;
  if (crewIndex < 0) return;
  const crew = w.crews[crewIndex]!;
  if (!wasActive) {
    crew.queue.splice(crew.queue.indexOf(u.index, crew.head), 1); // an operator's repair while it waited
    return;
  }
  const next = releaseTechnician(crew, w.now);
  if (next < 0) return;
  const v = w.units[next]!;
  const vc = v.care!;
  const waited = w.now - Math.max(vc.waitSince, w.measureStart);
  if (waited > 0) {
    crew.waitTotal += waited;
    if (vc.job === JOB_REPAIR) v.station.stats.crewWait += waited;
  }
  vc.jobActive = true;
  beginWork(w, v);
}

/** A time-policy service (PM phase) begins: with a crew it may first wait for a technician. Returns true if it runs. */
export function startPmJob(w: World, u: Unit): boolean {
  const c = u.station.care!;
  startJob(w, u, JOB_SERVICE, u.remaining, c.crewService);
  return u.care!.jobActive;
}

/** A PM phase waiting for a technician must not start its timer on resume. */
export function waitsForTechnician(u: Unit): boolean {
  const uc = u.care!;
  return uc.job !== JOB_NONE && !uc.jobActive;
}

/** A condition or predictive service stops the unit now (its part, if any, waits) and starts or queues. */
export function startService(w: World, u: Unit): void {
  const st = u.station;
  const c = st.care!;
  const uc = u.care!;
  uc.serviceDue = false;
  uc.plannedAt = Infinity;
  uc.serviceToken++;
  pauseSegment(w, u);
  u.down = DOWN_SERVICE;
  u.downSince = w.now;
  refreshState(w, u);
  startJob(w, u, JOB_SERVICE, c.serviceTime!(st.rngMaintenance), c.crewService);
}

/**
 * Whether the repair ending now renews the wear: a wear-out repair, a service, a repair that took one over, and by
 * default any other repair too; `failures: { renewsWear: false }` makes random failures independent of wear.
 */
export function repairRenewsWear(u: Unit, kind: number): boolean {
  if (kind === DOWN_WEAR || kind === DOWN_SERVICE) return true;
  return u.care !== null && (u.care.renewsWear || u.station.care!.randomRepairRenewsWear);
}

/** Whether an idle unit should start a service it was asked for (condition, or predictive at once). */
export function serviceDue(u: Unit): boolean {
  return u.care!.serviceDue;
}

/** Asks for a service after the current part: at once if the unit is idle. */
function requestService(w: World, u: Unit): void {
  const uc = u.care!;
  if (uc.serviceDue || uc.job !== JOB_NONE) return;
  uc.serviceDue = true;
  if (u.phase === PHASE_IDLE) startService(w, u);
}

/** Readings come every `every` of calendar time; a unit that is off, down or in service gives none. */
export function onReading(w: World, u: Unit): void {
  const st = u.station;
  const c = st.care!;
  const uc = u.care!;
  w.cal.push(w.now + c.every, EV_READING, u.index, uc.readingToken);
  if (u.off || u.down !== DOWN_NONE || u.phase === PHASE_PM) return;
  const value = drawReading(c, uc);
  w.observer?.reading?.(st.index, u.local, value, uc.stage, w.now);
  if (!uc.warned && value > c.warnAt) {
    uc.warned = true;
    uc.warnTime = w.now;
    uc.warnClock = horizonClock(w, u);
    st.stats.warnings++;
    w.observer?.warning?.(st.index, u.local, w.now);
  }
  if (c.policy === POLICY_CONDITION) {
    if (value > c.threshold) requestService(w, u);
  } else if (c.policy === POLICY_PREDICTIVE) planService(w, u);
}

/**
 * Predictive policy: from the estimated remaining life (care.ts), the service is due by `deadline` = now + life -
 * margin (life read as calendar time: the unit cannot wear faster than it works). It is planned into the last
 * shift break before the deadline; with none in time it waits for later readings, and is done at once (after the
 * current part) when the deadline comes before the next reading.
 */
function planService(w: World, u: Unit): void {
  const c = u.station.care!;
  const uc = u.care!;
  if (uc.serviceDue || uc.job !== JOB_NONE) return;
  const deadline = w.now + remainingLife(c, uc) - c.margin;
  if (uc.plannedAt <= deadline) return; // already planned in time
  const start = lastBreakBefore(w.line.shifts, w.now, deadline);
  if (start > w.now) {
    uc.plannedAt = start;
    w.cal.push(start, EV_SERVICE, u.index, ++uc.serviceToken);
  } else if (deadline < w.now + c.every) requestService(w, u);
}

/** A planned service's time came: it starts unless the unit is down (a repair renews it anyway). */
export function onPlannedService(w: World, u: Unit, token: number): void {
  const uc = u.care!;
  if (token !== uc.serviceToken || u.down !== DOWN_NONE) return;
  startService(w, u);
}

/** Starts the signal readings of a unit (the first one `every` after the run opens). */
export function startReadings(w: World, u: Unit): void {
  const c = u.station.care!;
  if (c.every < Infinity) w.cal.push(w.now + c.every, EV_READING, u.index, 0);
}
