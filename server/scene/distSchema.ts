import { z } from 'zod';
import type { DistSpec } from '../sim/index.ts';
import { formatDuration, parseDuration } from './duration.ts';

/** A duration: a number of seconds, or a string with a unit ("90s", "5min", "1.5h"); parsed to seconds, never negative. */
export const durationSchema = z
  .union([z.number(), z.string()])
  .describe('a duration (a number of seconds or a string like "90s", "5min", "1.5h")')
  .transform((value, ctx): number => {
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error), input: value });
      return z.NEVER;
    }
  });

/** A duration that must be strictly positive. */
export const positiveDurationSchema = durationSchema.refine((seconds) => seconds > 0, { error: 'must be > 0' });

type Ctx = z.RefinementCtx;

/** Report `later < earlier` at `laterKey`, e.g. uniform max < min. */
function ordered(ctx: Ctx, earlierKey: string, earlier: number, laterKey: string, later: number): void {
  if (later < earlier) {
    ctx.addIssue({
      code: 'custom',
      path: [laterKey],
      message: `must be >= ${earlierKey} (${formatDuration(later)} < ${formatDuration(earlier)})`,
      input: later,
    });
  }
}

const constantDist = z.strictObject({ dist: z.literal('constant'), value: durationSchema });
const exponentialDist = z.strictObject({ dist: z.literal('exponential'), mean: positiveDurationSchema });
const uniformDist = z
  .strictObject({ dist: z.literal('uniform'), min: durationSchema, max: durationSchema })
  .superRefine((d, ctx) => ordered(ctx, 'min', d.min, 'max', d.max));
const triangularDist = z
  .strictObject({ dist: z.literal('triangular'), min: durationSchema, mode: durationSchema, max: durationSchema })
  .superRefine((d, ctx) => {
    ordered(ctx, 'min', d.min, 'mode', d.mode);
    ordered(ctx, 'mode', d.mode, 'max', d.max);
  });
const normalDist = z.strictObject({ dist: z.literal('normal'), mean: durationSchema, sd: durationSchema });
const lognormalDist = z.strictObject({ dist: z.literal('lognormal'), mean: positiveDurationSchema, sd: durationSchema });
const weibullDist = z.strictObject({ dist: z.literal('weibull'), shape: z.number().positive(), scale: positiveDurationSchema });
const erlangDist = z.strictObject({ dist: z.literal('erlang'), k: z.number().int().min(1), mean: positiveDurationSchema });
const empiricalDist = z
  .strictObject({
    dist: z.literal('empirical'),
    values: z.array(durationSchema).min(1),
    weights: z.array(z.number().min(0)).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.weights === undefined) return;
    if (d.weights.length !== d.values.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message: `must have one weight per value (${d.weights.length} weights for ${d.values.length} values)`,
        input: d.weights,
      });
    } else if (!(d.weights.reduce((sum, w) => sum + w, 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'must not all be zero', input: d.weights });
    }
  });

/** A distribution object: `{ dist: exponential, mean: 60s }` and the like. */
export const distObjectSchema = z.discriminatedUnion('dist', [
  constantDist, exponentialDist, uniformDist, triangularDist, normalDist, lognormalDist, weibullDist, erlangDist, empiricalDist,
]);

/** A distribution field: a bare duration (a constant) or a distribution object; time parameters in seconds. */
export const distSchema: z.ZodType<DistSpec, unknown> = z
  .union([durationSchema.transform((value): DistSpec => ({ dist: 'constant', value })), distObjectSchema])
  .describe('a duration like "2.5s" or a distribution like { dist: exponential, mean: 60s }');
