import { z } from 'zod';
import { durationSchema, positiveDurationSchema } from '../scene/distSchema.ts';

/**
 * The experiment file format, as zod schemas. Objects are strict (unknown keys are errors, with did-you-mean
 * hints from the scene loader's issue reader). Parameter paths and their values are checked later, against
 * the scene itself (see paths.ts and design.ts): the schema only knows they are text and any value.
 */

/** Replications when the file gives none. */
export const DEFAULT_REPLICATIONS = 10;

const paramValues = z.record(z.string(), z.unknown()).describe('parameter paths with values, like { M2.cycleTime.mean: 1s }');

/** One variant: a name and the scene parameters it changes. */
export const variantSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  set: paramValues.optional(),
});

/** A whole experiment file. */
export const experimentSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Scene file, relative to the experiment file. */
  scene: z.string().min(1),
  horizon: positiveDurationSchema.optional(),
  warmup: durationSchema.optional(),
  seed: z.number().int().min(0).optional(),
  replications: z.number().int().min(2).max(10_000).optional(),
  variants: z.array(variantSchema).min(1).optional(),
  sweep: z
    .record(z.string(), z.array(z.unknown()).min(1).describe('a list of values'))
    .describe('parameter paths with lists of values, like { B1.capacity: [0, 1, 2, 5] }')
    .optional(),
});

/** An experiment file after schema validation (durations in seconds, no defaults yet). */
export type ExperimentFile = z.output<typeof experimentSchema>;
/** One variant as written in the file. */
export type VariantFile = z.output<typeof variantSchema>;
