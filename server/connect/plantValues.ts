import type { MachineState } from '../protocol/states.ts';
import { MACHINE_STATE_CODES } from '../protocol/states.ts';
import { PART_TAG_PRODUCT } from '../sim/index.ts';
import type { Session } from '../session/session.ts';

/**
 * What plant connections (OPC UA, MQTT) publish of a session: one reading of its stations and line, taken from the
 * same KPI frame and inspector figures the browser gets, so a value over OPC UA, MQTT and Socket.IO agrees at the same
 * simulated time. Reading is cheap between two engine events: the session shares one report per instant.
 */

/**
 * PackML state numbers (ISA-TR88.00.02) of LineTwin's machine states, as docs/kpis.md maps them: working is Execute,
 * waiting and standby Suspended, a failure Held (the machine waits for its repair), a changeover Resetting, planned
 * maintenance and time outside shifts Stopped.
 */
export const PACKML_STATE: Readonly<Record<MachineState, number>> = {
  working: 6, // Execute
  starved: 5, // Suspended
  blocked: 5, // Suspended
  down: 11, // Held
  setup: 15, // Resetting
  maintenance: 2, // Stopped
  off: 2, // Stopped
  standby: 5, // Suspended
};

/** One station's values. Machine-only values are null on buffers, conveyors, sources and sinks; store values on the others. */
export interface StationValues {
  id: string;
  type: string;
  /** State of the station's first unit (a machine's units are listed in `units`). */
  state: MachineState | null;
  packmlState: number | null;
  /** Each unit's state. */
  units: MachineState[];
  /** Product on the first busy unit, when the line has products. */
  product: string | null;
  /** Parts finished since the warm-up: good and scrapped. */
  good: number;
  scrap: number;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
  /** Power drawn now by the station's units (their state's power figure). */
  powerKW: number | null;
  energyKWh: number;
  /** Buffers and conveyors: parts held now, and at most. */
  level: number | null;
  capacity: number | null;
  /** Wearing machines: the latest condition reading of the first unit that read, its wear stage, and whether a warning is open. */
  condition: number | null;
  wearStage: number | null;
  warning: boolean;
}

/** The line's values: the KPI frame's. */
export interface LineValues {
  session: string;
  scene: string;
  t: number;
  paused: boolean;
  speed: number | 'max';
  throughputPerHour: number;
  good: number;
  scrap: number;
  oee: number;
  availability: number;
  performance: number;
  quality: number;
  wip: number;
  kWh: number;
  kWhPerGoodPart: number;
  powerKW: number;
  bottleneck: string;
}

export interface PlantValues {
  line: LineValues;
  stations: StationValues[];
}

const isStore = (type: string): boolean => type === 'buffer' || type === 'conveyor';

/** The last reading of each running simulation, with what it was taken at (see plantValues). */
const readings = new WeakMap<Session['sim'], { at: string; values: PlantValues }>();

/**
 * Reads a session's values now. With OPC UA and MQTT both on, each reads every session after every tick: the second
 * read of the same instant is served from the first. The instant is the simulation (a reset makes a new one), its
 * time and event count, and what a command changes without an event (an intervention, pause, speed).
 */
export function plantValues(session: Session): PlantValues {
  const { sim } = session;
  const info = session.info();
  const at = `${sim.now}|${sim.events}|${session.interventions.length}|${info.paused}|${info.speed}`;
  const last = readings.get(sim);
  if (last?.at === at) return last.values;
  const values = readValues(session, info);
  readings.set(sim, { at, values });
  return values;
}

function readValues(session: Session, info: ReturnType<Session['info']>): PlantValues {
  const kpi = session.kpi();
  const v = session.sim.view;
  const productNames = session.scene.line.products?.map((p) => p.id) ?? null;
  const productOn = new Map<number, string>(); // station index -> product of a part on one of its units
  if (productNames)
    for (const p of v.partsInPlace(1))
      if (!productOn.has(p.station)) productOn.set(p.station, productNames[Math.floor(p.tag / PART_TAG_PRODUCT)] ?? '');
  const readings = session.readings();
  const condition = new Map<number, { value: number; stage: number; warned: boolean }>();
  for (let k = 0; k + 4 < readings.length; k += 5) {
    const station = readings[k]!;
    if (!condition.has(station))
      condition.set(station, { value: readings[k + 2]!, stage: readings[k + 3]!, warned: readings[k + 4] === 1 });
  }
  const stations = v.stations.map((st): StationValues => {
    const details = session.details(st.id)!;
    const units = Array.from({ length: st.units }, (_, k) => MACHINE_STATE_CODES[v.unitState(st.index, k)]!);
    const machine = st.units > 0;
    const power = machine ? (st.spec as { power?: Partial<Record<MachineState, number>> }).power : undefined;
    const read = condition.get(st.index);
    return {
      id: st.id,
      type: st.type,
      state: units[0] ?? null,
      packmlState: units[0] ? PACKML_STATE[units[0]] : null,
      units,
      product: productOn.get(st.index) ?? null,
      good: details.good,
      scrap: details.scrap,
      availability: machine ? details.oee.availability : null,
      performance: machine ? details.oee.performance : null,
      quality: machine ? details.oee.quality : null,
      oee: machine ? details.oee.oee : null,
      powerKW: machine ? units.reduce((sum, u) => sum + (power?.[u] ?? 0), 0) : null,
      energyKWh: details.energyKWh,
      level: isStore(st.type) ? v.level(st.index) : null,
      capacity: isStore(st.type) ? st.capacity : null,
      condition: read?.value ?? null,
      wearStage: read?.stage ?? null,
      warning: Array.from({ length: st.units }, (_, k) => v.unitWarned(st.index, k)).some(Boolean),
    };
  });
  return {
    line: {
      session: info.id,
      scene: info.scene,
      t: kpi.t,
      paused: info.paused,
      speed: info.speed,
      throughputPerHour: kpi.throughputPerHour,
      good: kpi.good,
      scrap: kpi.scrap,
      oee: kpi.oee,
      availability: kpi.availability,
      performance: kpi.performance,
      quality: kpi.quality,
      wip: kpi.wip,
      kWh: kpi.kWh,
      kWhPerGoodPart: kpi.kWhPerGoodPart,
      powerKW: kpi.powerKW,
      bottleneck: kpi.bottleneck,
    },
    stations,
  };
}
