import type { LineState, UnitStart } from '../lineState.ts';
import { productIndex } from '../initialCheck.ts';
import { LIVELOCK_STEP } from '../guard.ts';
import { setLevel } from '../stats.ts';
import { PART_TAG_PRODUCT, type Seconds } from '../types.ts';
import * as events from './eventKinds.ts';
import { scheduleConveyorFront, tryPush } from './flow.ts';
import { enqueue } from './partQueue.ts';
import { newPart } from './parts.ts';
import { releaseMix } from './products.ts';
import { restartStatistics } from './restart.ts';
import { startPmJob, startRepair } from './service.ts';
import { refreshState, startSegment } from './unit.ts';
import { setBelt } from './belts.ts';
import * as world from './world.ts';
import type { Station, Unit, World } from './world.ts';

/**
 * A simulation that opens at a given state (SimOptions.initial, lineState.ts) instead of empty at time 0: the clock
 * and every statistic start at the state's time, stores hold their parts, machine units their parts and phases.
 * All of it runs once, before the first event: the event loop never knows where the run began. What the state
 * does not say (random streams, failure clocks, phase times left out) is drawn afresh from the run's own streams.
 */

const { DOWN_FAILURE, K_BUFFER, K_CONVEYOR, PHASE_HOLD, PHASE_PM, PHASE_SETUP, PHASE_WORK } = world;

/** Puts an empty world's clock at `t`: every statistic measures from there, the meter's minutes and the guard too. */
export function openAt(w: World, t: Seconds): void {
  w.now = t;
  if (w.meter !== null) w.meter.at = t; // nothing drawn before t: the first minute is the one t falls in
  w.stallUntil = t + LIVELOCK_STEP;
  restartStatistics(w);
}

/**
 * The products of the `count` parts a store starts with: the release mix, spread deterministically (part i takes
 * the product whose cumulative share covers (i + 1/2) / count), so no random stream is touched.
 */
function storeProducts(w: World, count: number): number[] {
  const products = w.line.products;
  if (products === undefined || products.length < 2) return new Array<number>(count).fill(0);
  const mix = releaseMix(
    products.map((p) => p.share),
    w.line.sequence,
  );
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = (i + 0.5) / count;
    let p = 0;
    for (let sum = mix[0]!; sum < at && p < mix.length - 1; sum += mix[p]!) p++;
    out.push(p);
  }
  return out;
}

/**
 * Fills a buffer or conveyor with `level` parts. On a conveyor they lie spread evenly over the belt, each in the
 * middle of its share of the length: part i (from the front) reaches the end at t + (i + 1/2) x transit / level, so
 * they leave in order and a full belt leaves one pitch apart.
 */
function fillStore(w: World, st: Station, level: number): void {
  const products = storeProducts(w, level);
  for (let i = 0; i < level; i++) {
    const part = newPart(w.parts, w.now, products[i]! * PART_TAG_PRODUCT);
    enqueue(st.queue, part, st.kind === K_CONVEYOR ? w.now + ((i + 0.5) * st.transit) / level : w.now);
  }
  setLevel(st.stats.level, level, w.now);
  if (st.kind !== K_CONVEYOR) return;
  if (st.belt !== null) setBelt(w, st, true); // a shift break at t stops it again (setLineOn)
  scheduleConveyorFront(w, st);
}

/** Puts a new part of product `product` on the unit (it was the unit's last product: no changeover for the next). */
function holdPart(w: World, u: Unit, product: number): void {
  u.part = newPart(w.parts, w.now, product * PART_TAG_PRODUCT);
  u.lastProduct = product;
}

/** The processing time of a part of `product` at the unit's station. */
function drawCycle(st: Station, product: number): Seconds {
  const sampler = st.mix?.cycles?.[product] ?? st.cycle;
  return sampler(st.rngProcessing);
}

/** The unit is failed: repaired after `remaining`, or a repair time drawn (with a crew, it may wait for a technician). */
function startDown(w: World, u: Unit, remaining: Seconds | undefined): void {
  const st = u.station;
  u.down = DOWN_FAILURE;
  u.downSince = w.now;
  refreshState(w, u);
  w.observer?.fault(st.index, u.local, 'failure', w.now); // a log's repair follows its fault; not a failure counted in [t, now)
  const ttr = remaining ?? st.ttr!(st.rngRepairs);
  if (u.care !== null) startRepair(w, u, ttr, false);
  else w.cal.push(w.now + ttr, events.EV_REPAIR, u.index, ++u.repairToken);
}

/** Sets one unit going as `start` says; starved, off and standby units stay idle for start() to settle. */
function placeUnit(w: World, u: Unit, start: UnitStart, product: number): void {
  const st = u.station;
  const r = start.remaining;
  switch (start.state) {
    case 'working':
      holdPart(w, u, product);
      u.phase = PHASE_WORK;
      u.remaining = r ?? drawCycle(st, product);
      break;
    case 'setup':
      holdPart(w, u, product);
      u.phase = PHASE_SETUP;
      u.remaining = r ?? st.setupTime!(st.rngSetup);
      break;
    case 'blocked':
      holdPart(w, u, product);
      u.phase = PHASE_HOLD;
      refreshState(w, u);
      return; // it pushes once the line is settled (pushReady)
    case 'maintenance':
      u.phase = PHASE_PM;
      u.remaining = r ?? st.pmTime!(st.rngMaintenance);
      refreshState(w, u);
      // as a service due between parts starts (unit.ts startIdleWork): with a crew it may wait for a technician
      if (u.care === null || startPmJob(w, u)) startSegment(w, u);
      return;
    case 'down':
      return startDown(w, u, r);
    default:
      return;
  }
  refreshState(w, u);
  startSegment(w, u);
}

/**
 * Fills the stores and sets the machine units going as `state` says (checked by checkLineState). Runs with the line
 * on, after the failure clocks are drawn and before anything moves; a shift break at t then stops what it started.
 */
export function placeState(w: World, state: LineState): void {
  for (const st of w.stations) {
    // own keys only: a station named like an Object.prototype member ("constructor") must not read one
    const level = Object.hasOwn(state.levels, st.id) ? state.levels[st.id]! : 0;
    if (level > 0 && (st.kind === K_BUFFER || st.kind === K_CONVEYOR)) fillStore(w, st, level);
    const starts = Object.hasOwn(state.units, st.id) ? state.units[st.id]! : [];
    starts.forEach((start, k) => placeUnit(w, st.units[k]!, start, productIndex(w.line, start.product)));
  }
  setLevel(w.wip, w.parts.live, w.now);
}

/** Once the line is settled: buffers with parts and units holding finished parts hand them on at once if they can. */
export function pushReady(w: World): void {
  for (const st of w.stations) {
    if (st.kind === K_BUFFER ? st.queue.length > 0 : st.units.some((u) => u.phase === PHASE_HOLD)) tryPush(w, st);
  }
}
