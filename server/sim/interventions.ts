import type { DistSpec, MachineSpec, MaintenancePolicy, PowerChange, StandbySpec } from './spec.ts';
import type { MachineState, Seconds, StationId } from './types.ts';
import { MACHINE_STATES } from './types.ts';
import { createSampler } from './distributions.ts';
import { DOWN_INJECTED, DOWN_NONE, K_BUFFER, PHASE_IDLE, type Station, type World } from './model/world.ts';
import { awaitStandby, fail, flushStates, refreshState, repair } from './model/unit.ts';
import { offerUpstream } from './model/flow.ts';
import { expectedVisits } from './model/visits.ts';
import { JOB_NONE, POLICY_CODE } from './model/care.ts';
import { startService } from './model/service.ts';
import { advanceMeter } from './model/meter.ts';
import { setQuality } from './qualityInterventions.ts';

/**
 * Operator interventions on a running line. Each one is applied at the world's current time and is pure data,
 * so a session is replayed exactly by its scene, seed and the list of (time, intervention).
 */

/** A change an operator makes to the running line. */
export type Intervention =
  /** Take every unit of a machine down, for `duration` s or until a repair intervention. */
  | { type: 'fault'; station: StationId; duration?: Seconds | undefined }
  /** End the current failure or injected fault of every unit of a machine now. */
  | { type: 'repair'; station: StationId }
  /** Start a service of every unit of a machine with wear or a maintenance policy now (units down or in a job are left). */
  | { type: 'service'; station: StationId }
  /** Switch a machine's maintenance policy live (`time` needs maintenance.every, from the scene or param every). */
  | { type: 'set'; station: StationId; param: 'policy'; value: MaintenancePolicy }
  /** The operating time between services of the time policy. */
  | { type: 'set'; station: StationId; param: 'every'; value: Seconds }
  /** The reading above which a condition policy services the machine. */
  | { type: 'set'; station: StationId; param: 'threshold'; value: number }
  | { type: 'set'; station: StationId; param: 'cycleTime'; value: DistSpec }
  | { type: 'set'; station: StationId; param: 'mttr'; value: Seconds }
  | { type: 'set'; station: StationId; param: 'scrap'; value: number }
  | { type: 'set'; station: StationId; param: 'power'; value: PowerChange }
  | { type: 'set'; station: StationId; param: 'capacity'; value: number }
  /** A machine's standby (null: none), or every machine's with station "*". */
  | { type: 'set'; station: StationId; param: 'standby'; value: StandbySpec | null }
  /** Inspections: probability that a defective part is rejected. */
  | { type: 'set'; station: StationId; param: 'detect'; value: number }
  /** Inspections: probability that a good part is rejected. */
  | { type: 'set'; station: StationId; param: 'falseReject'; value: number }
  /** Probability that this machine makes a part defective: one for every product, or per product id. */
  | { type: 'set'; station: StationId; param: 'defects'; value: number | Record<string, number> }
  /** Sources: the product mix of random draws, per product id (shares sum to 1). */
  | { type: 'set'; station: StationId; param: 'mix'; value: Record<string, number> }
  /** Sources: the release order, as the scene's `sequence` key. */
  | { type: 'set'; station: StationId; param: 'sequence'; value: 'random' | { batch: number } | string[] };

/** Interventions that change standby: the standby-off twin must not see them (simulation.ts). */
export function isStandbyIntervention(iv: Intervention): boolean {
  return iv.type === 'set' && iv.param === 'standby';
}

/** Interventions that change maintenance: the run-to-failure twin must not see them (simulation.ts). */
export function isMaintenanceIntervention(iv: Intervention): boolean {
  return iv.type === 'service' || (iv.type === 'set' && (iv.param === 'policy' || iv.param === 'threshold' || iv.param === 'every'));
}

/** Why an intervention could not be applied (the line is unchanged), or null when it was. */
export type InterventionError = string | null;

const isMachine = (st: Station): boolean => st.units.length > 0;

/**
 * Books time and energy so far at the old power, so a power change applies from now on only; the energy per state
 * so far is set aside too (kpi.ts reads the rest as time in state since then x power).
 */
function bookUpToNow(w: World, st: Station): void {
  for (const u of st.units) {
    const dt = w.now - u.since;
    st.stats.stateTime[u.state]! += dt;
    st.stats.energyKWh += ((st.power[u.state] as number) * dt) / 3600;
    u.since = w.now;
  }
  const { stateTime, stateEnergy, stateTimeMark } = st.stats;
  for (let k = 0; k < stateTime.length; k++) {
    stateEnergy[k]! += ((stateTime[k]! - stateTimeMark[k]!) * (st.power[k] as number)) / 3600;
    stateTimeMark[k] = stateTime[k]!;
  }
}

/** Services every unit of a machine now that is neither down nor already in a repair or service. */
function serviceNow(w: World, st: Station): InterventionError {
  const c = st.care;
  if (!isMachine(st) || c === null) return `${st.id} has no wear, crew or maintenance policy to service (scene keys wear, maintenance)`;
  if (c.serviceTime === null) return `${st.id} has no service duration: give it maintenance.duration in the scene`;
  const ready = st.units.filter((u) => u.down === DOWN_NONE && u.care!.job === JOB_NONE);
  if (ready.length === 0) return `${st.id} is down or already being serviced`;
  for (const u of ready) startService(w, u);
  return null;
}

/** A machine's maintenance settings, or why it has none to change. */
const noMaintenance = (st: Station): string => `${st.id} has no wear or maintenance policy to change (scene keys wear, maintenance)`;

/** Drops a service asked for or planned under the old policy; one already running goes on. */
function dropPlans(st: Station): void {
  for (const u of st.units) {
    const uc = u.care;
    if (uc === null || uc.job !== JOB_NONE) continue;
    uc.serviceDue = false;
    uc.plannedAt = Infinity;
    uc.serviceToken++;
  }
}

/** Why a machine cannot switch to `policy` now, or null when it can. */
function policyBlocked(st: Station, policy: MaintenancePolicy): InterventionError {
  const c = st.care;
  const spec = st.spec as MachineSpec;
  if (policy === 'none') return null;
  if (st.pmTime === null) return `${st.id} has no service duration: give it maintenance.duration in the scene`;
  if (policy === 'time')
    return spec.maintenance?.every === undefined ? `${st.id} has no service interval: set one first (param every)` : null;
  if (c === null || c.every === Infinity) return `${st.id} has no condition signal to act on (wear.signal)`;
  if (policy === 'condition' && c.threshold === Infinity) return `${st.id} has no threshold: set one first (param threshold)`;
  return null;
}

/**
 * Switches a machine's maintenance policy. Switching to `time` starts its interval at the switch: services of the
 * other policies do not reset the time policy's clock, so the operating time before the switch does not count.
 */
function setPolicy(st: Station, policy: MaintenancePolicy): InterventionError {
  const code = POLICY_CODE[policy];
  if (code === undefined) return `policy ${String(policy)} is not one of none, time, condition, predictive`;
  const spec = st.spec as MachineSpec;
  if (st.care === null && spec.maintenance === undefined) return noMaintenance(st);
  const blocked = policyBlocked(st, policy);
  if (blocked !== null) return blocked;
  spec.maintenance = { ...spec.maintenance, policy };
  if (st.care !== null) st.care.policy = code;
  st.pmEvery = policy === 'time' ? spec.maintenance.every! : Infinity;
  if (policy === 'time') for (const u of st.units) u.opSincePM = 0;
  dropPlans(st);
  return null;
}

/** Changes a machine's maintenance policy, condition threshold or service interval; pending plans of the old policy are dropped. */
function setCare(st: Station, iv: Extract<Intervention, { param: 'policy' | 'threshold' | 'every' }>): InterventionError {
  const spec = st.spec as MachineSpec;
  if (!isMachine(st)) return noMaintenance(st);
  if (iv.param === 'policy') return setPolicy(st, iv.value);
  if (iv.param === 'every') {
    if (!(iv.value > 0 && Number.isFinite(iv.value))) return 'every must be a duration > 0';
    if (st.pmTime === null) return `${st.id} has no service duration: give it maintenance.duration in the scene`;
    spec.maintenance = { ...spec.maintenance, every: iv.value };
    if (st.pmEvery < Infinity) st.pmEvery = iv.value; // a unit past the new interval is serviced after its current part
    return null;
  }
  if (st.care === null) return noMaintenance(st);
  if (!Number.isFinite(iv.value)) return 'threshold must be a finite number';
  st.care.threshold = iv.value;
  spec.maintenance = { ...spec.maintenance, threshold: iv.value };
  return null;
}

/** The station id of a standby change for every machine of the line. */
export const ALL_MACHINES = '*';

/**
 * Switches a machine's standby: on (or new times), its idle units start waiting for standby from now; off, its
 * units in standby are starved again at once (no wake-up: nothing was asked of them).
 */
function setStandby(w: World, st: Station, value: StandbySpec | null): InterventionError {
  if (!isMachine(st)) return `${st.id} is a ${st.type}; standby is set on machines`;
  if (
    value !== null &&
    !(value.after > 0 && value.wake >= 0 && value.wakePower >= 0 && Number.isFinite(value.after + value.wake + value.wakePower))
  )
    return 'standby needs after > 0 s, wake >= 0 s and wakePower >= 0 kW';
  bookUpToNow(w, st);
  const spec = st.spec as MachineSpec;
  st.standby = value === null ? null : { ...value };
  if (value === null) delete spec.standby;
  else spec.standby = { ...value };
  if (value !== null) {
    const wake = st.power.length - 1;
    if (w.meter !== null) advanceMeter(w.meter, w.now, w.powerNow, w.lineOn);
    w.powerNow += (value.wakePower - st.power[wake]!) * st.units.filter((u) => u.state === wake).length;
    st.power[wake] = value.wakePower;
  }
  for (const u of st.units) {
    u.sleepToken++; // timers of the old setting are void
    u.sleepDue = -1;
    if (value === null && u.asleep) {
      u.asleep = false;
      refreshState(w, u);
    } else if (value !== null && !u.asleep && u.part < 0 && u.phase === PHASE_IDLE) awaitStandby(w, u);
  }
  return null;
}

function setParam(w: World, st: Station, iv: Extract<Intervention, { type: 'set' }>): InterventionError {
  if (iv.param === 'policy' || iv.param === 'threshold' || iv.param === 'every') return setCare(st, iv);
  if (iv.param === 'detect' || iv.param === 'falseReject' || iv.param === 'defects' || iv.param === 'mix' || iv.param === 'sequence')
    return setQuality(w, st, iv);
  if (iv.param === 'standby') return setStandby(w, st, iv.value);
  if (iv.param === 'capacity') {
    if (st.kind !== K_BUFFER) return `${st.id} is a ${st.type}; capacity can be changed on buffers only`;
    if (!(iv.value >= 0) || !Number.isInteger(iv.value)) return 'capacity must be a whole number >= 0';
    st.capacity = iv.value;
    (st.spec as { capacity: number }).capacity = iv.value;
    offerUpstream(w, st, 0); // a larger buffer can take blocked parts at once; a smaller one keeps what it holds
    return null;
  }
  if (!isMachine(st)) return `${st.id} is a ${st.type}; ${iv.param} can be changed on machines only`;
  const spec = st.spec as MachineSpec;
  switch (iv.param) {
    case 'cycleTime':
      st.cycle = createSampler(iv.value);
      spec.cycleTime = iv.value; // the ideal cycle time stays the nameplate value: a slower machine loses performance
      if (st.mix !== null && st.mix.cycles !== null) {
        st.mix.cycles = null; // a live cycle time is every product's
        delete spec.cycleTimes;
      }
      return null;
    case 'mttr': {
      if (!spec.failures) return `${st.id} has no failures to repair`;
      if (!(iv.value >= 0)) return 'mttr must be >= 0';
      const ttr: DistSpec = { dist: 'exponential', mean: iv.value };
      spec.failures.timeToRepair = ttr;
      st.ttr = createSampler(ttr);
      return null;
    }
    case 'scrap':
      if (!(iv.value >= 0 && iv.value < 1)) return 'scrap must be a probability in [0, 1)';
      st.scrap = iv.value;
      spec.scrap = iv.value;
      w.visits = expectedVisits(w); // fewer parts get through: every machine upstream works more per good part
      return null;
    case 'power': {
      const changes = MACHINE_STATES.flatMap((state, i) => {
        const kw = iv.value[state];
        return kw === undefined ? [] : [{ state, i, kw }];
      });
      const bad = changes.find((c) => !(c.kw >= 0 && Number.isFinite(c.kw)));
      if (bad) return `power.${bad.state} must be a finite number of kW >= 0`;
      const unknown = Object.keys(iv.value).find((k) => !MACHINE_STATES.includes(k as MachineState));
      if (unknown !== undefined) return `power.${unknown} is not a machine state`;
      bookUpToNow(w, st);
      if (w.meter !== null) advanceMeter(w.meter, w.now, w.powerNow, w.lineOn);
      for (const { state, i, kw } of changes) {
        w.powerNow += (kw - (st.power[i] as number)) * st.units.filter((u) => u.state === i).length;
        st.power[i] = kw;
        spec.power[state] = kw;
      }
      if (w.powerNow > w.peakKW) w.peakKW = w.powerNow;
      return null;
    }
  }
}

/** Applies an intervention at the current simulated time; returns an error message and changes nothing if it cannot. */
export function applyIntervention(w: World, iv: Intervention): InterventionError {
  if (iv.type === 'set' && iv.param === 'standby' && iv.station === ALL_MACHINES) {
    const error = w.machines.map((m) => setStandby(w, m, iv.value)).find((e) => e !== null) ?? null;
    flushStates(w);
    return error;
  }
  const st = w.stations.find((s) => s.id === iv.station);
  if (!st) return `no station "${iv.station}"`;
  let error: InterventionError = null;
  switch (iv.type) {
    case 'fault':
      if (!isMachine(st)) return `${st.id} is a ${st.type}; only machines can fail`;
      if (iv.duration !== undefined && !(iv.duration >= 0)) return 'duration must be >= 0';
      for (const u of st.units) fail(w, u, DOWN_INJECTED, iv.duration ?? -1);
      break;
    case 'repair':
      if (!isMachine(st)) return `${st.id} is a ${st.type}; only machines can be repaired`;
      if (st.units.every((u) => u.down === DOWN_NONE)) return `${st.id} is not down`;
      for (const u of st.units) repair(w, u);
      break;
    case 'service':
      error = serviceNow(w, st);
      break;
    case 'set':
      error = setParam(w, st, iv);
      break;
  }
  flushStates(w);
  return error;
}
