import { z } from 'zod';
import { parseDays, parseTimeOfDay } from './shifts.ts';

/** Clock times and day expressions as scene files write them (shifts, tariffs). */

export const timeOfDay = z
  .string()
  .describe('a time of day like "06:00"')
  .transform((text, ctx): number => {
    const seconds = parseTimeOfDay(text);
    if (seconds !== undefined) return seconds;
    ctx.addIssue({ code: 'custom', message: `invalid time "${text}": expected "HH:MM" between 00:00 and 24:00`, input: text });
    return z.NEVER;
  });

export const daysSchema = z
  .union([z.string(), z.array(z.string()).min(1)])
  .describe('days like "mon-fri", "daily" or [mon, wed, fri]')
  .transform((value, ctx): number[] => {
    const days = new Set<number>();
    (typeof value === 'string' ? [value] : value).forEach((text, i) => {
      const result = parseDays(text);
      if (result.ok) result.days.forEach((d) => days.add(d));
      else
        ctx.addIssue({
          code: 'custom',
          path: typeof value === 'string' ? [] : [i],
          message: result.message,
          params: { hint: result.hint },
          input: text,
        });
    });
    return [...days].sort((a, b) => a - b);
  });
