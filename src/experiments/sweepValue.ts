import { parseDuration } from '@protocol/duration.ts';

/**
 * A swept value as a number for an x axis: numbers as they are, durations (`2min`, `1.5h`, `1h 30min`,
 * `2 minutes`, `"90"`) in seconds, read by the scene format's own parser (server/protocol/duration.ts). A value
 * it cannot read (`unlimited`, an object) is null and the factor is then not numeric.
 */

/** The value as a number (a duration in seconds), or null when it is neither. */
export function sweepNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    return parseDuration(value);
  } catch {
    return null; // not a duration: the factor is not numeric
  }
}

/** Is every value of the sweep a number or a duration? */
export function isNumericSweep(values: readonly unknown[]): boolean {
  return values.length > 0 && values.every((v) => sweepNumber(v) !== null);
}
