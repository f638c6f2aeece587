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
export type MachineState = 'working' | 'starved' | 'blocked' | 'down' | 'setup' | 'maintenance' | 'off';

/** All machine states in a fixed order, used to index per-state arrays. */
export const MACHINE_STATES: readonly MachineState[] = ['working', 'starved', 'blocked', 'down', 'setup', 'maintenance', 'off'];

/** A machine state as its index in MACHINE_STATES: what the engine books and what its observer and view report. */
export type StateCode = number;

export type StationType = 'source' | 'machine' | 'assembly' | 'buffer' | 'conveyor' | 'sink';
