import type { Namespace, UAObject } from 'node-opcua';
import type { PlantValues, StationValues } from '../plantValues.ts';
import type { Session } from '../../session/session.ts';
import type { OpcuaModule } from './module.ts';
import { addSessionMethods, type MethodGate } from './methods.ts';

/**
 * The LineTwin address space: Objects/LineTwin/Sessions/<session>/{Line, Stations/<station>}. Variables are read-only
 * and read the latest plantValues() of their session through getters, so a subscription samples at the client's
 * interval while the values themselves change once per pacing tick (the cache below), never recomputed per read.
 */

type Kind = 'String' | 'Double' | 'Boolean';

/** One published value: its browse name, OPC UA type, and how it is taken from a reading. */
interface Field<T> {
  name: string;
  kind: Kind;
  read: (values: T) => string | number | boolean | null;
}

const LINE_FIELDS: Field<PlantValues['line']>[] = [
  { name: 'Scene', kind: 'String', read: (l) => l.scene },
  { name: 'SimTime', kind: 'Double', read: (l) => l.t }, // s, simulated
  { name: 'Paused', kind: 'Boolean', read: (l) => l.paused },
  { name: 'Speed', kind: 'Double', read: (l) => (l.speed === 'max' ? -1 : l.speed) }, // -1 = as fast as possible
  { name: 'ThroughputPerHour', kind: 'Double', read: (l) => l.throughputPerHour },
  { name: 'PartsGood', kind: 'Double', read: (l) => l.good },
  { name: 'PartsScrap', kind: 'Double', read: (l) => l.scrap },
  { name: 'OEE', kind: 'Double', read: (l) => l.oee },
  { name: 'Availability', kind: 'Double', read: (l) => l.availability },
  { name: 'Performance', kind: 'Double', read: (l) => l.performance },
  { name: 'Quality', kind: 'Double', read: (l) => l.quality },
  { name: 'WIP', kind: 'Double', read: (l) => l.wip },
  { name: 'PowerKW', kind: 'Double', read: (l) => l.powerKW },
  { name: 'EnergyKWh', kind: 'Double', read: (l) => l.kWh },
  { name: 'Bottleneck', kind: 'String', read: (l) => l.bottleneck },
];

const COMMON: Field<StationValues>[] = [
  { name: 'Type', kind: 'String', read: (s) => s.type },
  { name: 'PartsGood', kind: 'Double', read: (s) => s.good },
  { name: 'PartsScrap', kind: 'Double', read: (s) => s.scrap },
  { name: 'EnergyKWh', kind: 'Double', read: (s) => s.energyKWh },
];
const MACHINE: Field<StationValues>[] = [
  { name: 'State', kind: 'String', read: (s) => s.state },
  { name: 'PackMLState', kind: 'Double', read: (s) => s.packmlState },
  { name: 'Product', kind: 'String', read: (s) => s.product ?? '' },
  { name: 'OEE', kind: 'Double', read: (s) => s.oee },
  { name: 'Availability', kind: 'Double', read: (s) => s.availability },
  { name: 'Performance', kind: 'Double', read: (s) => s.performance },
  { name: 'Quality', kind: 'Double', read: (s) => s.quality },
  { name: 'PowerKW', kind: 'Double', read: (s) => s.powerKW },
  { name: 'Warning', kind: 'Boolean', read: (s) => s.warning },
];
const CONDITION: Field<StationValues>[] = [
  { name: 'Condition', kind: 'Double', read: (s) => s.condition },
  { name: 'WearStage', kind: 'Double', read: (s) => s.wearStage },
];
const STORE: Field<StationValues>[] = [
  { name: 'Level', kind: 'Double', read: (s) => s.level },
  { name: 'Capacity', kind: 'Double', read: (s) => s.capacity },
];

/** The fields a station publishes: machines their state and KPIs, buffers and conveyors their level. */
function stationFields(session: Session, s: StationValues): Field<StationValues>[] {
  const fields = [...COMMON];
  if (s.state !== null) fields.push(...MACHINE);
  const spec = session.scene.line.stations.find((st) => st.id === s.id) as { wear?: unknown } | undefined;
  if (s.state !== null && spec?.wear !== undefined) fields.push(...CONDITION);
  if (s.level !== null) fields.push(...STORE);
  return fields;
}

/** The published sessions: each one's folder, and its latest reading (taken after each tick). */
export interface LineTwinSpace {
  /** Takes a new reading of `session`, adding its nodes the first time. */
  update(session: Session, values: PlantValues): void;
  /** Removes the nodes of sessions that are no longer in `live`. */
  prune(live: ReadonlySet<string>): void;
}

/** Builds Objects/LineTwin/Sessions in `namespace`. */
export function createLineTwinSpace(ua: OpcuaModule, namespace: Namespace, gate: MethodGate): LineTwinSpace {
  const { DataType, Variant } = ua;
  const objects = namespace.addressSpace.rootFolder.objects;
  const root = namespace.addFolder(objects, { browseName: 'LineTwin', nodeId: 's=LineTwin' });
  const sessions = namespace.addFolder(root, { browseName: 'Sessions', nodeId: 's=LineTwin/Sessions' });
  const latest = new Map<string, PlantValues>();
  const folders = new Map<string, UAObject>();

  const addVariable = <T>(parent: UAObject, path: string, field: Field<T>, current: () => T | undefined): void => {
    namespace.addVariable({
      componentOf: parent,
      browseName: field.name,
      nodeId: `s=${path}/${field.name}`,
      dataType: field.kind,
      accessLevel: 'CurrentRead',
      userAccessLevel: 'CurrentRead',
      minimumSamplingInterval: 50, // ms: values change once per pacing tick; sampling faster only repeats them
      value: {
        get: () => {
          const values = current();
          const value = values === undefined ? null : field.read(values);
          // a closed session or a value this station does not have reads as Bad, not as a made-up zero
          if (value === null) return new Variant({ dataType: DataType.Null });
          return new Variant({ dataType: DataType[field.kind], value });
        },
      },
    });
  };

  const add = (session: Session, values: PlantValues): void => {
    const base = `LineTwin/Sessions/${session.id}`;
    const folder = namespace.addObject({ organizedBy: sessions, browseName: session.id, nodeId: `s=${base}` });
    folders.set(session.id, folder);
    const line = namespace.addObject({ componentOf: folder, browseName: 'Line', nodeId: `s=${base}/Line` });
    for (const field of LINE_FIELDS) addVariable(line, `${base}/Line`, field, () => latest.get(session.id)?.line);
    const stations = namespace.addObject({
      componentOf: folder, // a session is an object (it has methods), so its Stations folder is a component of it
      typeDefinition: 'FolderType',
      browseName: 'Stations',
      nodeId: `s=${base}/Stations`,
    });
    values.stations.forEach((station, index) => {
      const path = `${base}/Stations/${station.id}`;
      const node = namespace.addObject({ organizedBy: stations, browseName: station.id, nodeId: `s=${path}` });
      for (const field of stationFields(session, station)) addVariable(node, path, field, () => latest.get(session.id)?.stations[index]);
    });
    addSessionMethods(ua, namespace, folder, session.id, gate);
  };

  return {
    update(session, values) {
      latest.set(session.id, values);
      if (!folders.has(session.id)) add(session, values);
    },
    prune(live) {
      for (const [id, folder] of folders) {
        if (live.has(id)) continue;
        namespace.addressSpace.deleteNode(folder);
        folders.delete(id);
        latest.delete(id);
      }
    },
  };
}
