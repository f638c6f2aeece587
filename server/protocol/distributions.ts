import { z } from 'zod';
import { MACHINE_STATE_CODES, type MachineState } from './states.ts';

/**
 * The shapes of a distribution and of power per state, shared by the wire (an operator's intervention, in seconds)
 * and the scene files (which also accept "90s"): one definition, so the two cannot drift apart. Each user passes
 * the schema of a time in its own format.
 */

/** How a family of schemas reads times: `time` is a duration >= 0, `positive` one > 0; `show` writes one in messages. */
export interface TimeFormat<T extends z.ZodType<number>, P extends z.ZodType<number>> {
  time: T;
  positive: P;
  show?: ((seconds: number) => string) | undefined;
}

/** Most phases of an Erlang and largest Weibull shape: beyond them draws are dominated by rounding. */
const MAX_ERLANG_K = 100;
const MAX_WEIBULL_SHAPE = 100;
/**
 * Smallest Weibull shape: the largest draw is about scale x 37^(1/shape), finite for any scale up to MAX_SECONDS
 * (a shape of 1e-10 overflows to Infinity).
 */
export const MIN_WEIBULL_SHAPE = 0.1;
/**
 * Largest coefficient of variation (sd / mean) of a lognormal: beyond about 1e154 its parameters overflow and every
 * draw is NaN; at 100 the largest draws stay below 1e11 x mean.
 */
export const MAX_LOGNORMAL_CV = 100;
/** Longest duration anywhere (s, about 31.7 years): every draw, sum and product with it stays finite. */
export const MAX_SECONDS = 1e9;
/**
 * Shortest recurring time (s): the mean of a cycle time, interarrival time or time to failure, a maintenance
 * interval, the time between parts leaving a conveyor. A line whose clock barely moves would run millions of events
 * per simulated millisecond; the engine's livelock guard uses the same step.
 */
export const MIN_RECURRING_SECONDS = 1e-3;
/** Largest power of one machine unit in one state, kW (100 MW): energy over the longest horizon stays finite. */
export const MAX_KW = 1e5;
/** Most values of an empirical distribution (they travel in messages of at most 16 KB). */
const MAX_EMPIRICAL_VALUES = 1000;

type Times<K extends string> = Record<K, number>;

/** The discriminated union of every distribution the engine samples, with times read by `format`. */
export function distributionSchema<T extends z.ZodType<number>, P extends z.ZodType<number>>(format: TimeFormat<T, P>) {
  const { time, positive } = format;
  const show = format.show ?? ((s: number) => `${s}`);
  const ordered = (ctx: z.RefinementCtx, earlierKey: string, earlier: number, laterKey: string, later: number): void => {
    if (later >= earlier) return;
    ctx.addIssue({
      code: 'custom',
      path: [laterKey],
      message: `must be >= ${earlierKey} (${show(later)} < ${show(earlier)})`,
      input: later,
    });
  };
  return z.discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('constant'), value: time }),
    z.strictObject({ dist: z.literal('exponential'), mean: positive }),
    z.strictObject({ dist: z.literal('uniform'), min: time, max: time }).superRefine((d, ctx) => {
      const { min, max } = d as Times<'min' | 'max'>; // the output of a generic time schema is a number, which TS cannot see
      ordered(ctx, 'min', min, 'max', max);
    }),
    z.strictObject({ dist: z.literal('triangular'), min: time, mode: time, max: time }).superRefine((d, ctx) => {
      const { min, mode, max } = d as Times<'min' | 'mode' | 'max'>;
      ordered(ctx, 'min', min, 'mode', mode);
      ordered(ctx, 'mode', mode, 'max', max);
    }),
    /** Normal truncated at 0. */
    z.strictObject({ dist: z.literal('normal'), mean: time, sd: time }),
    /** Mean and sd of the variable itself, not of its logarithm. */
    z.strictObject({ dist: z.literal('lognormal'), mean: positive, sd: time }).superRefine((d, ctx) => {
      const { mean, sd } = d as Times<'mean' | 'sd'>;
      if (!(sd <= MAX_LOGNORMAL_CV * mean)) {
        const message = `must be at most ${MAX_LOGNORMAL_CV} x mean (${show(sd)} > ${MAX_LOGNORMAL_CV} x ${show(mean)}): draws would not be finite`;
        ctx.addIssue({ code: 'custom', path: ['sd'], message, input: sd });
      }
    }),
    z.strictObject({ dist: z.literal('weibull'), shape: z.number().min(MIN_WEIBULL_SHAPE).max(MAX_WEIBULL_SHAPE), scale: positive }),
    z.strictObject({ dist: z.literal('erlang'), k: z.number().int().min(1).max(MAX_ERLANG_K), mean: positive }),
    z
      .strictObject({
        dist: z.literal('empirical'),
        values: z.array(time).min(1).max(MAX_EMPIRICAL_VALUES),
        weights: z.array(z.number().finite().min(0)).optional(),
      })
      .superRefine((empirical, ctx) => {
        const d = empirical as { values: number[]; weights?: number[] | undefined };
        if (d.weights === undefined) return;
        if (d.weights.length !== d.values.length) {
          const message = `must have one weight per value (${d.weights.length} weights for ${d.values.length} values)`;
          ctx.addIssue({ code: 'custom', path: ['weights'], message, input: d.weights });
        } else if (!(d.weights.reduce((sum, w) => sum + w, 0) > 0)) {
          ctx.addIssue({ code: 'custom', path: ['weights'], message: 'must not all be zero', input: d.weights });
        }
      }),
  ]);
}

/** A distribution as the recurring-time rule reads it (see MIN_RECURRING_SECONDS). */
type DistParams = { dist: string } & Partial<Record<'value' | 'mean' | 'sd' | 'min' | 'mode' | 'max' | 'scale', number>> & {
    values?: number[];
    weights?: number[] | undefined;
  };

/**
 * The time the recurring-time rule checks, and its name in messages: the mean of most distributions, the untruncated
 * mean of a normal (or sd x sqrt(2 / pi) for a mean >= 0) and the scale of a Weibull: simple bounds the engine's exact
 * mean is never far below.
 */
function typicalTime(d: DistParams): { value: number; what: string } {
  switch (d.dist) {
    case 'constant':
      return { value: d.value ?? 0, what: 'the time' };
    case 'uniform':
      return { value: ((d.min ?? 0) + (d.max ?? 0)) / 2, what: 'the mean (min + max) / 2' };
    case 'triangular':
      return { value: ((d.min ?? 0) + (d.mode ?? 0) + (d.max ?? 0)) / 3, what: 'the mean (min + mode + max) / 3' };
    case 'weibull':
      return { value: d.scale ?? 0, what: 'the scale' };
    case 'normal': {
      // Truncated at 0: with a mean >= 0 its mean is at least that of the half-normal, sd x sqrt(2 / pi).
      const mean = d.mean ?? 0;
      return { value: mean >= 0 ? Math.max(mean, (d.sd ?? 0) * Math.sqrt(2 / Math.PI)) : mean, what: 'the mean' };
    }
    case 'empirical': {
      const values = d.values ?? [];
      const weights = d.weights ?? values.map(() => 1);
      const total = weights.reduce((a, b) => a + b, 0);
      return { value: values.reduce((acc, v, i) => acc + v * (weights[i] ?? 0), 0) / total, what: 'the weighted mean' };
    }
    default:
      return { value: d.mean ?? 0, what: 'the mean' };
  }
}

/**
 * Adds the recurring-time rule to a distribution schema: a time that comes back again and again (a cycle, an
 * interarrival) must average at least MIN_RECURRING_SECONDS, so the simulated clock always moves on. Scene files
 * and operator interventions use this same rule.
 */
export function recurringTime<S extends z.ZodType>(schema: S, show: (seconds: number) => string = (s) => `${s} s`) {
  return schema.superRefine((value, ctx) => {
    const { value: time, what } = typicalTime(value as DistParams);
    if (time >= MIN_RECURRING_SECONDS) return;
    const message = `${what} must be at least ${show(MIN_RECURRING_SECONDS)} for a recurring time (got ${show(time)})`;
    ctx.addIssue({ code: 'custom', message, input: value });
  });
}

/** One optional power figure per machine state: `{ working: K, starved: K, ... }` for the field schema K. */
export function statePowerShape<K extends z.ZodType>(kW: K): { [S in MachineState]: K } {
  return Object.fromEntries(MACHINE_STATE_CODES.map((state) => [state, kW])) as { [S in MachineState]: K };
}
