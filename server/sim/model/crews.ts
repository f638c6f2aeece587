import type { CrewSpec } from '../spec.ts';
import type { Seconds } from '../types.ts';
import { createLevel, resetLevel, setLevel, type Level } from '../stats.ts';

/**
 * Shared maintenance staff. A crew has `size` technicians; a repair or service of a crewed machine takes one for
 * its whole duration, and jobs that find every technician busy wait in one first-come, first-served queue.
 * The queue holds unit indices; what the job is and how long it takes is kept on the unit (care.ts).
 */

/** One crew at run time. */
export interface Crew {
  id: string;
  size: number;
  busy: number;
  /** Waiting units, first come first served: entries from `head` on. */
  queue: number[];
  head: number;
  /** Busy technicians over time, for utilisation. */
  busyLevel: Level;
  /** Jobs started and their waits for a technician, within the measured window. */
  jobs: number;
  waitTotal: Seconds;
}

/** The crews of a line, in the order listed. */
export function createCrews(specs: readonly CrewSpec[]): Crew[] {
  return specs.map((c) => ({ id: c.id, size: c.size, busy: 0, queue: [], head: 0, busyLevel: createLevel(0, 0), jobs: 0, waitTotal: 0 }));
}

/** Takes a technician if one is free (true), else queues unit `unit` (false). */
export function takeTechnician(crew: Crew, unit: number, now: Seconds): boolean {
  if (crew.busy < crew.size) {
    setLevel(crew.busyLevel, ++crew.busy, now);
    crew.jobs++;
    return true;
  }
  crew.queue.push(unit);
  return false;
}

/** Hands a technician back; returns the next waiting unit, which now has that technician, or -1. */
export function releaseTechnician(crew: Crew, now: Seconds): number {
  if (crew.head < crew.queue.length) {
    const next = crew.queue[crew.head++]!;
    if (crew.head > 64 && crew.head * 2 > crew.queue.length) {
      crew.queue = crew.queue.slice(crew.head); // keep the array from growing for ever
      crew.head = 0;
    }
    crew.jobs++;
    return next;
  }
  setLevel(crew.busyLevel, --crew.busy, now);
  return -1;
}

/** Units waiting for a technician now. */
export function waitingCount(crew: Crew): number {
  return crew.queue.length - crew.head;
}

/** End of warm-up: counts restart, the technicians at work stay at work. */
export function restartCrewStatistics(crew: Crew, now: Seconds): void {
  resetLevel(crew.busyLevel, now);
  crew.jobs = 0;
  crew.waitTotal = 0;
}
