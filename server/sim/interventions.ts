import type { DistSpec, MachineSpec, PowerChange } from './spec.ts';
import type { MachineState, Seconds, StationId } from './types.ts';
import { MACHINE_STATES } from './types.ts';
import { createSampler } from './distributions.ts';
import { DOWN_INJECTED, DOWN_NONE, K_BUFFER, type Station, type World } from './model/world.ts';
import { fail, flushStates, repair } from './model/unit.ts';
import { offerUpstream } from './model/flow.ts';
import { expectedVisits } from './model/visits.ts';

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
  | { type: 'set'; station: StationId; param: 'cycleTime'; value: DistSpec }
  | { type: 'set'; station: StationId; param: 'mttr'; value: Seconds }
  | { type: 'set'; station: StationId; param: 'scrap'; value: number }
  | { type: 'set'; station: StationId; param: 'power'; value: PowerChange }
  | { type: 'set'; station: StationId; param: 'capacity'; value: number };

/** Why an intervention could not be applied (the line is unchanged), or null when it was. */
export type InterventionError = string | null;

const isMachine = (st: Station): boolean => st.units.length > 0;

/** Books time and energy so far at the old power, so a power change applies from now on only. */
function bookUpToNow(w: World, st: Station): void {
  for (const u of st.units) {
    const dt = w.now - u.since;
    st.stats.stateTime[u.state]! += dt;
    st.stats.energyKWh += ((st.power[u.state] as number) * dt) / 3600;
    u.since = w.now;
  }
}

function setParam(w: World, st: Station, iv: Extract<Intervention, { type: 'set' }>): InterventionError {
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
    case 'set':
      error = setParam(w, st, iv);
      break;
  }
  flushStates(w);
  return error;
}
