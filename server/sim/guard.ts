import type { Seconds } from './types.ts';
import * as events from './model/eventKinds.ts';
import type { World } from './model/world.ts';

/**
 * The engine's guards against a run that can never end or whose clock would stop meaning anything: a simulated
 * clock that no longer advances (a livelock: zero or vanishing durations that slipped past validation) and a time
 * that is not a finite number (NaN or Infinity from an extreme distribution). Either stops the run with a
 * SimulationError naming the station, instead of looping for ever or corrupting the session's clock.
 */

/** A run that cannot go on: the message names the station and what went wrong; the simulation refuses to run further. */
export class SimulationError extends Error {
  override name = 'SimulationError';
  /** The station whose events caused it, when known. */
  readonly station: string | undefined;

  constructor(message: string, station?: string) {
    super(message);
    this.station = station;
  }
}

/** The simulated clock must advance by at least this much (s) ... */
export const LIVELOCK_STEP: Seconds = 1e-3;
/** ... within this many events, plus LIVELOCK_EVENTS_PER_ELEMENT per station and unit (a large line does more at once). */
export const LIVELOCK_EVENTS = 1_000_000;
export const LIVELOCK_EVENTS_PER_ELEMENT = 100;

/** How many events may pass in one LIVELOCK_STEP of simulated time on this world before the run is a livelock. */
export function livelockLimit(w: World): number {
  return LIVELOCK_EVENTS + LIVELOCK_EVENTS_PER_ELEMENT * (w.stations.length + w.units.length);
}

/** The station an event belongs to (its id), or a name for line-wide events. */
export function eventStation(w: World, kind: number, target: number): string {
  switch (kind) {
    case events.EV_SEGMENT_END:
    case events.EV_FAIL:
    case events.EV_REPAIR:
      return w.units[target]?.station.id ?? `unit ${target}`;
    case events.EV_ARRIVAL:
    case events.EV_CONVEYOR_READY:
      return w.stations[target]?.id ?? `station ${target}`;
    default:
      return 'the shift calendar';
  }
}

const WHAT: Record<number, string> = {
  [events.EV_SEGMENT_END]: 'the end of a cycle, setup or maintenance',
  [events.EV_FAIL]: 'a failure',
  [events.EV_REPAIR]: 'the end of a repair',
  [events.EV_ARRIVAL]: 'an arrival',
  [events.EV_CONVEYOR_READY]: 'a part reaching the end of the conveyor',
  [events.EV_SHIFT]: 'a shift change',
};

/** The error for an event scheduled at a time that is not a finite number (the calendar's rejection). */
export function invalidTimeError(w: World, time: number, kind: number, target: number): SimulationError {
  const station = eventStation(w, kind, target);
  const what = WHAT[kind] ?? 'an event';
  return new SimulationError(
    `station ${station}: ${what} was drawn at time ${time} (at t = ${w.now} s); ` +
      'its distribution gives values that are not finite numbers: check its parameters',
    station,
  );
}

/** The error for a livelock: `counts` tallies the stations of the events seen while the clock stood still. */
export function livelockError(w: World, count: number, counts: ReadonlyMap<string, number>): SimulationError {
  const busiest = [...counts].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const station = busiest[0];
  const names = busiest.slice(0, 3).join(', ');
  return new SimulationError(
    `station ${names || '?'}: ${count.toLocaleString('en-US')} events without the simulated clock advancing ${LIVELOCK_STEP * 1000} ms ` +
      `(at t = ${w.now} s): a cycle, travel or failure time of (almost) zero keeps the line busy at one instant; ` +
      'recurring times must have a mean of at least 1 ms',
    station,
  );
}
