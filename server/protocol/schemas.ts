import { z } from 'zod';
import { distributionSchema, MAX_KW, MAX_SECONDS, recurringTime, statePowerShape } from './distributions.ts';

/**
 * zod schemas of every client payload. The server parses each incoming message with these before
 * anything else; a payload that fails gets `{ ok: false, error }` and changes nothing.
 */

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const seconds = z.number().finite().nonnegative().max(MAX_SECONDS);
export const speedSchema = z.union([z.number().finite().min(0.1).max(10_000), z.literal('max')]);

/** A distribution as an operator sets it: times in seconds. */
export const distSchema = distributionSchema({ time: seconds, positive: seconds.positive() });
/** A distribution on the wire: the engine's DistSpec (a type test holds the two together). */
export type Dist = z.infer<typeof distSchema>;

const power = z.strictObject(statePowerShape(z.number().nonnegative().max(MAX_KW).optional()));

/** Most products a line has (the engine's MAX_PRODUCTS: a part's tag is one byte), and most entries of a pattern. */
export const MAX_PRODUCTS = 32;
const MAX_PATTERN = 1000;
const MAX_BATCH = 1_000_000;
/** A probability in [0, 1]; the message names the parameter, so an operator sees which one was wrong. */
const probability = (name: string) => {
  const message = `${name} must be a probability in [0, 1]`;
  return z.number({ error: message }).min(0, message).max(1, message);
};
/** A defect rate: 1 would make every part defective, which no line runs for long. */
const defectMessage = 'defects must be a probability in [0, 1)';
const defectRate = z.number({ error: defectMessage }).min(0, defectMessage).lt(1, defectMessage);
const perProduct = <T extends z.ZodType<number>>(value: T) =>
  z.record(id, value).refine((r) => Object.keys(r).length <= MAX_PRODUCTS, `at most ${MAX_PRODUCTS} products`);
/** A release order as the scene's `sequence` key writes it: random, runs of `batch`, or a repeated pattern of product ids. */
const sequence = z.union([
  z.literal('random'),
  z.strictObject({ batch: z.number().int().min(1).max(MAX_BATCH) }),
  z.array(id).min(1).max(MAX_PATTERN),
]);
/** Shares of a mix sum to 1 (within rounding: an operator types 0.7 and 0.3). */
const mix = perProduct(probability('a share')).refine((r) => {
  const sum = Object.values(r).reduce((a, b) => a + b, 0);
  return Math.abs(sum - 1) <= 1e-9; // the engine's tolerance: a mix that passes here is not refused there
}, 'mix: shares must sum to 1');

/** An operator intervention. */
export const interventionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fault'), station: id, duration: seconds.optional() }),
  z.strictObject({ type: z.literal('repair'), station: id }),
  z.strictObject({ type: z.literal('service'), station: id }),
  z.discriminatedUnion('param', [
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('cycleTime'), value: recurringTime(distSchema) }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('mttr'), value: seconds }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('scrap'), value: z.number().min(0).lt(1) }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('power'), value: power }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('capacity'), value: z.number().int().min(0).max(1_000_000) }),
    z.strictObject({
      type: z.literal('set'),
      station: id,
      param: z.literal('policy'),
      value: z.enum(['none', 'time', 'condition', 'predictive']),
    }),
    z.strictObject({
      type: z.literal('set'),
      station: id,
      param: z.literal('every'),
      value: z.number().finite().positive().max(MAX_SECONDS),
    }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('threshold'), value: z.number().finite().min(-1e9).max(1e9) }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('detect'), value: probability('detect') }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('falseReject'), value: probability('falseReject') }),
    z.strictObject({
      type: z.literal('set'),
      station: id,
      param: z.literal('defects'),
      value: z.union([defectRate, perProduct(defectRate)]),
    }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('mix'), value: mix }),
    z.strictObject({ type: z.literal('set'), station: id, param: z.literal('sequence'), value: sequence }),
    z.strictObject({
      type: z.literal('set'),
      station: z.union([id, z.literal('*')]), // "*": every machine of the line
      param: z.literal('standby'),
      value: z
        .strictObject({ after: z.number().positive().max(MAX_SECONDS), wake: seconds, wakePower: z.number().min(0).max(MAX_KW) })
        .nullable(),
    }),
  ]),
]);

/** Schemas of the client-to-server events, by event name. */
export const clientSchemas = {
  'session:join': z.strictObject({ session: z.string().min(1).max(64).optional() }),
  'session:list': z.strictObject({}),
  'session:create': z.strictObject({
    scene: id,
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    speed: speedSchema.optional(),
  }),
  'session:reset': z.strictObject({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  }),
  'session:close': z.strictObject({ session: id }),
  'session:fork': z.strictObject({
    from: id,
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  }),
  'auth:operator': z.strictObject({ token: z.string().min(1).max(256) }),
  'control:speed': z.strictObject({ speed: speedSchema }),
  'control:pause': z.strictObject({}),
  'control:resume': z.strictObject({}),
  'control:step': z.strictObject({
    seconds: z
      .number()
      .finite()
      .positive()
      .max(86400 * 7),
  }),
  'control:intervene': interventionSchema,
  'station:inspect': z.strictObject({ station: id }),
  'energy:breakdown': z.strictObject({}),
} as const;

/** An operator intervention as sent: derived from its schema, and equal to the engine's type (checked in test/protocol/). */
export type Intervention = z.infer<typeof interventionSchema>;

/** Names of the client events. */
export type ClientEventName = keyof typeof clientSchemas;

/** The payload of a client event, as a client sends it. */
export type RequestOf<E extends ClientEventName> = z.input<(typeof clientSchemas)[E]>;

/** Turns a zod error into one readable line: `path: message; path: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`)
    .join('; ');
}
