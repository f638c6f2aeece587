import { z } from 'zod';
import { distSchema, durationSchema, positiveDurationSchema } from '../scene/distSchema.ts';
import { powerSchema } from '../scene/schema.ts';
import { TRAINEE_ACTIONS } from '../protocol/training.ts';

/**
 * The scenario file format as zod schemas (strict: unknown keys are errors, with did-you-mean hints from the
 * scene loader's issue reader). Durations come out in seconds. References to stations are checked against
 * the scene afterwards (check.ts), where the scene is known.
 */

const id = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, { error: 'ids may contain only letters, digits, "_", "." and "-"' })
  .max(64);
const stationId = z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'station ids may contain only letters, digits, "_" and "-"' });
const probability = z.number().min(0).lt(1);

const taskCommon = {
  id,
  prompt: z.string().min(1),
  points: z.number().positive().max(100).optional(),
  /** Sim time after opening during which answers count. */
  timeLimit: positiveDurationSchema.optional(),
};

/** A task, chosen by its `type`. */
export const taskSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...taskCommon,
    type: z.literal('findBottleneck'),
    station: stationId.optional(),
    window: positiveDurationSchema.optional(),
  }),
  z.strictObject({ ...taskCommon, type: z.literal('firstFailure'), after: durationSchema.optional() }),
  z.strictObject({ ...taskCommon, type: z.literal('pickStation'), answer: z.string().min(1), window: positiveDurationSchema.optional() }),
  z.strictObject({
    ...taskCommon,
    type: z.literal('choice'),
    options: z.array(z.string().min(1)).min(2).max(8),
    answer: z.union([z.number().int().min(0), z.string().min(1)]).describe('the index of the right option (from 0) or its text'),
  }),
  z.strictObject({
    ...taskCommon,
    type: z.literal('restoreThroughput'),
    above: z.number().positive(),
    within: positiveDurationSchema,
    window: positiveDurationSchema.optional(),
  }),
  z.strictObject({
    ...taskCommon,
    type: z.literal('actOnWarning'),
    /** The machine expected to warn; without it, whichever machine warns. */
    station: stationId.optional(),
    within: positiveDurationSchema,
  }),
  z.strictObject({
    ...taskCommon,
    type: z.literal('reducePower'),
    below: z.number().positive(),
    within: positiveDurationSchema,
    window: positiveDurationSchema.optional(),
  }),
]);

/** A parameter change, as in the live `set` intervention. */
export const setSchema = z.discriminatedUnion('param', [
  z.strictObject({ station: stationId, param: z.literal('cycleTime'), value: distSchema }),
  z.strictObject({ station: stationId, param: z.literal('mttr'), value: positiveDurationSchema }),
  z.strictObject({ station: stationId, param: z.literal('scrap'), value: probability }),
  z.strictObject({ station: stationId, param: z.literal('capacity'), value: z.number().int().min(0) }),
  z.strictObject({ station: stationId, param: z.literal('power'), value: powerSchema }),
  z.strictObject({ station: stationId, param: z.literal('policy'), value: z.enum(['none', 'time', 'condition', 'predictive']) }),
  z.strictObject({ station: stationId, param: z.literal('every'), value: positiveDurationSchema }),
  z.strictObject({ station: stationId, param: z.literal('threshold'), value: z.number().finite() }),
]);

/** Keys of a step that say what it does; exactly one per step. */
const STEP_ACTIONS = ['message', 'fault', 'repair', 'set', 'ask', 'end'] as const;

/** One step of the timeline: `at` a sim time, exactly one action. */
const stepSchema = z
  .strictObject({
    at: durationSchema,
    label: z.string().min(1).optional(),
    message: z.string().min(1).optional(),
    /** With `message`: pause the line until the trainer runs it again. */
    pause: z.boolean().optional(),
    fault: z.strictObject({ station: stationId, duration: positiveDurationSchema.optional() }).optional(),
    repair: z.strictObject({ station: stationId }).optional(),
    set: setSchema.optional(),
    ask: taskSchema.optional(),
    end: z.literal(true).optional(),
  })
  .superRefine((step, ctx) => {
    const given = STEP_ACTIONS.filter((k) => step[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        input: step,
        message:
          given.length === 0
            ? `needs one action: ${STEP_ACTIONS.join(', ')}`
            : `has ${given.length} actions (${given.join(', ')}): give each its own step`,
      });
    }
    if (step.pause !== undefined && step.message === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pause'], input: step.pause, message: 'goes with a message (pause and show it)' });
    }
  });

/** What trainees may do on the line. */
const controlSchema = z.strictObject({
  action: z.enum(TRAINEE_ACTIONS),
  stations: z.array(stationId).optional(),
  duration: positiveDurationSchema.optional(),
  percents: z.array(z.number().int().min(10).max(200)).min(1).max(6).optional(),
});

/** A whole scenario file. */
export const scenarioSchema = z.strictObject({
  kind: z.literal('scenario').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** The scene file, relative to the scenario file. */
  scene: z.string().min(1),
  seed: z.number().int().min(0).optional(),
  speed: z.number().min(0.1).max(10_000).optional(),
  /** The line runs this long at full speed before the lobby opens, so buffers are at working levels. */
  start: durationSchema.optional(),
  duration: positiveDurationSchema.optional(),
  controls: z.array(controlSchema).optional(),
  steps: z.array(stepSchema).min(1),
});

/** A scenario file after schema validation (durations in seconds). */
export type ScenarioFile = z.output<typeof scenarioSchema>;
/** One step of a validated scenario file. */
export type StepFile = ScenarioFile['steps'][number];
/** One task of a validated scenario file. */
export type TaskFile = z.output<typeof taskSchema>;
