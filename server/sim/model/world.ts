import type { LineSpec, MachineSpec, RoutingRule, StandbySpec, StationSpec } from '../spec.ts';
import { storeCapacity } from '../spec.ts';
import type { KW, Seconds, StationType } from '../types.ts';
import type { SimObserver } from '../observer.ts';
import { BOOKED_STATES, isMachineType, MACHINE_STATES } from '../types.ts';
import { createStationQuality, createShipping, tracksShipping, type Shipping, type StationQuality } from './quality.ts';
import { createMeter, type Meter } from './meter.ts';
import { createBelt, type Belt } from './belts.ts';
import { createProductMachine, createRelease, type ProductMachine, type ProductRelease } from './products.ts';
import { createCalendar, type Calendar } from '../calendar.ts';
import { createSampler, type Sampler } from '../distributions.ts';
import { createStreamFactory, type RandomStream } from '../random.ts';
import { createLevel, createTally, type Level, type Tally } from '../stats.ts';
import { createBottleneckTracker, type BottleneckTracker } from '../bottleneck.ts';
import { createPartPool, type PartPool } from './parts.ts';
import { createPartQueue, type PartQueue } from './partQueue.ts';
import { createCareConfig, createUnitCare, type CareConfig, type UnitCare } from './care.ts';
import { createCrews, type Crew } from './crews.ts';
import { invalidTimeError, LIVELOCK_STEP } from '../guard.ts';

/**
 * The run-time state of one simulation: every station, machine unit and statistic, in plain objects with
 * fixed shapes (all stations carry all fields) so the engine's hot paths stay monomorphic and fast.
 */

/*
 * The integer codes below are copied into module-local constants by the engine's hot modules: an imported binding
 * is live, so V8's optimized code reloads it on every use, while a module-local const is folded in (measured: 8% of
 * the engine's time on the benchmark line).
 */

/** What a machine unit is doing with its part; down and off are separate flags that pause it. */
export const PHASE_IDLE = 0;
export const PHASE_SETUP = 1;
export const PHASE_WORK = 2;
export const PHASE_HOLD = 3; // finished, waiting to hand the part downstream
export const PHASE_PM = 4; // preventive maintenance
export const PHASE_WAKE = 5; // waking from standby with its part (booked as the internal state S_WAKE)

export const DOWN_NONE = 0;
export const DOWN_FAILURE = 1;
export const DOWN_INJECTED = 2;
export const DOWN_WEAR = 3; // a wear-out failure
export const DOWN_SERVICE = 4; // a service that stops the unit (condition or predictive policy): shown as maintenance

/** One parallel unit of a machine or assembly station. */
export interface Unit {
  index: number; // global unit index, the calendar target
  local: number; // index within its station
  station: Station;
  phase: number;
  part: number; // part slot held, -1 if none
  remaining: Seconds; // of the current phase (setup, work, pm)
  running: boolean; // a segment-end event is pending
  segStart: Seconds;
  segIsCompletion: boolean; // the pending segment ends the phase (else it ends in a failure)
  down: number;
  downSince: Seconds; // when the current failure or fault began
  off: boolean;
  ttf: Seconds; // operating basis: operating time left until the next failure
  opSincePM: Seconds;
  partsSinceSetup: number;
  forcedOut: number; // output position the held part must go to (rework), -1 for the normal routing
  asleep: boolean; // in standby (standby.ts)
  sleepToken: number;
  starvedSince: Seconds; // when the unit last began to wait for standby (awaitStandby)
  sleepDue: Seconds; // when its one standby timer is due, -1 for none
  lastProduct: number; // product of the last part started, -1 before the first (changeovers)
  phaseToken: number;
  failToken: number;
  repairToken: number;
  state: number; // index into MACHINE_STATES, as booked
  since: Seconds;
  dirty: boolean; // phase or flags changed; the state is re-derived when the current event is done
  care: UnitCare | null; // wear, readings, crew jobs and policy state; null for a machine without them
}

/** Per-station counters and accumulators; reset at the end of warm-up. */
export interface StationStats {
  stateTime: Float64Array; // unit-seconds per booked state (BOOKED_STATES), summed over units
  stateEnergy: Float64Array; // kWh per booked state up to the last power change (at stateTimeMark)
  stateTimeMark: Float64Array; // stateTime at the last power change: energy since then is time x today's power
  energyKWh: number; // all energy booked: the units' states, or a conveyor's belt
  processed: number; // parts finished (good + scrap), ISO 22400 PQ
  scrapped: number;
  reworked: number; // parts sent to rework
  failures: number; // random failures
  injectedFaults: number;
  repairs: number;
  restorationTime: Seconds; // failure to repair, calendar time, of repairs done (within the measured window), for observed MTTR
  level: Level; // parts held (buffers, conveyors)
  wearFailures: number; // wear-out failures
  services: number; // services done (any policy)
  warnings: number;
  warningsRight: number; // warnings followed by a wear-out failure within the horizon
  falseAlarms: number; // warnings whose renewal came without a wear-out failure within the horizon
  leadTime: Seconds; // sum over right warnings of the calendar time from warning to failure
  crewWait: Seconds; // down time spent waiting for a technician (closed waits)
  technicianTime: Seconds; // technicians' time on this station's jobs (closed jobs; care units only)
}

/** Station types as small integers: the hot paths switch on these rather than on strings. */
export const K_SOURCE = 0,
  K_MACHINE = 1,
  K_ASSEMBLY = 2,
  K_BUFFER = 3,
  K_CONVEYOR = 4,
  K_SINK = 5;
const KIND_OF: Record<StationType, number> = {
  source: K_SOURCE,
  machine: K_MACHINE,
  assembly: K_ASSEMBLY,
  inspection: K_MACHINE, // a machine that checks parts (quality.ts)
  buffer: K_BUFFER,
  conveyor: K_CONVEYOR,
  sink: K_SINK,
};

/** One station at run time. */
export interface Station {
  index: number;
  id: string;
  type: StationType;
  kind: number; // K_* code of `type`
  outPos: number[]; // for each output, this station's position among that output's inputs
  spec: StationSpec;
  inputs: number[];
  outputs: number[];
  routing: RoutingRule;
  nextOut: number; // round-robin pointers
  nextIn: number;
  // machine / assembly
  units: Unit[];
  activeUnits: number; // units in an active state, for the bottleneck method
  bottleneckIndex: number; // index among machine stations, -1 for others
  cycle: Sampler;
  operatingFailures: boolean; // failure clock runs on working time only
  setupEvery: number; // parts between changeovers; Infinity without setups
  pmEvery: Seconds; // operating time between preventive maintenance; Infinity without
  ttf: Sampler | null;
  ttr: Sampler | null;
  setupTime: Sampler | null;
  pmTime: Sampler | null;
  care: CareConfig | null; // wear, signal, policy and crews of the station; null without any
  quality: StationQuality | null; // defects, inspection, repairs; null without any
  mix: ProductMachine | null; // per-product cycle times and changeovers; null without
  scrap: number;
  reworkP: number; // probability a finished part goes to rework
  reworkOut: number; // position of the rework station in outputs, -1 without rework
  power: Float64Array; // kW per booked state index (the last: waking from standby)
  standby: StandbySpec | null;
  rngProcessing: RandomStream;
  rngFailures: RandomStream;
  rngRepairs: RandomStream;
  rngScrap: RandomStream;
  rngSetup: RandomStream;
  rngMaintenance: RandomStream;
  rngRouting: RandomStream;
  need: Int32Array; // assembly: parts per input position
  staged: Int32Array; // assembly: parts collected per input position
  stagedParts: number[];
  // buffer / conveyor
  queue: PartQueue;
  capacity: number;
  transit: Seconds;
  belt: Belt | null; // conveyor with power: running or stopped (belts.ts)
  frontReady: boolean;
  readyToken: number;
  // source
  interarrival: Sampler | null;
  rngArrivals: RandomStream;
  release: ProductRelease | null; // source on a line with products: the order it releases them in
  held: number; // part waiting at a blocked source
  paused: boolean; // outside shifts
  pendingArrival: boolean;
  stats: StationStats;
}

/** The whole simulation state. */
export interface World {
  line: LineSpec;
  now: Seconds;
  cal: Calendar;
  stations: Station[];
  units: Unit[];
  /** Units whose state must be re-derived once the current event's chain reaction has settled. */
  dirty: Unit[];
  dirtyCount: number;
  machines: Station[]; // machine and assembly stations, in listed order
  visits: Float64Array; // expected visits per good part of each machine (by bottleneckIndex), from the line's structure (visits.ts)
  parts: PartPool;
  observer: SimObserver | null;
  lineOn: boolean;
  offTime: Seconds; // line outside shifts since measureStart (closed intervals)
  offSince: Seconds;
  measureStart: Seconds;
  events: number;
  operations: number; // part-steps since time 0 (not reset by warm-up)
  good: number;
  scrap: number;
  wip: Level;
  leadTime: Tally;
  powerNow: KW;
  peakKW: KW;
  bottleneck: BottleneckTracker;
  crews: Crew[];
  /** The line's electricity meter; null without a tariff, demand charge, CO2 profile or base load (meter.ts). */
  meter: Meter | null;
  /** Parts shipped and destroyed by product and quality; null on a line with one product and no quality keys. */
  shipping: Shipping | null;
  /** Livelock guard (guard.ts): the clock must reach `stallUntil` before `stalled` events pass the limit. */
  stallUntil: Seconds;
  stalled: number;
}

function emptyStats(): StationStats {
  return {
    stateTime: new Float64Array(BOOKED_STATES),
    stateEnergy: new Float64Array(BOOKED_STATES),
    stateTimeMark: new Float64Array(BOOKED_STATES),
    energyKWh: 0,
    processed: 0,
    scrapped: 0,
    reworked: 0,
    failures: 0,
    injectedFaults: 0,
    repairs: 0,
    restorationTime: 0,
    level: createLevel(0, 0),
    wearFailures: 0,
    services: 0,
    warnings: 0,
    warningsRight: 0,
    falseAlarms: 0,
    leadTime: 0,
    crewWait: 0,
    technicianTime: 0,
  };
}

const NEVER: Sampler = () => Infinity;

function createStation(
  spec: StationSpec,
  index: number,
  streams: ReturnType<typeof createStreamFactory>,
  crewIndex: ReadonlyMap<string, number>,
  { products, sequence }: LineSpec,
): Station {
  const s = spec.id;
  const m = isMachineType(spec.type) ? (spec as MachineSpec) : null;
  const src = spec.type === 'source' ? spec : null;
  const capacity = storeCapacity(spec);
  return {
    index,
    id: s,
    type: spec.type,
    kind: KIND_OF[spec.type],
    outPos: [],
    spec,
    inputs: [],
    outputs: [],
    routing: 'roundRobin',
    nextOut: 0,
    nextIn: 0,
    units: [],
    activeUnits: 0,
    bottleneckIndex: -1,
    cycle: m ? createSampler(m.cycleTime) : NEVER,
    // the operating clock u.ttf runs down to the nearest of the random failure and the end of the wear stage
    operatingFailures: m?.failures?.basis === 'operating' || m?.wear?.basis === 'operating',
    setupEvery: m?.setup ? m.setup.every : Infinity,
    pmEvery: m?.maintenance && (m.maintenance.policy ?? 'time') === 'time' ? (m.maintenance.every ?? Infinity) : Infinity,
    ttf: m?.failures ? createSampler(m.failures.timeToFailure) : null,
    ttr: m?.failures ? createSampler(m.failures.timeToRepair) : null,
    setupTime: m?.setup ? createSampler(m.setup.duration) : null,
    pmTime: m?.maintenance?.duration ? createSampler(m.maintenance.duration) : null,
    care: m ? createCareConfig(m, (purpose) => streams(s, purpose), crewIndex) : null,
    quality: m ? createStationQuality(m, (purpose) => streams(s, purpose)) : null,
    mix: m ? createProductMachine(m) : null,
    scrap: m ? m.scrap : 0,
    reworkP: m?.rework ? m.rework.probability : 0,
    reworkOut: -1,
    power: new Float64Array([...MACHINE_STATES.map((st) => (m ? m.power[st] : 0)), m?.standby?.wakePower ?? 0]),
    standby: m?.standby ?? null,
    rngProcessing: streams(s, 'processing'),
    rngFailures: streams(s, 'failures'),
    rngRepairs: streams(s, 'repairs'),
    rngScrap: streams(s, 'scrap'),
    rngSetup: streams(s, 'setup'),
    rngMaintenance: streams(s, 'maintenance'),
    rngRouting: streams(s, 'routing'),
    need: new Int32Array(0),
    staged: new Int32Array(0),
    stagedParts: [],
    queue: createPartQueue(Number.isFinite(capacity) ? Math.min(capacity, 1024) : 64),
    capacity,
    transit: spec.type === 'conveyor' ? spec.length / spec.speed : 0,
    belt: createBelt(spec.type === 'conveyor' ? spec.power : undefined),
    frontReady: false,
    readyToken: 0,
    interarrival: src?.interarrival ? createSampler(src.interarrival) : null,
    release: src
      ? createRelease(
          products?.map((p) => p.share),
          sequence,
          streams(s, 'products'),
        )
      : null,
    rngArrivals: streams(s, 'arrivals'),
    held: -1,
    paused: false,
    pendingArrival: false,
    stats: emptyStats(),
  };
}

function createUnit(station: Station, local: number, index: number): Unit {
  return {
    index,
    local,
    station,
    phase: PHASE_IDLE,
    part: -1,
    remaining: 0,
    running: false,
    segStart: 0,
    segIsCompletion: true,
    down: DOWN_NONE,
    downSince: 0,
    off: false,
    ttf: Infinity,
    opSincePM: 0,
    partsSinceSetup: 0,
    forcedOut: -1,
    asleep: false,
    sleepToken: 0,
    starvedSince: 0,
    sleepDue: -1,
    lastProduct: -1,
    phaseToken: 0,
    failToken: 0,
    repairToken: 0,
    state: 1 /* starved */,
    since: 0,
    dirty: false,
    care: station.care ? createUnitCare(station.care) : null,
  };
}

/** The machines a rejected part reaches first from `st` (through buffers and conveyors) take its reject mark off. */
function markRejectRoute(
  stations: Station[],
  st: Station,
  streams: ReturnType<typeof createStreamFactory>,
  seen = new Set<number>(),
): void {
  if (seen.has(st.index)) return;
  seen.add(st.index);
  if (isMachineType(st.type)) {
    st.quality ??= createStationQuality(st.spec as MachineSpec, (purpose) => streams(st.id, purpose), true);
    return;
  }
  for (const o of st.outputs) markRejectRoute(stations, stations[o]!, streams, seen);
}

/** Builds the run-time world of a line; no events are scheduled yet (see start()). */
export function createWorld(line: LineSpec, seed: number, replication: number, observer: SimObserver | null): World {
  const streams = createStreamFactory(seed, replication);
  // Each station gets its own copy of its spec: live interventions change it, the caller's line stays as given.
  const crews = createCrews(line.crews ?? []);
  const crewIndex = new Map(crews.map((c, i) => [c.id, i]));
  const stations = line.stations.map((spec, i) => createStation(structuredClone(spec), i, streams, crewIndex, line));
  const byId = new Map(stations.map((st) => [st.id, st]));
  for (const { from, to } of line.edges) {
    const a = byId.get(from),
      b = byId.get(to);
    if (!a || !b) throw new Error(`edge ${from} -> ${to} names an unknown station`);
    a.outputs.push(b.index);
    b.inputs.push(a.index);
  }
  for (const st of stations) {
    st.outPos = st.outputs.map((o) => stations[o]!.inputs.indexOf(st.index));
    const { rework, inspection } = st.spec as MachineSpec;
    const reject = inspection?.reject;
    // an inspection's reject route shares the rework output: a part sent there never takes the normal routing
    const route = rework?.to ?? (typeof reject === 'object' ? reject.to : undefined);
    if (route !== undefined) {
      st.reworkOut = st.outputs.findIndex((o) => stations[o]!.id === route);
      if (st.reworkOut < 0) throw new Error(`${st.id}: rework or reject station ${route} is not one of its outputs`);
    }
  }
  for (const st of stations)
    if (st.quality?.inspects && st.reworkOut >= 0) markRejectRoute(stations, stations[st.outputs[st.reworkOut]!]!, streams);
  const units: Unit[] = [];
  const machines: Station[] = [];
  for (const st of stations) {
    st.routing = line.routing?.[st.id] ?? 'roundRobin';
    if (!isMachineType(st.type)) continue;
    const spec = st.spec as MachineSpec;
    st.bottleneckIndex = machines.length;
    machines.push(st);
    for (let k = 0; k < spec.servers; k++) {
      const u = createUnit(st, k, units.length);
      units.push(u);
      st.units.push(u);
    }
    if (st.type === 'assembly') {
      st.need = new Int32Array(st.inputs.map((i) => spec.inputs?.[stations[i]!.id] ?? 1));
      st.staged = new Int32Array(st.inputs.length);
    }
  }
  const w: World = {
    line,
    now: 0,
    cal: createCalendar(64, (time, kind, target) => {
      throw invalidTimeError(w, time, kind, target);
    }),
    stations,
    units,
    dirty: [],
    dirtyCount: 0,
    machines,
    visits: new Float64Array(machines.length),
    parts: createPartPool(),
    observer,
    lineOn: true,
    offTime: 0,
    offSince: 0,
    measureStart: 0,
    events: 0,
    operations: 0,
    good: 0,
    scrap: 0,
    wip: createLevel(0, 0),
    leadTime: createTally(),
    powerNow: 0,
    peakKW: 0,
    bottleneck: createBottleneckTracker(machines.length, 0),
    crews,
    meter: line.energy ? createMeter(line.energy) : null,
    shipping: tracksShipping(line) ? createShipping(Math.max(1, line.products?.length ?? 1)) : null,
    stallUntil: LIVELOCK_STEP,
    stalled: 0,
  };
  return w;
}

/**
 * Opens the books of a new world at its clock: the power of every unit (each starts starved) and every belt (each
 * starts empty), the peak so far, and no machine active for the bottleneck method. A simulation and a mirror open the
 * same way, so their reports read alike.
 */
export function openBooks(w: World): void {
  for (const st of w.stations) if (st.belt !== null) w.powerNow += st.belt.stopped;
  for (const u of w.units) w.powerNow += u.station.power[u.state] as number;
  w.peakKW = w.powerNow;
  for (const st of w.machines) w.bottleneck.setActive(st.bottleneckIndex, false, w.now);
}
