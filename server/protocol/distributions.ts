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
    z.strictObject({ dist: z.literal('lognormal'), mean: positive, sd: time }),
    z.strictObject({ dist: z.literal('weibull'), shape: z.number().positive().max(MAX_WEIBULL_SHAPE), scale: positive }),
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

/** One optional power figure per machine state: `{ working: K, starved: K, ... }` for the field schema K. */
export function statePowerShape<K extends z.ZodType>(kW: K): { [S in MachineState]: K } {
  return Object.fromEntries(MACHINE_STATE_CODES.map((state) => [state, kW])) as { [S in MachineState]: K };
}
