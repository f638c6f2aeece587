import type { MachineState } from './states.ts';
import type { Dist, Intervention, RequestOf } from './schemas.ts';
import type { CrewWire, MaintenanceWire } from './report.ts';
import type { TrainingClientEvents, TrainingServerEvents, TrainingSocketData } from './training.ts';
import type { ExperimentClientEvents, ExperimentServerEvents } from './experiments.ts';
import type { EditorClientEvents } from './editor.ts';

/**
 * The LineTwin wire protocol: typed Socket.IO events shared by the server and the browser.
 * Types are compile-time only; the server validates every incoming payload with the zod schemas in
 * ./schemas.ts. Times are simulated seconds unless a name says otherwise. High-rate data (frames, KPIs)
 * is sent as compact tuples in flat number arrays indexed by the station order of the snapshot's layout.
 */

/** Bumped on any incompatible change; the client sends it in the handshake (`auth.protocol`). */
export const PROTOCOL_VERSION = 1;

export { MACHINE_STATE_CODES, type MachineState } from './states.ts';
export type { Dist, Intervention } from './schemas.ts';

/** What a connection may do: everyone watches; an operator (with the token) may also control. */
export type Role = 'viewer' | 'operator';

/** One station of the static layout. */
export interface StationInfo {
  id: string;
  type: 'source' | 'machine' | 'assembly' | 'inspection' | 'buffer' | 'conveyor' | 'sink';
  /** Presentation hint for the 3D model (e.g. `cnc`, `filler`), from the scene. */
  model?: string | undefined;
  x: number; // m
  z: number; // m
  rotation: number; // radians
  /** Parallel units (machines and assemblies), 0 for other types. */
  servers: number;
  /** Parts it can hold (buffers, conveyors); null when unlimited or not applicable. */
  capacity: number | null;
  /** Conveyors: length in m and transit time in s. */
  length?: number | undefined;
  transit?: number | undefined;
  inputs: string[];
  outputs: string[];
  /** Current parameters an operator may change (machines): cycle time mean, MTTR, scrap, power per state. */
  params?: StationParams | undefined;
  /** Sources on a line with products: the mix and release order they run now. */
  release?: ReleaseParams | undefined;
}

/** A product of the line (the scene's `products`), in the order parts' tags index them. */
export interface ProductInfo {
  id: string;
  /** Display colour, "#rrggbb": parts of this product are drawn in it. */
  color: string;
  /** Share of the parts released, as the scene gives it (a source's live mix is in its `release`). */
  share: number;
}

/** A source's release order, as the scene's `sequence` key and the `sequence` intervention write it. */
export type SequenceWire = 'random' | { batch: number } | string[];

/** A source's product mix and release order now (sources of lines with products). */
export interface ReleaseParams {
  /** Share per product id (sum 1). */
  mix: Record<string, number>;
  sequence: SequenceWire;
}

/** An inspection's settings now: probability of rejecting a defective part, and a good one; where rejects go. */
export interface InspectionParams {
  detect: number;
  falseReject: number;
  /** `scrap` (destroyed at the inspection), or the id of the station rejected parts go to (repair, manual check). */
  reject: string;
}

/**
 * A part's tag, as frames and snapshots carry it: product index x PART_TAG_PRODUCT plus the flags below (the
 * engine's server/sim/types.ts; a type test holds them together). A good part of the first product is 0 and is
 * never sent.
 */
export const PART_DEFECTIVE = 1;
/** Rejected by an inspection, on its way to the reject route: drawn red. */
export const PART_REJECTED = 2;
/** Rejected or repaired at some point: no longer first-pass good. */
export const PART_REWORKED = 4;
export const PART_TAG_PRODUCT = 8;

/** Live-changeable parameters of a machine, as shown in the inspector. */
export interface StationParams {
  /** The cycle time distribution as the engine samples it now. */
  cycleTime: Dist;
  cycleTimeMean: number;
  idealCycleTime: number;
  mttr: number | null;
  mtbf: number | null;
  scrap: number;
  power: Record<MachineState, number>;
  /** Machines with wear or a maintenance policy: what the inspector draws the signal's lines from. */
  care?: CareParams | undefined;
  /** Machines that make defects: probability per product index (one entry on a line without products). */
  defects?: number[] | undefined;
  /** Inspection stations. */
  inspection?: InspectionParams | undefined;
  /** Repair stations: probability that a defective part leaves good. */
  repairs?: number | undefined;
  /** The machine's standby now (null: none); docs/energy.md. */
  standby?: StandbyParams | null | undefined;
}

/** Standby after `after` s starved, a wake-up of `wake` s at `wakePower` kW. */
export interface StandbyParams {
  after: number;
  wake: number;
  wakePower: number;
}

/** When a machine is serviced: never, on a timer, on a reading, or planned from predicted wear. */
export type MaintenancePolicyName = 'none' | 'time' | 'condition' | 'predictive';

/** A machine's wear, signal and maintenance policy as the engine runs them now (the policy and threshold change live). */
export interface CareParams {
  /** Wear stages; 0 without wear. */
  stages: number;
  /** The condition signal, when the machine has one: its name, unit and mean level per wear stage. */
  signal?: { name: string; unit: string; levels: number[] } | undefined;
  /** A warning is raised at the first reading above this since the last repair or service; null: no warnings. */
  warnAt: number | null;
  policy: MaintenancePolicyName;
  /** `condition`: a service starts when a reading exceeds this; null when not set. */
  threshold: number | null;
  /** `time`: operating seconds between services; null when not set. */
  every: number | null;
}

/** A running simulation as listed to clients. */
export interface SessionInfo {
  id: string;
  /** Short code people type to join (trainees, customers). */
  code: string;
  scene: string; // scene key: file name without extension, e.g. `bottling`
  sceneName: string;
  seed: number;
  /** Speed factor of simulated to wall time; `max` runs as fast as the engine goes. */
  speed: number | 'max';
  paused: boolean;
  simTime: number;
  viewers: number;
  /** A session driven by a real line's feed instead of the model (docs/plant.md, "Mirroring a line"). */
  mirror?: MirrorInfo | undefined;
  /** A what-if forked from another session's state (docs/plant.md, "Fork what-if"). */
  forkOf?: ForkInfo | undefined;
}

/** What a mirrored session follows: the replay of a plant log file, or a live MQTT feed; `name` is the file or topic. */
export interface MirrorInfo {
  source: 'replay' | 'mqtt';
  name: string;
}

/** Where a forked session started: the session it was forked from and the simulated time (s) of its state. */
export interface ForkInfo {
  session: string;
  t: number;
}

/**
 * A session in a list (`session:list`, the scene picker): viewers get no join code. Codes are for the people in
 * the room, handed out by whoever runs the session; a viewer watches by id.
 */
export type ListedSession = Omit<SessionInfo, 'code'> & { code?: string | undefined };

/** A scene that can be opened. */
export interface SceneInfo {
  key: string;
  name: string;
  description: string;
  stations: number;
  /** Saved from the editor (the saved-scenes folder), listed apart from the bundled scenes; absent: bundled. */
  saved?: boolean | undefined;
}

/** A part inside a station at snapshot time. */
export type PartTuple = [partId: number, station: number, since: number, readyAt: number];

/** Everything a client needs to draw the line from scratch. */
export interface Snapshot {
  protocol: number;
  role: Role;
  session: SessionInfo;
  stations: StationInfo[];
  /** Current state code of every unit, per station (empty for non-machines). */
  states: number[][];
  /** Parts held by every station (buffers, conveyors), by station index. */
  levels: number[];
  /** Parts inside stations, for drawing them before the next move arrives. */
  parts: PartTuple[];
  kpi: KpiFrame;
  /** The most recent log entries, oldest first. */
  log: LogEntry[];
  /** Latest signal reading of every wearing unit that has read, as in Frame.readings. Absent on lines without signals. */
  readings?: number[] | undefined;
  /** Lines with products (the scene's `products`), in tag order. Absent: one product, parts drawn as their look. */
  products?: ProductInfo[] | undefined;
  /** [partId, tag] of every part in `parts` whose tag is not 0 (see Frame.tags). Absent when there is none. */
  tags?: number[] | undefined;
}

/**
 * A batch of changes since the previous frame (at most 20 per second, fewer when a session changes so fast that
 * the frames would exceed the per-viewer byte budget). Flat arrays of tuples; times in them are whole
 * milliseconds relative to the frame's `t` (negative: before it), which keeps frames small:
 * - `states`: [station, unit, stateCode, dtMs] — the latest state of each unit that changed in the batch
 * - `levels`: [station, level] — buffers/conveyors whose content changed
 * - `moves`: [partId, from, to, t0Ms, t1Ms] — a part left `from` at t0 for `to`, where it is ready to leave at t1
 *   (interpolate between them). Moves too quick to see at the session's speed are left out and counted in
 *   `movesDropped`; the browser then draws those stations from their levels.
 * - `ends`: [partId, station, scrap (0|1), dtMs] — parts that left the system
 * - `tags` (only when some moved part's tag is not 0): [partId, tag] for each move in `moves` whose part carries a
 *   product other than the first or a quality flag (PART_*), in the order of `moves`. A part's tag is that of its
 *   latest move; a move without an entry has tag 0. A one-product line without defects never sends it.
 * - `readings` (only when some changed): [station, unit, value, stage, warned (0|1)] — the latest condition-signal
 *   reading of each unit that read in the batch (value rounded to 0.01; stage 1-based), and units whose warning
 *   cleared (taken down for repair or service). At most one tuple per wearing unit per frame.
 */
export interface Frame {
  t: number;
  /** Server wall clock when the frame was sent (ms since the epoch), so clients can show their lag. */
  w: number;
  states: number[];
  levels: number[];
  moves: number[];
  ends: number[];
  movesDropped: number;
  tags?: number[] | undefined;
  readings?: number[] | undefined;
}

/** The line's quality figures now (lines with defects, inspections or repairs); see SimReport.quality. */
export interface QualityLive {
  /** Share of ended parts shipped good without a rejection or repair. */
  firstPassYield: number;
  /** Defective parts that reached a sink. */
  escapes: number;
  /** Escapes per million parts shipped. */
  escapePpm: number;
  detected: number;
  falseRejects: number;
  defectsMade: number;
}

/** One product's output now (lines with products), in the snapshot's product order. */
export interface ProductLive {
  id: string;
  good: number;
  throughputPerHour: number;
}

/** A maintenance crew now: technicians at work, jobs waiting for one, and its figures over the measured period. */
export interface CrewLive extends CrewWire {
  id: string;
}

/** Line KPIs (sent once per wall second) plus a few numbers per station for colouring (heat map). */
export interface KpiFrame {
  t: number;
  throughputPerHour: number;
  good: number;
  scrap: number;
  oee: number;
  availability: number;
  performance: number;
  quality: number;
  wip: number;
  leadTimeMean: number;
  kWh: number;
  kWhPerGoodPart: number;
  powerKW: number;
  peakKW: number;
  bottleneck: string;
  /** Per station, in layout order: [utilisation (working share), bottleneck share, OEE]. */
  perStation: number[];
  /** Lines with crews: each crew in the scene's order. */
  crews?: CrewLive[] | undefined;
  /**
   * Lines with defects, inspections or repairs: SimReport.quality's live figures (named apart from `quality`, the
   * OEE factor above).
   */
  lineQuality?: QualityLive | undefined;
  /** Lines with products. */
  products?: ProductLive[] | undefined;
  /** Lines with a meter (a tariff, demand charge, CO2 profile or base load: docs/energy.md). */
  meter?: MeterLive | undefined;
}

/** What the line's meter reads now: cost so far, the price in force and the cost per hour at today's power, the demand peak. */
export interface MeterLive {
  cost?: number | undefined;
  /** Price per kWh in force now, and power now x that price (per hour). */
  priceNow?: number | undefined;
  costRate?: number | undefined;
  /** Highest mean power over the demand-charge window so far, and the charge on it. */
  peakWindowKW?: number | undefined;
  demandCharge?: number | undefined;
  baseLoadShare?: number | undefined;
}

/**
 * Where the line's energy went over the measured period (`energy:breakdown`, asked for by the energy view while it
 * is open): kWh per machine and state, each conveyor's belt energy and the base load. Per machine the states sum to
 * its `kWh`; machines, conveyors and base load sum to the line's `kWh` (the KPI frame's).
 */
export interface EnergyBreakdown {
  /** Sim time of the reading. */
  t: number;
  /** Machines (and assemblies, inspections), in layout order; a wake-up from standby is `working`. */
  machines: MachineEnergy[];
  /** Conveyors in layout order: belt energy, running and standing together. */
  conveyors: { id: string; kWh: number }[];
  /** Lines with a meter: kWh drawn by the base load (0 without one). */
  baseLoadKWh: number;
  /** The line's kWh: machines, belts and base load. */
  kWh: number;
  good: number;
  kWhPerGoodPart: number;
}

/** One machine's kWh, in total and per state. */
export interface MachineEnergy {
  id: string;
  kWh: number;
  byState: Record<MachineState, number>;
}

/** A station's quality counts over the measured period: defects it made; for inspections detected, missed, false rejects. */
export interface StationQualityWire {
  defectsMade: number;
  detected: number;
  missed: number;
  falseRejects: number;
  repaired: number;
}

/** Changeovers from one product to another at a machine: how many, and unit-seconds in setup. */
export interface ChangeoverWire {
  count: number;
  time: number;
}

/** Full KPIs of one station, for the inspector. */
export interface StationDetails {
  id: string;
  stateShare: Record<MachineState, number>;
  oee: { availability: number; performance: number; quality: number; oee: number };
  processed: number;
  good: number;
  scrap: number;
  failures: number;
  injectedFaults: number;
  mtbfObserved: number;
  mttrObserved: number;
  energyKWh: number;
  bottleneckShare: number;
  levelMean: number;
  params?: StationParams | undefined;
  /** Machines with wear, a maintenance policy or a crew: failures split, services, warnings and their scores. */
  maintenance?: MaintenanceWire | undefined;
  /** Stations that make defects, inspect or repair. */
  quality?: StationQualityWire | undefined;
  /** Machines with product changeovers, per product pair keyed "A->B" (as the engine's report). */
  changeovers?: Record<string, ChangeoverWire> | undefined;
  /** Sources on a line with products: mix and release order now. */
  release?: ReleaseParams | undefined;
}

/** Something worth telling people: a failure, a repair, a condition warning, an operator's intervention, a control change. */
export interface LogEntry {
  seq: number;
  t: number;
  kind: 'failure' | 'repair' | 'fault' | 'intervention' | 'control' | 'alarm' | 'warning';
  station?: string | undefined;
  text: string;
}

/** What a control request got back. */
export type Ack<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** The acknowledgement callback of a client event. */
export type Reply<T = object> = (res: Ack<T>) => void;

/** Events the server sends (training, story and picker events in ./training.ts; experiments in ./experiments.ts). */
export interface ServerToClientEvents extends TrainingServerEvents, ExperimentServerEvents {
  'sim:snapshot': (snapshot: Snapshot) => void;
  'sim:frame': (frame: Frame) => void;
  'sim:kpi': (kpi: KpiFrame) => void;
  'sim:log': (entries: LogEntry[]) => void;
  'session:info': (info: SessionInfo) => void;
  'session:closed': (info: { id: string; reason: string }) => void;
  /** A message the server wants this client to see (rate limited, protocol mismatch...). */
  'server:notice': (notice: { level: 'info' | 'warn' | 'error'; text: string }) => void;
}

/**
 * Events a client sends (training, story and picker events in ./training.ts; experiments in ./experiments.ts; the line
 * editor in ./editor.ts). Every one takes an acknowledgement callback.
 */
export interface ClientToServerEvents extends TrainingClientEvents, ExperimentClientEvents, EditorClientEvents {
  'session:join': (req: RequestOf<'session:join'>, ack: Reply<{ snapshot: Snapshot }>) => void;
  'session:list': (req: RequestOf<'session:list'>, ack: Reply<{ sessions: ListedSession[]; scenes: SceneInfo[] }>) => void;
  'session:create': (req: RequestOf<'session:create'>, ack: Reply<{ session: SessionInfo }>) => void;
  'session:reset': (req: RequestOf<'session:reset'>, ack: Reply) => void;
  'session:close': (req: RequestOf<'session:close'>, ack: Reply) => void;
  /** Operators: a simulated session of the same scene that starts from the state of session `from` now (a what-if). */
  'session:fork': (req: RequestOf<'session:fork'>, ack: Reply<{ session: SessionInfo }>) => void;
  'auth:operator': (req: RequestOf<'auth:operator'>, ack: Reply<{ role: Role }>) => void;
  'control:speed': (req: RequestOf<'control:speed'>, ack: Reply) => void;
  'control:pause': (req: RequestOf<'control:pause'>, ack: Reply) => void;
  'control:resume': (req: RequestOf<'control:resume'>, ack: Reply) => void;
  'control:step': (req: RequestOf<'control:step'>, ack: Reply<{ simTime: number }>) => void;
  'control:intervene': (req: Intervention, ack: Reply<{ simTime: number }>) => void;
  'station:inspect': (req: RequestOf<'station:inspect'>, ack: Reply<{ details: StationDetails }>) => void;
  /** The line's kWh by machine and state, belts and base load (energy view; viewers may ask). */
  'energy:breakdown': (req: RequestOf<'energy:breakdown'>, ack: Reply<{ breakdown: EnergyBreakdown }>) => void;
}

/** Per-connection data the server keeps. */
export interface SocketData extends TrainingSocketData {
  role: Role;
  session: string | null;
}
