/** Simulated time or a duration, in seconds. The engine never reads a wall clock. */
export type Seconds = number;
/** Power in kilowatts. */
export type KW = number;
/** Energy in kilowatt-hours. */
export type KWh = number;
/** A station's id as written in the scene file. */
export type StationId = string;

/**
 * Where a machine's time goes. Every simulated second of every machine unit is in exactly one of these.
 * `maintenance` is planned (preventive) maintenance; ISO 22400 removes it from planned busy time.
 */
export type MachineState = 'working' | 'starved' | 'blocked' | 'down' | 'setup' | 'maintenance' | 'off' | 'standby';

/** All machine states in a fixed order, used to index per-state arrays. */
export const MACHINE_STATES: readonly MachineState[] = ['working', 'starved', 'blocked', 'down', 'setup', 'maintenance', 'off', 'standby'];

/**
 * The engine books one more state than it reports: a machine waking from standby (its own power, `wakePower`), which
 * reports fold into `working` (the wake-up is time in production that makes nothing: a performance loss).
 */
export const BOOKED_STATES = MACHINE_STATES.length + 1;

/** A machine state as its index in MACHINE_STATES: what the engine books and what its observer and view report. */
export type StateCode = number;

export type StationType = 'source' | 'machine' | 'assembly' | 'inspection' | 'buffer' | 'conveyor' | 'sink';

/** Station types with machine units (cycle times, states, failures): machines, assemblies and inspections. */
export type MachineType = 'machine' | 'assembly' | 'inspection';

/** Whether a station of this type has machine units. */
export function isMachineType(type: string): type is MachineType {
  return type === 'machine' || type === 'assembly' || type === 'inspection';
}

/**
 * A part's tag as the observer reports it: its product index x PART_TAG_PRODUCT plus the flags below. A part of the
 * first product that is good carries 0.
 */
export const PART_DEFECTIVE = 1;
/** Rejected by an inspection and on its way to the reject route (cleared when a repair station makes it good). */
export const PART_REJECTED = 2;
/** Rejected or repaired at some point: it no longer counts towards first-pass yield. */
export const PART_REWORKED = 4;
export const PART_TAG_PRODUCT = 8;
/** At most this many products (a part's tag is one byte). */
export const MAX_PRODUCTS = 32;
