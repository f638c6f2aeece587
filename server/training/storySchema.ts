import { z } from 'zod';
import { durationSchema, positiveDurationSchema } from '../scene/distSchema.ts';
import { setSchema } from './schema.ts';

/**
 * The story file format (presentation mode): one scene, shown twice side by side, once as it is and once
 * with an improvement (or three times, with a `middle` side between them). Each side may override station fields of the scene (`overrides`, validated with the
 * scene), replace its `shifts` and `energy` (validated as the scene's, see storySceneKeys.ts) and change parameters
 * at time 0 (`changes`, live interventions, logged and replayable); `base` applies to both sides (e.g. wear-out
 * failures that make preventive maintenance worth it).
 */

const stationId = z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'station ids may contain only letters, digits, "_" and "-"' });

/** Station fields to replace, by station id; `null` removes a field (e.g. `maintenance: null`). */
const overridesSchema = z.record(stationId, z.record(z.string(), z.unknown()).describe('station fields to replace, like { scrap: 0.01 }'));

const changesFields = {
  overrides: overridesSchema.optional(),
  /** The scene's shift calendar replaced (`null`: no shifts, always on); validated as the scene's. */
  shifts: z.unknown().optional(),
  /** The scene's `energy` block replaced (prices, tariff, demand charge, CO2, base load); validated as the scene's. */
  energy: z.unknown().optional(),
  changes: z.array(setSchema).optional(),
};

/** One side of the story. */
export const variantSchema = z.strictObject({
  title: z.string().min(1).max(60),
  caption: z.string().min(1).max(300),
  ...changesFields,
});

/** A whole story file. */
export const storySchema = z.strictObject({
  kind: z.literal('story').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** The scene file, relative to the story file. */
  scene: z.string().min(1),
  seed: z.number().int().min(0).optional(),
  speed: z.number().min(1).max(10_000),
  /** Sim time the audience sees, from the start; then both sides start again. */
  duration: positiveDurationSchema,
  /** Sim time the show starts at: both sides run there at full speed first. Default: the scene's warm-up, so KPIs never reset on screen. */
  start: durationSchema.optional(),
  /** Wall seconds the camera stays at each station of the tour. */
  tourSeconds: z.number().min(2).max(120).optional(),
  base: z.strictObject(changesFields).optional(),
  before: variantSchema,
  /** An optional third side shown between the two, e.g. a first improvement that the `after` side beats. */
  middle: variantSchema.optional(),
  after: variantSchema,
  captions: z.array(z.strictObject({ at: durationSchema, text: z.string().min(1).max(300) })).optional(),
});

/** A story file after validation. */
export type StoryFile = z.output<typeof storySchema>;
