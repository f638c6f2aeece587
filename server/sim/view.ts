import type { StationSpec } from './spec.ts';
import { MACHINE_STATES } from './types.ts';
import type { KW, Seconds, StateCode, StationId, StationType } from './types.ts';
import { partAt } from './model/partQueue.ts';
import { expectedFinish } from './model/unit.ts';
import { DOWN_NONE, type Station, type Unit, type World } from './model/world.ts';

/**
 * The engine seen from outside: a narrow, read-only view of a running line for the live layer, in station
 * indices, unit indices and state codes. Nothing outside server/sim/ gets the world object itself, so the
 * engine's internal layout can change without touching its readers.
 */

/** One station: what it is, how it is connected, and its parameters as the engine runs them now. */
export interface StationView {
  readonly index: number;
  readonly id: StationId;
  readonly type: StationType;
  /** The spec as it runs now: operator interventions change it. Never write to it. */
  readonly spec: Readonly<StationSpec>;
  /** Parallel units of a machine or assembly; 0 for other stations. */
  readonly units: number;
  /** Parts a buffer or conveyor holds at most (Infinity: unlimited); 0 for other stations. */
  readonly capacity: number;
  /** Time a part takes to cross a conveyor; 0 for other stations. */
  readonly transit: Seconds;
  /** Station indices of its inputs and outputs. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

/** A part inside a station: on a machine unit, in a buffer or on a conveyor. */
export interface PartInPlace {
  part: number; // the part's id
  station: number;
  since: Seconds; // when it started there (on a conveyor: when it got on)
  readyAt: Seconds; // when it is (expected to be) ready to leave
  tag: number; // product x PART_TAG_PRODUCT + PART_* flags (types.ts); 0 for a good part of the first product
}

/** What the live layer may read of a running simulation. Every call is a pure read. */
export interface SimView {
  readonly now: Seconds;
  readonly stations: readonly StationView[];
  /** Indices of the machine and assembly stations, in listed order. */
  readonly machines: readonly number[];
  /** Product ids by product index (a part's tag / PART_TAG_PRODUCT); empty on a line without products. */
  readonly products: readonly string[];
  /** The state a unit is booked in now. */
  unitState(station: number, unit: number): StateCode;
  /** Whether a unit is down (failed or faulted), whatever it is booked as (a down unit outside shifts is `off`). */
  unitDown(station: number, unit: number): boolean;
  /** Whether a unit's condition warning is open: raised since its last renewal (wear-out repair or service), not yet ended by one. */
  unitWarned(station: number, unit: number): boolean;
  /** The part on a unit now (working, in setup, blocked, or paused with it), null if it holds none. */
  unitPart(station: number, unit: number): PartInPlace | null;
  /** Parts held now by a buffer or conveyor (0 for other stations). */
  level(station: number): number;
  /** Parts inside stations now, at most `perStation` from each buffer or conveyor. */
  partsInPlace(perStation: number): PartInPlace[];
  /** Parts in the line now. */
  wip(): number;
  /** Parts created since time 0. */
  partsCreated(): number;
  /** Power drawn by the line now. */
  powerKW(): KW;
}

function stationView(st: Station): StationView {
  const isStore = st.type === 'buffer' || st.type === 'conveyor';
  return {
    index: st.index,
    id: st.id,
    type: st.type,
    get spec() {
      return st.spec;
    },
    units: st.units.length,
    get capacity() {
      return isStore ? st.capacity : 0;
    },
    transit: st.transit,
    inputs: st.inputs.slice(),
    outputs: st.outputs.slice(),
  };
}

function partOnUnit(w: World, u: Unit): PartInPlace | null {
  if (u.part < 0) return null;
  return {
    part: w.parts.id[u.part]!,
    station: u.station.index,
    since: u.segStart,
    readyAt: expectedFinish(w, u),
    tag: w.parts.tag[u.part]!,
  };
}

function partsOf(w: World, st: Station, perStation: number, out: PartInPlace[]): void {
  for (const u of st.units) {
    const p = partOnUnit(w, u);
    if (p !== null) out.push(p);
  }
  const q = st.queue;
  for (let i = 0; i < q.length && i < perStation; i++) {
    const readyAt = q.times[(q.head + i) % q.parts.length]!;
    const slot = partAt(q, i);
    out.push({ part: w.parts.id[slot]!, station: st.index, since: readyAt - st.transit, readyAt, tag: w.parts.tag[slot]! });
  }
}

/** Creates the view of a world (once per simulation). */
export function createSimView(w: World): SimView {
  const stations = w.stations.map(stationView);
  const unit = (station: number, unit: number): Unit => {
    const u = w.stations[station]?.units[unit];
    if (!u) throw new RangeError(`no unit ${unit} at station ${station}`);
    return u;
  };
  return {
    get now() {
      return w.now;
    },
    stations,
    machines: w.machines.map((st) => st.index),
    products: (w.line.products ?? []).map((p) => p.id),
    unitState: (station, u) => {
      const state = unit(station, u).state;
      return state < MACHINE_STATES.length ? state : 0; // waking from standby reads as working
    },
    unitDown: (station, u) => unit(station, u).down !== DOWN_NONE,
    unitWarned: (station, u) => unit(station, u).care?.warned === true,
    unitPart: (station, u) => partOnUnit(w, unit(station, u)),
    level: (station) => w.stations[station]?.queue.length ?? 0,
    partsInPlace(perStation) {
      const out: PartInPlace[] = [];
      for (const st of w.stations) partsOf(w, st, perStation, out);
      return out;
    },
    wip: () => w.parts.live,
    partsCreated: () => w.parts.nextId,
    powerKW: () => w.powerNow,
  };
}
