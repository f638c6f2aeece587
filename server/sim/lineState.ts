import type { MachineState, Seconds, StationId } from './types.ts';

/**
 * A line's state at one instant, as a mirror of a real line knows it (server/sim's mirror) and as a simulation may
 * start from it instead of empty at time 0 (`SimOptions.initial`): the "fork what-if" of a mirrored session. It
 * holds what a plant's signals tell (states, levels, the product on a machine), not the engine's internals
 * (random streams, failure clocks), which a fork draws afresh from its own seed.
 */
export interface LineState {
  /** Simulated time of the state (s): a simulation started from it opens at this time and measures from it. */
  t: Seconds;
  /** Parts held by each buffer and conveyor, by station id; a store left out is empty. */
  levels: Record<StationId, number>;
  /** Each machine-type station's units, by unit index; a station or unit left out starts idle (starved). */
  units: Record<StationId, UnitStart[]>;
}

/** One machine unit at the instant of a LineState. */
export interface UnitStart {
  /**
   * `working` and `setup` hold a part; `blocked` holds a finished part waiting for room; `down` is failed (repair
   * still to come); `maintenance` is in planned maintenance; `starved`, `off` and `standby` hold nothing.
   */
  state: MachineState;
  /**
   * Seconds left of the current phase (work, setup, repair, maintenance) when the plant knows them; when left out,
   * the fork draws the phase's full duration from the scene's distribution (for a memoryless exponential phase
   * that is exact, for others an approximation: docs/plant.md says so).
   */
  remaining?: Seconds;
  /** Product id of the part on the unit, on a line with products; the scene's first product when left out. */
  product?: string;
}
