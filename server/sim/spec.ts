import type { KW, MachineState, Seconds, StationId } from './types.ts';
import { isMachineType } from './types.ts';

/**
 * The normalized line description the engine runs. The scene loader turns a YAML/JSON scene into this:
 * durations already in seconds, defaults filled in, references checked. The engine trusts it.
 */

/** A probability distribution of a duration (seconds). */
export type DistSpec =
  | { dist: 'constant'; value: Seconds }
  | { dist: 'exponential'; mean: Seconds }
  | { dist: 'uniform'; min: Seconds; max: Seconds }
  | { dist: 'triangular'; min: Seconds; mode: Seconds; max: Seconds }
  /** Normal truncated at 0 (resampled while negative). */
  | { dist: 'normal'; mean: Seconds; sd: Seconds }
  /** Lognormal given by the mean and standard deviation of the variable itself, not of its logarithm. */
  | { dist: 'lognormal'; mean: Seconds; sd: Seconds }
  | { dist: 'weibull'; shape: number; scale: Seconds }
  /** Sum of k exponentials, with the given overall mean. */
  | { dist: 'erlang'; k: number; mean: Seconds }
  /** One of the values, with probability proportional to its weight (equal weights if none). */
  | { dist: 'empirical'; values: Seconds[]; weights?: number[] | undefined };

/** Power drawn by one machine unit in each state. */
export type PowerSpec = Record<MachineState, KW>;

/** Some of the power figures (an operator's change). */
export type PowerChange = { [S in MachineState]?: KW | undefined };

/** Random failures of a machine unit. */
export interface FailureSpec {
  timeToFailure: DistSpec;
  timeToRepair: DistSpec;
  /** `operating`: the failure clock runs only while working; `calendar`: it runs all the time. */
  basis: 'operating' | 'calendar';
  /** Crew whose technician repairs it; without one a repair starts at once. */
  crew?: string | undefined;
  /** Whether its repair (and an injected fault's) also renews the wear, as every repair does by default. */
  renewsWear?: boolean | undefined;
}

/** A condition signal of a wearing machine: one reading every `every` seconds of calendar time while it runs. */
export interface SignalSpec {
  name: string;
  unit: string;
  /** The reading's mean in each wear stage (as many as stages). */
  levels: number[];
  /** Standard deviation of the normal noise added to each reading. */
  noise: number;
  every: Seconds;
}

/** Failures that announce themselves: the unit passes through `stages` wear stages and fails when the last ends. */
export interface WearSpec {
  stages: number;
  /** Time spent in each stage, on `basis` time. */
  stageTime: DistSpec;
  basis: 'operating' | 'calendar';
  /** Repair time of a wear-out failure. */
  repair: DistSpec;
  crew?: string | undefined;
  signal?: SignalSpec | undefined;
  /** A warning is raised at the first reading above this since the last renewal. */
  warnAt?: number | undefined;
  /** A warning is right when a wear-out failure follows within this much `basis` time. */
  horizon: Seconds;
}

/** Changeover time from product i (row) to product j (column), by index; null: no changeover for that pair. */
export interface ChangeoverSpec {
  times: Array<Array<DistSpec | null>>;
}

/** What an inspection does with a finished part: rejects a defective one with `detect`, a good one with `falseReject`. */
export interface InspectionSpec {
  detect: number;
  falseReject: number;
  /** `scrap`: a rejected part is destroyed here; otherwise it goes to station `to` (one of the outputs). */
  reject: 'scrap' | { to: StationId };
}

/**
 * Standby of a machine: starved for `after` without a break, a unit drops to standby (power `standby`); when a part
 * arrives it first wakes for `wake` at `wakePower`, then starts the part.
 */
export interface StandbySpec {
  after: Seconds;
  wake: Seconds;
  wakePower: KW;
}

/** Changeover after every `every` parts, taking `duration`. */
export interface SetupSpec {
  every: number;
  duration: DistSpec;
}

/** When a machine is serviced: never, every so much operating time, on a reading, or planned from predicted wear. */
export type MaintenancePolicy = 'none' | 'time' | 'condition' | 'predictive';

/**
 * Maintenance of a machine; a service takes `duration` and renews the unit (wear back to stage 1, a fresh failure
 * clock). `time`: after `every` seconds of operating time, between parts. `condition`: when a reading exceeds
 * `threshold`, after the current part. `predictive`: planned into the last shift break before the predicted
 * wear-out failure minus `margin`, or after the current part when none comes in time (care.ts).
 */
export interface MaintenanceSpec {
  /** Default `time`. */
  policy?: MaintenancePolicy | undefined;
  /** `time`: operating seconds between services. */
  every?: Seconds | undefined;
  threshold?: number | undefined;
  /** `predictive`: time (of the wear's basis) kept between a planned service and the predicted failure; default one mean stage time. */
  margin?: Seconds | undefined;
  /** Required by every policy but `none`. */
  duration?: DistSpec | undefined;
  crew?: string | undefined;
  /** Prices maintenance: the machine's report gains a cost (kpi.ts, docs/maintenance.md). */
  cost?: MaintenanceCostSpec | undefined;
}

/** Prices of maintenance, in one currency of the user's choice; a key left out costs 0. */
export interface MaintenanceCostSpec {
  /** Per hour a technician spends on the machine's repairs and services. */
  technicianPerHour: number;
  /** Per repair of a failure (random or wear-out). */
  sparePartsPerRepair: number;
  /** Per service. */
  sparePartsPerService: number;
  /** Per hour a unit is down (failed, waiting for a technician, under repair): the production it loses. */
  downtimePerHour: number;
}

/** Shared maintenance staff: repairs and services wait first come, first served for one of `size` technicians. */
export interface CrewSpec {
  id: string;
  size: number;
}

interface StationBase {
  id: StationId;
  /** Free-form presentation hints (3D model, label); the engine ignores them. */
  model?: string | undefined;
}

export interface SourceSpec extends StationBase {
  type: 'source';
  /** Time between arrivals; absent means an unlimited supply that never starves the next station. */
  interarrival?: DistSpec | undefined;
  /** Set live (an operator's mix): this source's shares by product index instead of the products' shares. */
  shares?: number[] | undefined;
  /** Set live: this source's release order instead of the line's `sequence`. */
  sequence?: SequenceSpec | undefined;
}

export interface MachineSpec extends StationBase {
  /** `inspection`: a machine that checks parts (`inspection` below); everything else is as for `machine`. */
  type: 'machine' | 'assembly' | 'inspection';
  /** The cycle time of every product, or of the first when `cycleTimes` gives one per product. */
  cycleTime: DistSpec;
  /** Per product (by index into LineSpec.products): its cycle time; absent when one distribution serves all. */
  cycleTimes?: DistSpec[] | undefined;
  /** Changeover when the next part's product differs from the last one's (setup state; `setup` is the every-n form). */
  changeover?: ChangeoverSpec | undefined;
  /** Per product (by index): probability that this station makes a part defective; absent: it makes none. */
  defects?: number[] | undefined;
  /** Inspection stations: what they detect and where rejected parts go. */
  inspection?: InspectionSpec | undefined;
  /** Repair stations: probability that a defective part leaves good. */
  repairs?: number | undefined;
  standby?: StandbySpec | undefined;
  /** Ideal cycle time per part (ISO 22400 PRU) for the performance ratio; defaults to the mean cycle time. */
  idealCycleTime: Seconds;
  /** Number of identical parallel units. */
  servers: number;
  failures?: FailureSpec | undefined;
  /** Probability that a finished part is scrap. */
  scrap: number;
  /** Inspection with rework: a finished part is found defective with `probability` and goes to station `to` (one of its outputs) instead of on. */
  rework?: { probability: number; to: StationId } | undefined;
  power: PowerSpec;
  setup?: SetupSpec | undefined;
  wear?: WearSpec | undefined;
  maintenance?: MaintenanceSpec | undefined;
  /** Assembly only: parts taken from each input station per assembled part (default 1 each). */
  inputs?: Record<StationId, number> | undefined;
}

export interface BufferSpec extends StationBase {
  type: 'buffer';
  /** Maximum parts held; Infinity for an unlimited buffer; 0 passes parts straight through. */
  capacity: number;
}

export interface ConveyorSpec extends StationBase {
  type: 'conveyor';
  length: number; // m
  speed: number; // m/s
  pitch: number; // m between part centres when accumulated
  /** kW while the belt runs (it holds a part) and while it stands empty; absent: it draws nothing. */
  power?: { running: KW; stopped: KW } | undefined;
}

export interface SinkSpec extends StationBase {
  type: 'sink';
}

export type StationSpec = SourceSpec | MachineSpec | BufferSpec | ConveyorSpec | SinkSpec;

/** Whether a station has machine units: a machine, an assembly or an inspection. */
export function isMachineSpec(s: StationSpec): s is MachineSpec {
  return isMachineType(s.type);
}

/** Parts a buffer or conveyor holds at most (a conveyor: length / pitch parts); 0 for other stations. */
export function storeCapacity(spec: StationSpec): number {
  if (spec.type === 'buffer') return spec.capacity;
  // the small tolerance keeps 2.4 m / 0.8 m at 3 parts despite binary floating point (2.9999999999999996)
  if (spec.type === 'conveyor') return Math.floor(spec.length / spec.pitch + 1e-9);
  return 0;
}

/** A weekly window when the line runs, in seconds since Monday 00:00 (0 <= start < end <= 7 d). */
export interface ShiftWindow {
  start: Seconds;
  end: Seconds;
}

/** How a station with several outputs chooses among those that can take a part. */
export type RoutingRule = 'roundRobin' | 'first';

/** A product the line makes; parts carry its index. */
export interface ProductSpec {
  id: string;
  /** Share of the parts a source releases (the shares sum to 1). */
  share: number;
  /** Display colour, "#rrggbb". */
  color: string;
}

/**
 * The order in which each source releases products: independent draws by share, runs of `size` parts with the
 * products in turn, or a repeated pattern of product indices.
 */
export type SequenceSpec = { kind: 'random' } | { kind: 'batch'; size: number } | { kind: 'pattern'; products: number[] };

export interface LineSpec {
  name: string;
  /** Absent: one anonymous product, as before products existed. */
  products?: ProductSpec[] | undefined;
  /** Default random. */
  sequence?: SequenceSpec | undefined;
  stations: StationSpec[];
  /** Directed edges from -> to. */
  edges: Array<{ from: StationId; to: StationId }>;
  routing?: Partial<Record<StationId, RoutingRule>> | undefined;
  /** Weekly shift windows; absent means the line runs 24/7. */
  shifts?: ShiftWindow[] | undefined;
  crews?: CrewSpec[] | undefined;
  /** The line's meter: tariff, demand charge, CO2 profile, base load; absent: energy is booked per state only. */
  energy?: MeterSpec | undefined;
}

export interface RunSpec {
  horizon: Seconds;
  warmup: Seconds;
  seed: number;
}

/** A time-of-use price: on `days` (0 = Monday) from `from` to `to` (s since midnight; `to` <= `from` runs past midnight). */
export interface TariffWindow {
  days: number[];
  from: Seconds;
  to: Seconds;
  price: number;
}

/**
 * What the engine's meter measures (model/meter.ts): a time-of-use tariff (or one price), a demand charge on the
 * highest mean power over `window`, a CO2 intensity (one value or 24 hourly ones) and the base load drawn while any
 * shift is on. A line without these has no meter.
 */
export interface MeterSpec {
  tariff?: { windows: TariffWindow[]; default: number } | undefined;
  pricePerKWh?: number | undefined;
  demandCharge?: { perKW: number; window: Seconds } | undefined;
  co2PerKWh?: number | number[] | undefined;
  baseLoad?: KW | undefined;
}

/** Energy prices for the energy KPIs. */
export interface EnergyPrices {
  pricePerKWh?: number | undefined;
  co2PerKWh?: number | undefined; // kg CO2 per kWh
}
