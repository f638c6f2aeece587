import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KpiFrame, LogEntry, ProductInfo, Role, SessionInfo, StationDetails, StationInfo } from '@protocol/events.ts';

/**
 * Slow state: what panels show, updated at most a few times a second (the net module throttles frame data
 * into it). The 3D view reads per-frame data from the FrameBuffer instead and only static layout from here.
 */

/** Connection to the server as the top bar shows it. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** What the machines are coloured by. */
export type ViewMode = 'state' | 'utilisation' | 'bottleneck';

/** A camera request; `nonce` makes the same request twice (press Overview again) take effect again. */
export type CameraRequest =
  { kind: 'overview'; nonce: number } | { kind: 'station'; id: string; nonce: number } | { kind: 'follow'; nonce: number };

/** A message to show in the notice bar. */
export interface Notice {
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** KPI history for the charts, as parallel arrays (uPlot's data layout). */
export interface KpiHistory {
  t: number[];
  throughput: number[];
  power: number[];
}

/** Everything panels render. */
export interface TwinState {
  connection: ConnectionStatus;
  reconnectAttempt: number;
  role: Role;
  /** A token is stored for this tab (it may still have been refused). */
  hasToken: boolean;
  session: SessionInfo | null;
  stations: StationInfo[];
  /** Station index by id. */
  stationIndex: Readonly<Record<string, number>>;
  /** The line's products in tag order; empty for a one-product line. */
  products: ProductInfo[];
  /** Sim time as published to panels (a few times a second). */
  simTime: number;
  /** Shown state code per station, published with simTime. */
  stationStates: number[];
  /** State code of every unit per station, published with simTime. */
  unitStates: number[][];
  levels: number[];
  /** Per station 1 while any unit has an open condition warning, published with simTime. */
  stationWarnings: number[];
  kpi: KpiFrame | null;
  kpiHistory: KpiHistory;
  /** Newest first. */
  log: LogEntry[];
  selected: string | null;
  details: StationDetails | null;
  viewMode: ViewMode;
  camera: CameraRequest;
  notice: Notice | null;
  movesDropped: number;
  /** Counts completed joins (first join, reconnects, another session): modes that register in a session redo it on change. */
  joins: number;
  /** Keep the bottleneck out of panels (trainees are asked to find it themselves). */
  hideBottleneck: boolean;
}

/** Longest event log kept in the browser. */
export const LOG_LIMIT = 200;
/** KPI points kept for the charts (one a wall second: 10 minutes). */
export const HISTORY_LIMIT = 600;

/** The initial state: nothing known yet. */
function initialTwinState(): TwinState {
  return {
    connection: 'connecting',
    reconnectAttempt: 0,
    role: 'viewer',
    hasToken: false,
    session: null,
    stations: [],
    stationIndex: {},
    products: [],
    simTime: 0,
    stationStates: [],
    unitStates: [],
    levels: [],
    stationWarnings: [],
    kpi: null,
    kpiHistory: { t: [], throughput: [], power: [] },
    log: [],
    selected: null,
    details: null,
    viewMode: 'state',
    camera: { kind: 'overview', nonce: 0 },
    notice: null,
    movesDropped: 0,
    joins: 0,
    hideBottleneck: false,
  };
}

/** The store type passed around (vanilla zustand: usable outside React, e.g. by the net module). */
export type TwinStore = StoreApi<TwinState>;

/** Creates a store. One per app; tests create their own. */
export function createTwinStore(): TwinStore {
  return createStore<TwinState>(() => initialTwinState());
}

/** Merges new log entries (any order, possibly repeated after a reconnect) into a newest-first list. */
export function mergeLog(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  if (incoming.length === 0) return current;
  const seen = new Set(current.map((e) => e.seq));
  const fresh = incoming.filter((e) => e && typeof e.seq === 'number' && !seen.has(e.seq));
  if (fresh.length === 0) return current;
  return [...fresh, ...current].sort((a, b) => b.seq - a.seq).slice(0, LOG_LIMIT);
}

/** Appends a KPI frame to the chart history; a time going backwards (reset) starts a new history. */
export function pushHistory(h: KpiHistory, kpi: KpiFrame): KpiHistory {
  const last = h.t[h.t.length - 1];
  if (last !== undefined && kpi.t < last) return { t: [kpi.t], throughput: [kpi.throughputPerHour], power: [kpi.powerKW] };
  if (last !== undefined && kpi.t === last) return h; // paused: the same point again adds nothing
  const drop = h.t.length >= HISTORY_LIMIT ? 1 : 0;
  return {
    t: [...h.t.slice(drop), kpi.t],
    throughput: [...h.throughput.slice(drop), kpi.throughputPerHour],
    power: [...h.power.slice(drop), kpi.powerKW],
  };
}

/** Station index by id. */
export function indexStations(stations: StationInfo[]): Record<string, number> {
  const index: Record<string, number> = {};
  stations.forEach((s, i) => {
    index[s.id] = i;
  });
  return index;
}

/** Asks the camera to do something (the scene's camera rig reacts). */
export function requestCamera(store: TwinStore, req: { kind: 'overview' } | { kind: 'station'; id: string } | { kind: 'follow' }): void {
  const nonce = store.getState().camera.nonce + 1;
  store.setState({ camera: { ...req, nonce } });
}

/** Selects a station (opens the inspector) and optionally flies the camera to it. */
export function selectStation(store: TwinStore, id: string | null, focus = false): void {
  store.setState({ selected: id, details: id === store.getState().selected ? store.getState().details : null });
  if (id && focus) requestCamera(store, { kind: 'station', id });
}
