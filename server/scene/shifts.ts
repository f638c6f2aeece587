import type { ShiftWindow, Seconds } from '../sim/index.ts';
import { didYouMean } from './didYouMean.ts';

const DAY: Seconds = 86_400;
const WEEK: Seconds = 7 * DAY;

/** Day names in week order (0 = Monday), as written in scene files. */
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const DAY_ALIASES: Readonly<Record<string, number>> = {
  mon: 0,
  monday: 0,
  tue: 1,
  tues: 1,
  tuesday: 1,
  wed: 2,
  wednesday: 2,
  thu: 3,
  thur: 3,
  thurs: 3,
  thursday: 3,
  fri: 4,
  friday: 4,
  sat: 5,
  saturday: 5,
  sun: 6,
  sunday: 6,
};
const DAY_SETS: Readonly<Record<string, readonly number[]>> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [0, 1, 2, 3, 4],
  weekend: [5, 6],
  weekends: [5, 6],
};
const SPELLINGS = [...DAY_NAMES, ...Object.keys(DAY_SETS)];

/** One shift as read from the file: the days it starts on (0 = Monday) and its clock times (s since midnight). */
export interface ShiftEntry {
  days: number[];
  from: Seconds;
  /** At or before `from`: the shift runs past midnight into the next day. */
  to: Seconds;
}

/** The outcome of reading a day expression: the days, or why it cannot be read. */
export type DaysResult = { ok: true; days: number[] } | { ok: false; message: string; hint?: string | undefined };

/**
 * Read a day expression: a day ("sat"), a range ("mon-fri", wrapping like "fri-mon"), "daily", "weekdays",
 * "weekend", or a comma-separated list of those.
 */
export function parseDays(text: string): DaysResult {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const word = part.trim().toLowerCase();
    const set = DAY_SETS[word];
    if (set) {
      set.forEach((d) => days.add(d));
      continue;
    }
    const [first, last, ...rest] = word.split('-').map((s) => s.trim());
    const from = DAY_ALIASES[first ?? ''];
    const to = last === undefined ? from : DAY_ALIASES[last];
    if (from === undefined || to === undefined || rest.length > 0) {
      const bad = from === undefined ? (first ?? word) : (last ?? word);
      return {
        ok: false,
        message: `unknown day "${bad}" in "${text}": use mon, tue, wed, thu, fri, sat, sun, a range like "mon-fri", "daily", "weekdays" or "weekend"`,
        hint: didYouMean(bad, SPELLINGS),
      };
    }
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return { ok: true, days: [...days].sort((a, b) => a - b) };
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Read "HH:MM" or "HH:MM:SS" (00:00 to 24:00) as seconds since midnight; undefined if malformed. */
export function parseTimeOfDay(text: string): Seconds | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (m > 59 || s > 59) return undefined;
  const seconds = h * 3600 + m * 60 + s;
  return seconds <= DAY ? seconds : undefined;
}

/**
 * Weekly windows in seconds since Monday 00:00, sorted and merged: a shift whose `to` is at or before its
 * `from` ends the next day, and a window running past Sunday midnight continues at the start of the week.
 */
export function normalizeShifts(shifts: readonly ShiftEntry[]): ShiftWindow[] {
  const windows: ShiftWindow[] = [];
  for (const shift of shifts) {
    const length = shift.to > shift.from ? shift.to - shift.from : shift.to + DAY - shift.from;
    for (const day of shift.days) {
      const start = day * DAY + shift.from;
      const end = start + length;
      if (end <= WEEK) windows.push({ start, end });
      else windows.push({ start, end: WEEK }, { start: 0, end: end - WEEK });
    }
  }
  windows.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: ShiftWindow[] = [];
  for (const window of windows) {
    const last = merged[merged.length - 1];
    if (last && window.start <= last.end) last.end = Math.max(last.end, window.end);
    else merged.push({ ...window });
  }
  return merged;
}
