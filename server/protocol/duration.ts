/**
 * Durations as scenes and experiments write them ("90s", "5min", "1h 30min", "2 minutes", a bare number of
 * seconds), parsed to seconds and formatted back for messages. Pure and browser-safe: the scene loader
 * (server/scene/duration.ts re-exports it) and the Experiments view (a swept `2min` on an x axis) share it.
 */

/** A duration in seconds (server/sim's `Seconds`; the protocol imports no engine). */
type Seconds = number;

/** Seconds per unit accepted in duration strings ("500ms", "90s", "5min", "2h", "1d", "1w"). */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  // the only unit below 1 s is the millisecond
  ms: 0.001,
  msec: 0.001,
  millisecond: 0.001,
  milliseconds: 0.001,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  wk: 604_800,
  week: 604_800,
  weeks: 604_800,
};

const NUMBER = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
// One "<number><unit>" part; parts may follow each other ("1h30min", "1h 30min").
const PART = /\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]+)\s*/y;
const EXAMPLES = 'a number of seconds or a number with a unit (ms, s, min, h, d, w), e.g. "90s", "5min" or "1.5h"';

/**
 * Parse a duration to seconds. Numbers are seconds; strings are a number and a unit ("500ms", "90s",
 * "5min", "2h", "1d", "1w", "1.5h"), optionally several ("1h 30min"). Throws an Error saying what is wrong.
 */
export function parseDuration(value: string | number): Seconds {
  if (typeof value === 'number') return checked(value, String(value));
  const text = value.trim();
  if (text.startsWith('-')) throw new Error(`durations cannot be negative (got "${value}")`);
  if (NUMBER.test(text)) return checked(Number(text), value);
  let total = 0;
  let at = 0;
  PART.lastIndex = 0;
  while (at < text.length) {
    PART.lastIndex = at;
    const match = PART.exec(text);
    if (!match) throw new Error(`invalid duration "${value}": expected ${EXAMPLES}`);
    const unit = (match[2] ?? '').toLowerCase();
    const factor = UNIT_SECONDS[unit];
    if (factor === undefined) throw new Error(unknownUnit(unit, value));
    // Milliseconds by moving the decimal point, so "90.9ms" is 0.0909 and not 0.09090000000000001.
    total += factor >= 1 ? Number(match[1]) * factor : Number(`${match[1]}e-3`);
    at = PART.lastIndex;
  }
  if (text.length === 0) throw new Error(`invalid duration "": expected ${EXAMPLES}`);
  return checked(total, value);
}

function checked(seconds: number, shown: string): Seconds {
  if (!Number.isFinite(seconds)) throw new Error(`a duration must be a finite number of seconds (got ${shown})`);
  if (seconds < 0) throw new Error(`durations cannot be negative (got ${shown})`);
  return seconds;
}

function unknownUnit(unit: string, value: string): string {
  const hint = unit === 'm' ? ' (write "min" for minutes or "ms" for milliseconds)' : '';
  return `unknown unit "${unit}" in duration "${value}"${hint}: expected ${EXAMPLES}`;
}

const DISPLAY_UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
  ['ms', 0.001],
];

/** A short human form of a duration for messages: 2592000 → "30d", 5400 → "1.5h", 0.25 → "250ms". */
export function formatDuration(seconds: Seconds): string {
  if (seconds === 0) return '0s';
  for (const [unit, size] of DISPLAY_UNITS) {
    if (Math.abs(seconds) >= size) return `${+(seconds / size).toPrecision(4)}${unit}`;
  }
  return `${+seconds.toPrecision(4)}s`;
}
