import { isMachineSpec, type LineSpec } from './spec.ts';
import type { Seconds } from './types.ts';
import type { LineState } from './lineState.ts';
import { checkLineState } from './initialCheck.ts';
import { openAt, placeState, pushReady } from './model/initial.ts';
import * as events from './model/eventKinds.ts';
import * as world from './model/world.ts';
import { createWorld, openBooks, type World } from './model/world.ts';
import type { SimObserver } from './observer.ts';
import { createSimView, type SimView } from './view.ts';
import { becomeIdle, fail, flushStates, onSegmentEnd, onStandbyTimer, renewFailureClock, repair, setOff } from './model/unit.ts';
import { onArrival, onConveyorReady, tryPush } from './model/flow.ts';
import { onPlannedService, onReading, onWearEvent, startReadings } from './model/service.ts';
import { advanceMeter } from './model/meter.ts';
import { restartStatistics } from './model/restart.ts';
import { setBelt } from './model/belts.ts';
import { expectedVisits } from './model/visits.ts';
import { isOnShift, nextShiftChange } from './model/shifts.ts';
import { buildReport, scoreOnTwin, type SimReport } from './kpi.ts';
import { runToFailureState, runToFailureTwin } from './twin.ts';
import { withoutStandby, withStandbySavings } from './standbyTwin.ts';
import { eventStation, LIVELOCK_STEP, livelockError, livelockLimit, SimulationError } from './guard.ts';
import {
  applyIntervention,
  isMaintenanceIntervention,
  isStandbyIntervention,
  type Intervention,
  type InterventionError,
} from './interventions.ts';

// Local copies of the codes: imported bindings are live, so optimized code reloads them on every use (world.ts).
const { EV_ARRIVAL, EV_CONVEYOR_READY, EV_FAIL, EV_READING, EV_REPAIR, EV_SEGMENT_END, EV_SERVICE, EV_SHIFT, EV_STANDBY, EV_WEAR } = events;
const { DOWN_FAILURE } = world;

/** Options of one simulation run. */
export interface SimOptions {
  seed: number;
  /** Replication number: with the same seed, replication k draws from its own independent streams. */
  replication?: number;
  /**
   * Statistics restart at this time, before any event due at that time: the measured window is [warmup, now). An
   * absolute time: with `initial`, only a warm-up past the state's time counts (else the window is [initial.t, now)).
   */
  warmup?: Seconds;
  /**
   * The state the line opens in, at its time (lineState.ts), instead of empty at time 0: a fork of a mirrored or
   * running line. Checked against the line (checkLineState); docs/plant.md, "Starting from a state".
   */
  initial?: LineState | undefined;
  observer?: SimObserver | null;
}

/** One running simulation of a line. Advance it with runUntil; read KPIs at any time with report. */
export interface Simulation {
  readonly now: Seconds;
  /** Calendar events processed so far. */
  readonly events: number;
  /** Part-steps so far: machine units finishing a part (good or scrap), from time 0. */
  readonly operations: number;
  /** A read-only view of the running line, for the live layer. */
  readonly view: SimView;
  /**
   * Processes every event due strictly before t, then sets the clock to t: the run covers [now, t), so slicing it
   * into several calls ([a, b) then [b, c)) gives the same result as one call ([a, c)). Events due exactly at t wait
   * for the next call; a part finishing exactly at t is not counted yet.
   *
   * With `maxEvents`, it returns early once about that many events ran (finishing the instant it is at, and leaving
   * the clock at the next event's time, before t), so a caller can check its own clock between chunks; it returns
   * true when t was reached. Throws a SimulationError on a livelock or a time that is not finite (guard.ts); the
   * simulation then refuses to run on (every later call throws the same error).
   */
  runUntil(t: Seconds, maxEvents?: number): boolean;
  /** KPIs of the measured period [warm-up, now). Reading them changes nothing. */
  report(): SimReport;
  /** Applies an operator intervention now, before the events due at this same time; returns an error message (and changes nothing) or null. */
  apply(intervention: Intervention): InterventionError;
}

function dispatch(w: World): void {
  const cal = w.cal;
  const kind = cal.kind;
  const target = cal.target;
  switch (kind) {
    case EV_SEGMENT_END: {
      const u = w.units[target]!;
      if (cal.token === u.phaseToken) onSegmentEnd(w, u);
      return;
    }
    case EV_ARRIVAL:
      return onArrival(w, w.stations[target]!);
    case EV_CONVEYOR_READY: {
      const st = w.stations[target]!;
      if (cal.token === st.readyToken) onConveyorReady(w, st);
      return;
    }
    case EV_FAIL: {
      const u = w.units[target]!;
      if (cal.token === u.failToken) fail(w, u, DOWN_FAILURE, -1);
      return;
    }
    case EV_REPAIR: {
      const u = w.units[target]!;
      if (cal.token === u.repairToken) repair(w, u);
      return;
    }
    case EV_SHIFT:
      return onShift(w, target === 1);
    default:
      return dispatchRare(w, kind, target, cal.token);
  }
}

/** The events of machines with care (readings, calendar wear, planned services) or standby: apart, so dispatch stays small. */
function dispatchRare(w: World, kind: number, target: number, token: number): void {
  const u = w.units[target]!;
  if (kind === EV_STANDBY) onStandbyTimer(w, u, token);
  else if (kind === EV_READING) onReading(w, u);
  else if (kind === EV_WEAR) onWearEvent(w, u, token);
  else if (kind === EV_SERVICE) onPlannedService(w, u, token);
}

function setLineOn(w: World, on: boolean): void {
  if (w.lineOn === on) return;
  if (w.meter !== null) advanceMeter(w.meter, w.now, w.powerNow, w.lineOn);
  if (on) w.offTime += w.now - w.offSince;
  else w.offSince = w.now;
  w.lineOn = on;
  for (const st of w.stations) {
    if (st.type === 'source') st.paused = !on;
    if (st.belt !== null) setBelt(w, st, on && st.queue.length > 0);
    for (const u of st.units) setOff(w, u, !on);
  }
  if (!on) return;
  for (const st of w.stations) {
    if (st.type !== 'source') continue;
    if (st.interarrival === null) tryPush(w, st);
    else if (st.pendingArrival) {
      st.pendingArrival = false;
      onArrival(w, st);
    }
  }
}

function onShift(w: World, on: boolean): void {
  setLineOn(w, on);
  const shifts = w.line.shifts;
  if (!shifts) return;
  const next = nextShiftChange(shifts, w.now);
  if (Number.isFinite(next)) w.cal.push(next, EV_SHIFT, on ? 0 : 1, 0);
}

function start(w: World, initial: LineState | null): void {
  openBooks(w);
  for (const u of w.units) {
    renewFailureClock(w, u, true);
    if (u.care !== null) startReadings(w, u);
  }
  const t0 = w.now; // 0, or the time of the initial state
  if (initial !== null) placeState(w, initial);
  const shifts = w.line.shifts;
  const on = !shifts || isOnShift(shifts, t0);
  if (shifts) {
    const next = nextShiftChange(shifts, t0);
    if (Number.isFinite(next)) w.cal.push(next, EV_SHIFT, on ? 0 : 1, 0);
  }
  if (!on) {
    setLineOn(w, false);
    for (const st of w.stations) if (st.type === 'source' && st.interarrival) st.pendingArrival = true;
  } else {
    for (const st of w.stations) {
      if (st.type !== 'source') continue;
      if (st.interarrival) w.cal.push(t0 + st.interarrival(st.rngArrivals), EV_ARRIVAL, st.index, 0);
      else tryPush(w, st);
    }
    for (const u of w.units) if (u.part < 0 && u.phase === 0) becomeIdle(w, u);
  }
  if (initial !== null) pushReady(w);
}

function startAndSettle(w: World, initial: LineState | null): void {
  start(w, initial);
  flushStates(w);
}

/** Events between two looks at the event budget and the livelock guard: the hot loop itself only counts. */
const CHECK_EVERY = 1024;

/**
 * Processes events due strictly before t, at most about `maxEvents` of them; returns true when every one was
 * processed. Out of budget, it stops only where the clock moves on (the events at one instant run together), so
 * the state is exactly that of a run up to the next event's time, where it sets the clock: a later call, or a
 * replay that runs straight to that time, continues identically.
 */
function runEvents(w: World, t: Seconds, maxEvents: number, limit: number): boolean {
  const cal = w.cal;
  let n = 0;
  let check = Math.min(CHECK_EVERY, maxEvents);
  let checked = 0; // n at the last check
  while (cal.popBefore(t)) {
    const time = cal.time;
    w.now = time;
    dispatch(w);
    if (w.dirtyCount > 0) flushStates(w);
    if (++n < check) continue;
    // The slow path, every CHECK_EVERY events: the livelock guard, then the budget.
    if (time >= w.stallUntil) {
      w.stallUntil = time + LIVELOCK_STEP;
      w.stalled = 0;
    } else if ((w.stalled += n - checked) > limit) {
      w.events += n;
      throw livelock(w, w.stalled);
    }
    checked = n;
    check = n + CHECK_EVERY;
    if (n >= maxEvents) {
      const next = cal.peekTime();
      if (next > time && next < t) {
        w.now = next;
        w.events += n;
        return false;
      }
      check = n + 1; // still inside one instant: look again after the next event
    }
  }
  w.events += n;
  return true;
}

/** Runs a few more events of a livelocked world to see whose they are, and returns the error naming them. */
function livelock(w: World, stalled: number): SimulationError {
  const counts = new Map<string, number>();
  const count = (kind: number, target: number): void => {
    const id = eventStation(w, kind, target);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  const cal = w.cal;
  count(cal.kind, cal.target);
  for (let i = 0; i < 1000 && cal.size > 0; i++) {
    cal.pop();
    w.now = cal.time;
    count(cal.kind, cal.target);
    dispatch(w);
    if (w.dirtyCount > 0) flushStates(w);
  }
  return livelockError(w, stalled, counts);
}

function checkLine(line: LineSpec): void {
  // An unlimited source straight into something unlimited would create parts without end at time 0.
  const byId = new Map(line.stations.map((s) => [s.id, s]));
  for (const { from, to } of line.edges) {
    const a = byId.get(from),
      b = byId.get(to);
    if (a?.type === 'source' && !a.interarrival && (b?.type === 'sink' || (b?.type === 'buffer' && !Number.isFinite(b.capacity)))) {
      throw new Error(`unlimited source ${from} feeds ${to}, which never fills: give ${from} an interarrival time or ${to} a capacity`);
    }
  }
  for (const s of line.stations) {
    if (isMachineSpec(s) && s.servers < 1) throw new Error(`${s.id}: servers must be at least 1`);
  }
}

/**
 * Creates a simulation of `line` at time 0 (or at `options.initial`), ready to run. A line whose warnings a maintenance policy may act on
 * runs its run-to-failure twin alongside (twin.ts), on which the warnings are scored.
 */
export function createSimulation(line: LineSpec, options: SimOptions): Simulation {
  const sim = withRunToFailureTwin(line, options);
  const offLine = withoutStandby(line);
  if (offLine === null) return sim;
  // standby savings are measured on the same line with standby off, same seed; operators' standby changes stay here
  const off = createLineSimulation(offLine, { ...options, observer: null });
  return alongside(sim, off, withStandbySavings, (iv) => !isStandbyIntervention(iv));
}

/** A line whose warnings a maintenance policy may act on runs its run-to-failure twin alongside (twin.ts). */
function withRunToFailureTwin(line: LineSpec, options: SimOptions): Simulation {
  const twinLine = runToFailureTwin(line);
  if (twinLine === null) return createLineSimulation(line, options);
  const initial = options.initial === undefined ? {} : { initial: runToFailureState(options.initial) };
  const twin = createLineSimulation(twinLine, { ...options, observer: null, ...initial });
  // the same line events reach the twin, so it stays the same line; maintenance never does: it runs to failure
  return alongside(createLineSimulation(line, options), twin, scoreOnTwin, (iv) => !isMaintenanceIntervention(iv));
}

/**
 * `sim` with `twin` run in step beside it: the twin reaches wherever the line stops, gets the interventions `shares`
 * lets through, and `merge` reads the two reports into one.
 */
function alongside(
  sim: Simulation,
  twin: Simulation,
  merge: (report: SimReport, twin: SimReport) => SimReport,
  shares: (intervention: Intervention) => boolean,
): Simulation {
  return {
    get now() {
      return sim.now;
    },
    get events() {
      return sim.events;
    },
    get operations() {
      return sim.operations;
    },
    view: sim.view,
    runUntil(t, maxEvents) {
      const reached = sim.runUntil(t, maxEvents);
      twin.runUntil(sim.now); // where the line stopped, out of budget or not: the twin keeps step
      return reached;
    },
    report: () => merge(sim.report(), twin.report()),
    apply(intervention) {
      const error = sim.apply(intervention);
      if (error === null && shares(intervention)) twin.apply(intervention);
      return error;
    },
  };
}

function createLineSimulation(line: LineSpec, options: SimOptions): Simulation {
  checkLine(line);
  const initial = options.initial ?? null;
  if (initial !== null) checkLineState(line, initial);
  const w = createWorld(line, options.seed, options.replication ?? 0, options.observer ?? null);
  w.visits = expectedVisits(w);
  if (initial !== null) openAt(w, initial.t);
  startAndSettle(w, initial);
  // The warm-up ends between the events due before it and those due at it, whichever slice it falls in.
  let warmupEnd = options.warmup !== undefined && options.warmup > w.now ? options.warmup : Infinity;
  const limit = livelockLimit(w);
  let failed: SimulationError | null = null;
  return {
    get now() {
      return w.now;
    },
    get events() {
      return w.events;
    },
    get operations() {
      return w.operations;
    },
    view: createSimView(w),
    runUntil(t, maxEvents = Infinity) {
      if (failed) throw failed;
      try {
        if (warmupEnd <= t) {
          const before = w.events;
          if (!runEvents(w, warmupEnd, maxEvents, limit)) return false;
          w.now = warmupEnd;
          restartStatistics(w);
          warmupEnd = Infinity;
          maxEvents -= w.events - before;
          // Out of budget right at the warm-up's end: the state is that of a run to it, a clean place to stop.
          if (maxEvents <= 0 && w.now < t) return false;
        }
        if (!runEvents(w, t, maxEvents, limit)) return false;
      } catch (error) {
        if (error instanceof SimulationError) failed = error;
        throw error;
      }
      if (t > w.now) w.now = t;
      return true;
    },
    report: () => buildReport(w),
    apply: (intervention) => applyIntervention(w, intervention),
  };
}
