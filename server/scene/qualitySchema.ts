import { z } from 'zod';
import { MAX_PRODUCTS } from '../sim/index.ts';
import { distSchema, recurringDistSchema } from './distSchema.ts';

/**
 * The scene keys of issue 13 (quality and product mix), as zod schemas: products and their sequence, per-product
 * cycle times, changeovers, defects, repairs and inspection stations. The keys are fixed by the issue; the checks
 * across keys are in qualityCheck.ts and the engine's form in qualityNormalize.ts.
 */

const productId = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'product ids may contain only letters, digits, "_" and "-"' })
  // ids are keys of per-product maps (cycleTime, defects): names every object has, and `dist`, would be misread
  .refine((id) => !(id in Object.prototype) && id !== 'dist' && id !== '__proto__', {
    error: 'is a reserved name: choose another product id',
  });

const PROBABILITY = 'must be a probability from 0 to 1';
/** A probability in [0, 1]: detect, falseReject, repairs. */
const probability = z.number().min(0, { error: PROBABILITY }).max(1, { error: PROBABILITY });
/** A defect probability in [0, 1): a station that spoils every part is a mistake, not a quality figure. */
const defectProbability = z
  .number()
  .min(0, { error: 'must be a probability from 0 to below 1' })
  .lt(1, { error: 'must be below 1 (1 would make every part defective)' });

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like "#3b82f6" (# and six hex digits)' });

/** `products: [{ id: A, share: 0.7, color: "#3b82f6" }, ...]`; the shares are checked to sum to 1 in qualityCheck.ts. */
export const productsSchema = z
  .array(z.strictObject({ id: productId, share: z.number().min(0).max(1), color: color.optional() }))
  .min(1)
  .max(MAX_PRODUCTS, { error: `a scene may have at most ${MAX_PRODUCTS} products` });

/** `sequence: random | { batch: 50 } | [A, A, B]`. */
export const sequenceSchema = z
  .union([
    z.literal('random'),
    z.strictObject({ batch: z.number().int().min(1, { error: 'a batch holds at least 1 part' }) }),
    z.array(productId).min(1, { error: 'the pattern must name at least one product' }),
  ])
  .describe('random, { batch: N } or a list of product ids like [A, A, B]');

/** Whether a value is written per product: an object whose keys are product ids (a distribution has `dist`). */
export function isPerProduct<T>(value: T | Record<string, T>): value is Record<string, T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('dist' in value);
}

/**
 * `schema`, tried only on values that `fits`: any other value is reported as the wrong kind, which the issue reader
 * (zodIssues.ts) drops from a union, so a mistake inside a distribution is reported as that, not as "expected ...".
 */
function onlyFor<T extends z.ZodType>(fits: (value: unknown) => boolean, schema: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (!fits(value)) ctx.addIssue({ code: 'invalid_type', expected: 'object', input: value });
    })
    .pipe(schema);
}

/** One distribution for every product, or one per product (`{ A: 1s, B: { dist: normal, ... } }`). */
function oneOrPerProduct<T extends z.ZodType<unknown, unknown>>(one: T, description: string) {
  return z.union([onlyFor((v) => !isPerProduct(v), one), onlyFor(isPerProduct, z.record(z.string(), one))]).describe(description);
}

/** A machine's cycle time: as before, or one per product. */
export const cycleTimeSchema = oneOrPerProduct(
  recurringDistSchema,
  'a duration of at least 1ms like "2.5s" or a distribution like { dist: exponential, mean: 60s }, or one per product like { A: 1s, B: 1.5s }',
);

/** `changeover: 5min` (any change of product) or `{ "A->B": 5min, "B->A": 8min }`. */
export const changeoverSchema = oneOrPerProduct(
  distSchema,
  'a duration like "5min", a distribution, or one per product pair like { A->B: 5min, B->A: 8min }',
);

/** The keys every machine type (machine, assembly, inspection) takes besides today's. */
export const qualityFields = {
  changeover: changeoverSchema.optional(),
  /** Probability that the station makes a part defective: one for all products or per product. */
  defects: z
    .union([defectProbability, z.record(z.string(), defectProbability)])
    .describe('a probability like 0.02 or one per product like { A: 0.01, B: 0.04 }')
    .optional(),
  /** Probability that a defective part leaves the station good. */
  repairs: probability.optional(),
};

/** The keys of an inspection station besides the machine keys. */
export const inspectionFields = {
  detect: probability,
  falseReject: probability.optional(),
  reject: z
    .union([z.literal('scrap'), z.strictObject({ to: z.string() })])
    .describe('scrap or { to: STATION }')
    .optional(),
};

/** A product pair key of a changeover, "A->B" (spaces around the arrow allowed). */
export const PAIR_KEY = /^\s*([A-Za-z0-9_-]+)\s*->\s*([A-Za-z0-9_-]+)\s*$/;
