import { z } from 'zod';
import type { DistSpec } from '../sim/index.ts';
import { distributionSchema, MAX_SECONDS, MIN_RECURRING_SECONDS, recurringTime } from '../protocol/distributions.ts';
import { formatDuration, parseDuration } from './duration.ts';

/** A duration: a number of seconds, or a string with a unit ("90s", "5min", "1.5h"); parsed to seconds, never negative. */
export const durationSchema = z
  .union([z.number(), z.string()])
  .describe('a duration (a number of seconds or a string like "90s", "5min", "1.5h")')
  .transform((value, ctx): number => {
    try {
      const seconds = parseDuration(value);
      if (seconds <= MAX_SECONDS) return seconds;
      const message = `must be at most 1e9 s (about 31 years; got ${seconds} s)`;
      ctx.addIssue({ code: 'custom', message, input: value });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error), input: value });
    }
    return z.NEVER;
  });

/** A duration that must be strictly positive. */
export const positiveDurationSchema = durationSchema.refine((seconds) => seconds > 0, { error: 'must be > 0' });

/** A recurring duration (a maintenance interval): at least MIN_RECURRING_SECONDS, so the simulated clock moves on. */
export const recurringDurationSchema = durationSchema.refine((seconds) => seconds >= MIN_RECURRING_SECONDS, {
  error: `must be at least ${formatDuration(MIN_RECURRING_SECONDS)} for a recurring time`,
});

/** A distribution object: `{ dist: exponential, mean: 60s }` and the like (the shape the wire uses too). */
export const distObjectSchema = distributionSchema({ time: durationSchema, positive: positiveDurationSchema, show: formatDuration });

/** A distribution field: a bare duration (a constant) or a distribution object; time parameters in seconds. */
export const distSchema: z.ZodType<DistSpec, unknown> = z
  .union([durationSchema.transform((value): DistSpec => ({ dist: 'constant', value })), distObjectSchema])
  .describe('a duration like "2.5s" or a distribution like { dist: exponential, mean: 60s }');

/** A distribution of a recurring time (a cycle, an interarrival, a time to failure): its mean is at least 1 ms. */
export const recurringDistSchema = recurringTime(distSchema, formatDuration).describe(
  'a duration of at least 1ms like "2.5s" or a distribution like { dist: exponential, mean: 60s }',
);
