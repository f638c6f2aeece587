import { z } from 'zod';
import { distSchema, durationSchema, positiveDurationSchema, recurringDistSchema, recurringDurationSchema } from './distSchema.ts';
import { daysSchema, timeOfDay } from './clockSchema.ts';
import { energySchema } from './energySchema.ts';
import { MAX_KW, MAX_SECONDS, MIN_RECURRING_SECONDS, statePowerShape } from '../protocol/distributions.ts';
import { formatDuration } from './duration.ts';
import { LIMITS } from './limits.ts';
import { crewsSchema, maintenanceSchema, wearSchema } from './careSchema.ts';
import { cycleTimeSchema, inspectionFields, productsSchema, qualityFields, sequenceSchema } from './qualitySchema.ts';

/**
 * The scene file format, as zod schemas. Every object is strict (unknown keys are errors). Durations come out
 * in seconds and distributions as `DistSpec`; defaults are left to `normalize.ts`.
 */

const stationId = z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'station ids may contain only letters, digits, "_" and "-"' });
const kW = z
  .number()
  .min(0)
  .max(MAX_KW, { error: `must be at most ${MAX_KW} kW (100 MW) per unit` });
const probability = z.number().min(0).lt(1);

/** Random failures: `{mtbf, mttr}`, `{availability, mttr}` or `{timeToFailure, timeToRepair}`. */
const failuresSchema = z
  .strictObject({
    mtbf: recurringDurationSchema.optional(),
    mttr: positiveDurationSchema.optional(),
    availability: z.number().gt(0).lt(1).optional(),
    timeToFailure: recurringDistSchema.optional(),
    timeToRepair: distSchema.optional(),
    basis: z.enum(['operating', 'calendar']).optional(),
    crew: z.string().optional(),
    renewsWear: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const issue = (key: string, message: string): void => ctx.addIssue({ code: 'custom', path: [key], message, input: f });
    const forms = 'give {mtbf, mttr}, {availability, mttr} or {timeToFailure, timeToRepair}';
    if (f.timeToFailure !== undefined || f.timeToRepair !== undefined) {
      for (const key of ['mtbf', 'mttr', 'availability'] as const) {
        if (f[key] !== undefined) issue(key, 'cannot be combined with timeToFailure/timeToRepair');
      }
      if (f.timeToFailure === undefined) issue('timeToFailure', 'is required together with timeToRepair');
      if (f.timeToRepair === undefined) issue('timeToRepair', 'is required together with timeToFailure');
    } else if (f.availability !== undefined) {
      if (f.mtbf !== undefined) issue('mtbf', 'give either mtbf or availability, not both');
      if (f.mttr === undefined) issue('mttr', 'is required with availability (MTBF = A x MTTR / (1 - A))');
      else if (!((f.availability * f.mttr) / (1 - f.availability) >= MIN_RECURRING_SECONDS)) {
        const mtbf = formatDuration((f.availability * f.mttr) / (1 - f.availability));
        issue(
          'availability',
          `gives an MTBF of ${mtbf} (A x MTTR / (1 - A)), below the ${formatDuration(MIN_RECURRING_SECONDS)} of a recurring time`,
        );
      }
    } else {
      if (f.mtbf === undefined) issue('mtbf', `is required: ${forms}`);
      if (f.mttr === undefined) issue('mttr', `is required: ${forms}`);
    }
  });

/** Power in kW per machine state; `idle` stands for both starved and blocked. */
export const powerSchema = z.strictObject({ ...statePowerShape(kW.optional()), idle: kW.optional() });

const setupSchema = z.strictObject({ every: z.number().int().min(1), duration: distSchema });

const common = { id: stationId, model: z.string().optional() };

const machineFields = {
  ...common,
  cycleTime: cycleTimeSchema,
  idealCycleTime: positiveDurationSchema.optional(),
  servers: z
    .number()
    .int()
    .min(1)
    .max(LIMITS.serversPerStation, { error: `must be at most ${LIMITS.serversPerStation} parallel units per station` })
    .optional(),
  failures: failuresSchema.optional(),
  scrap: probability.optional(),
  power: powerSchema.optional(),
  setup: setupSchema.optional(),
  wear: wearSchema.optional(),
  maintenance: maintenanceSchema.optional(),
  /** Inspection with rework: defective parts (with this probability) go to station `to`. */
  rework: z.strictObject({ probability: probability, to: stationId }).optional(),
  /** Standby after `after` starved; a wake-up of `wake` at `wakePower` before the next part (docs/energy.md). */
  standby: z.strictObject({ after: positiveDurationSchema, wake: durationSchema, wakePower: kW }).optional(),
  ...qualityFields,
};

const sourceSchema = z.strictObject({ ...common, type: z.literal('source'), interarrival: recurringDistSchema.optional() });
const machineSchema = z.strictObject({ ...machineFields, type: z.literal('machine') });
const assemblySchema = z.strictObject({
  ...machineFields,
  type: z.literal('assembly'),
  inputs: z.record(z.string(), z.number().int().min(1)).optional(),
});
/** A machine that checks parts: detects defective ones and rejects them (to scrap or to a station). */
const inspectionSchema = z.strictObject({ ...machineFields, type: z.literal('inspection'), ...inspectionFields });
const bufferSchema = z.strictObject({
  ...common,
  type: z.literal('buffer'),
  capacity: z.union([z.number().int().min(0), z.literal('unlimited')]).describe('an integer >= 0 or "unlimited"'),
});
const conveyorSchema = z
  .strictObject({
    ...common,
    type: z.literal('conveyor'),
    length: z.number().positive(), // m
    speed: z.number().positive(), // m/s
    pitch: z.number().positive().optional(), // m between accumulated parts
    power: z.strictObject({ running: kW, stopped: kW.optional() }).optional(), // kW while it holds parts, while empty
  })
  .superRefine((c, ctx) => {
    const pitch = c.pitch ?? 0.5;
    const issue = (key: string, message: string): void => ctx.addIssue({ code: 'custom', path: [key], message, input: c });
    if (Math.floor(c.length / pitch) < 1) {
      issue(c.pitch === undefined ? 'length' : 'pitch', `the conveyor holds no part: length ${c.length} m / pitch ${pitch} m < 1`);
    } else if (!(pitch / c.speed >= MIN_RECURRING_SECONDS)) {
      // Parts leave an accumulating conveyor one pitch apart: that interval recurs like a cycle time.
      const gap = formatDuration(pitch / c.speed);
      issue(
        'speed',
        `parts would leave every ${gap} (pitch / speed), below the ${formatDuration(MIN_RECURRING_SECONDS)} of a recurring time`,
      );
    } else if (!(c.length / c.speed <= MAX_SECONDS)) {
      issue('speed', `the travel time length / speed must be at most 1e9 s (about 31 years)`);
    }
  });
const sinkSchema = z.strictObject({ ...common, type: z.literal('sink') });

/** One station, chosen by its `type`. */
const stationSchema = z.discriminatedUnion('type', [
  sourceSchema,
  machineSchema,
  assemblySchema,
  inspectionSchema,
  bufferSchema,
  conveyorSchema,
  sinkSchema,
]);

/** A weekly shift; `to` at or before `from` runs past midnight. */
const shiftSchema = z.strictObject({ days: daysSchema, from: timeOfDay, to: timeOfDay }).superRefine((s, ctx) => {
  if (s.from >= 86_400) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before 24:00', input: s.from });
});

/** Where stations may be placed, m from the origin: a floor of 2,000 km, and room to move a station aside by 3 m. */
const coordinate = z.number().min(-1e6).max(1e6);
const placementSchema = z.strictObject({
  x: coordinate, // m
  z: coordinate, // m
  rotation: z.number().min(-36_000).max(36_000).optional(), // degrees about the vertical axis
});

const SEED_RULE = 'must be a whole number from 0 to 4294967295 (2^32 - 1)';
/** A scene seed: the engine's streams are distinct for distinct seeds in [0, 2^32). */
const seedSchema = z
  .number()
  .int({ error: SEED_RULE })
  .min(0, { error: SEED_RULE })
  .max(2 ** 32 - 1, { error: SEED_RULE });

/** A whole scene file. */
export const sceneSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  run: z
    .strictObject({
      horizon: positiveDurationSchema.optional(),
      warmup: durationSchema.optional(),
      seed: seedSchema.optional(),
    })
    .optional(),
  products: productsSchema.optional(),
  sequence: sequenceSchema.optional(),
  stations: z
    .array(stationSchema)
    .min(1)
    .max(LIMITS.stations, { error: `a scene may have at most ${LIMITS.stations.toLocaleString('en-US')} stations` }),
  flow: z.record(z.string(), z.union([z.string(), z.array(z.string())]).describe('a station id or a list of station ids')).optional(),
  routing: z.record(z.string(), z.enum(['roundRobin', 'first'])).optional(),
  layout: z.record(z.string(), placementSchema).optional(),
  shifts: z.array(shiftSchema).min(1).optional(),
  crews: crewsSchema.optional(),
  energy: energySchema.optional(),
});

/** A scene file after schema validation (durations in seconds, no defaults yet). */
export type SceneFile = z.output<typeof sceneSchema>;
/** One station of a validated scene file. */
export type StationFile = SceneFile['stations'][number];
/** A station of a validated scene file with machine units (machine, assembly, inspection). */
export type MachineFile = Extract<StationFile, { type: 'machine' | 'assembly' | 'inspection' }>;
