import type { Seconds, StateCode } from './types.ts';

/**
 * What the engine tells an observer (the live view) as it happens. It speaks in indices and codes, never in engine
 * objects: `station` is the station's index in the line, `unit` the unit's index within its station, `part` the
 * part's id (unique over the run), `state` an index into MACHINE_STATES. Optional: without one the engine records
 * nothing, and the calls cost nothing.
 */
export interface SimObserver {
  /** A machine unit entered a state. */
  unitState(station: number, unit: number, state: StateCode, t: Seconds): void;
  /**
   * A part moved from one station to another at t and is expected to be ready to leave `to` at `readyAt`. `tag` is
   * the part's product index x PART_TAG_PRODUCT plus the PART_* flags (types.ts): defective, rejected (on its way
   * to the reject route), reworked.
   */
  partMove(part: number, from: number, to: number, t: Seconds, readyAt: Seconds, tag: number): void;
  /** A part left the system: finished good at a sink or scrapped at a machine. */
  partEnd(part: number, station: number, scrap: boolean, t: Seconds): void;
  /**
   * A unit finished its work on a part (the end of its cycle, before the part can leave): kept, or scrapped there.
   * Optional: the plant event log's part counter (a PLC counts parts at the cycle end, not when they leave).
   */
  partDone?(station: number, unit: number, tag: number, scrap: boolean, t: Seconds): void;
  /** A unit failed (`failure`, `injected`) or was repaired. */
  fault(station: number, unit: number, kind: 'failure' | 'injected' | 'repaired', t: Seconds): void;
  /** A condition signal reading of a unit in wear stage `stage` (1-based). Optional: only wearing machines read. */
  reading?(station: number, unit: number, value: number, stage: number, t: Seconds): void;
  /** A unit's readings crossed its warning level (once per renewal). */
  warning?(station: number, unit: number, t: Seconds): void;
  /** A unit's open warning closed: its wear-out failure came, or a repair or service renewed its wear. */
  warningCleared?(station: number, unit: number, t: Seconds): void;
}
