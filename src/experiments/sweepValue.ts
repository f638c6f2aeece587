/**
 * A swept value as a number for an x axis: numbers as they are, durations (`2min`, `1.5h`, `1h 30min`) in seconds.
 * The browser cannot import the scene loader (server/scene/duration.ts), so this reads the same units; a value it
 * cannot read (`unlimited`, an object) is null and the factor is then not numeric.
 */

/** Seconds per duration unit, as the scene format writes them (server/scene/duration.ts). */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  sec: 1,
  min: 60,
  h: 3600,
  hr: 3600,
  d: 86_400,
  w: 604_800,
};

// One "<number><unit>" part; parts may follow each other ("1h30min", "1h 30min").
const PART = /(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]+)\s*/y;

/** The value as a number (a duration in seconds), or null when it is neither. */
export function sweepNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    PART.lastIndex = at;
    const match = PART.exec(text);
    const factor = match ? UNIT_SECONDS[(match[2] ?? '').toLowerCase()] : undefined;
    if (!match || factor === undefined) return null;
    total += Number(match[1]) * factor;
    at = PART.lastIndex;
  }
  return total;
}

/** Is every value of the sweep a number or a duration? */
export function isNumericSweep(values: readonly unknown[]): boolean {
  return values.length > 0 && values.every((v) => sweepNumber(v) !== null);
}
