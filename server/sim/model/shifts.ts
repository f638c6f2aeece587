import type { ShiftWindow } from '../spec.ts';
import type { Seconds } from '../types.ts';

/** Weekly shift calendar arithmetic. Time 0 is Monday 00:00; windows repeat every week. */

export const WEEK: Seconds = 7 * 86400;

/** Whether the line is planned to run at time t. */
export function isOnShift(windows: readonly ShiftWindow[], t: Seconds): boolean {
  const inWeek = t - Math.floor(t / WEEK) * WEEK;
  return windows.some((w) => inWeek >= w.start && inWeek < w.end);
}

/** The first time after t at which the on/off status changes; Infinity if it never does. */
export function nextShiftChange(windows: readonly ShiftWindow[], t: Seconds): Seconds {
  const on = isOnShift(windows, t);
  const weekStart = Math.floor(t / WEEK) * WEEK;
  let best = Infinity;
  for (let week = 0; week <= 1; week++) {
    for (const w of windows) {
      for (const edge of [w.start, w.end]) {
        const at = weekStart + week * WEEK + edge;
        if (at > t && at < best && isOnShift(windows, at) !== on) best = at;
      }
    }
  }
  return best;
}
