import type { z } from 'zod';
import { sceneSchema } from '../../server/scene/schema.ts';
import type { StationType } from './sceneModel.ts';

/**
 * The parameter panel's fields, generated from the scene's zod schema (server/scene/schema.ts): one source of
 * truth, so a key added to the format gets a field without touching the editor. Each key of an object becomes a
 * field of a kind the panel knows how to edit; what has no simple form (lists of objects, maps by product) is
 * edited as inline YAML, so no key is left without a field (test/editor/clientFields.test.ts walks the schema).
 */

/** How a field is edited. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'choice' | 'duration' | 'distribution' | 'capacity' | 'group' | 'yaml' | 'fixed';

/** One field of the panel. */
export interface FieldSpec {
  key: string;
  kind: FieldKind;
  optional: boolean;
  /** The unit shown beside the input. */
  unit?: string | undefined;
  /** Choices of a `choice` field; the value of a `fixed` one. */
  choices?: readonly string[] | undefined;
  /** Fields of a `group` (a nested object). */
  fields?: FieldSpec[] | undefined;
}

/** Keys the plan edits (placing, connecting): the panel lists them, read-only, for the whole scene. */
export const PLAN_KEYS = ['stations', 'flow', 'layout', 'routing'] as const;

/** Units by key, as the scene format reads them (docs/scenes.md). */
const UNITS: Record<string, string> = {
  power: 'kW',
  running: 'kW',
  stopped: 'kW',
  wakePower: 'kW',
  baseLoad: 'kW',
  length: 'm',
  pitch: 'm',
  speed: 'm/s',
  x: 'm',
  z: 'm',
  rotation: '°',
  scrap: 'probability 0–1',
  probability: 'probability 0–1',
  availability: 'share 0–1',
  servers: 'parallel units',
  capacity: 'parts',
  every: 'parts',
  seed: '0 – 2³²−1',
  pricePerKWh: 'per kWh',
  co2PerKWh: 'kg CO₂/kWh',
};

type Def = { type: string } & Record<string, unknown>;
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema without `optional`, `default` and `nullable` wrappers, and whether one was there. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
      optional = true;
      inner = def.innerType as z.ZodType;
    } else return { inner, optional };
  }
}

/** True for a duration: a number or a string with a unit, transformed to seconds. */
function isDuration(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type !== 'pipe') return false;
  const input = defOf(def.in as z.ZodType);
  if (input.type === 'pipe') return isDuration(def.in as z.ZodType);
  if (input.type !== 'union') return false;
  const types = (input.options as z.ZodType[]).map((o) => defOf(o).type).sort();
  return types.join() === 'number,string';
}

/** True for a distribution field: somewhere among its options, a union discriminated by `dist`. */
function isDistribution(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === 'pipe') return isDistribution(def.in as z.ZodType) || isDistribution(def.out as z.ZodType);
  if (def.type !== 'union') return false;
  if (def.discriminator === 'dist') return true;
  return (def.options as z.ZodType[]).some(isDistribution);
}

/** The field for one key of an object schema. */
export function fieldOf(key: string, schema: z.ZodType): FieldSpec {
  const { inner, optional } = unwrap(schema);
  const def = defOf(inner);
  const base = { key, optional, unit: UNITS[key] };
  if (isDistribution(inner)) return { ...base, kind: 'distribution', unit: 's' };
  if (isDuration(inner)) return { ...base, kind: 'duration', unit: 's' };
  switch (def.type) {
    case 'string':
      return { ...base, kind: 'text' };
    case 'number':
      return { ...base, kind: 'number' };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'enum':
      return { ...base, kind: 'choice', choices: Object.values(def.entries as Record<string, string>) };
    case 'literal':
      return { ...base, kind: 'fixed', choices: (def.values as unknown[]).map(String) };
    case 'object': {
      // a unit on the group (power: kW) is the unit of its numbers
      const fields = objectFields(inner).map((f) =>
        f.unit === undefined && f.kind === 'number' && base.unit ? { ...f, unit: base.unit } : f,
      );
      return { ...base, kind: 'group', fields };
    }
    case 'union': {
      const options = (def.options as z.ZodType[]).map((o) => defOf(unwrap(o).inner));
      if (options.length === 2 && options.some((o) => o.type === 'number') && options.some((o) => o.type === 'literal'))
        return { ...base, kind: 'capacity' };
      return { ...base, kind: 'yaml' };
    }
    default:
      return { ...base, kind: 'yaml' };
  }
}

/** The fields of an object schema, in its key order. */
export function objectFields(schema: z.ZodType): FieldSpec[] {
  const def = defOf(unwrap(schema).inner);
  if (def.type !== 'object') return [];
  return Object.entries(def.shape as Record<string, z.ZodType>).map(([key, s]) => fieldOf(key, s));
}

const sceneShape = (): Record<string, z.ZodType> => defOf(sceneSchema).shape as Record<string, z.ZodType>;

/** The station schema of each type (the options of the `stations` list's discriminated union). */
export function stationSchemas(): Map<StationType, z.ZodType> {
  const list = defOf(unwrap(sceneShape().stations!).inner);
  const union = defOf(list.element as z.ZodType);
  const map = new Map<StationType, z.ZodType>();
  for (const option of union.options as z.ZodType[]) {
    const type = defOf(defOf(option).shape ? ((defOf(option).shape as Record<string, z.ZodType>).type as z.ZodType) : option);
    map.set(String((type.values as unknown[])[0]) as StationType, option);
  }
  return map;
}

/** The fields of a station of `type` (id and type first, as the schema lists them). */
export function stationFields(type: StationType): FieldSpec[] {
  const schema = stationSchemas().get(type);
  return schema ? objectFields(schema) : [];
}

/** The fields of the scene as a whole; the plan's keys are left to the plan. */
export function sceneFields(): FieldSpec[] {
  return Object.entries(sceneShape())
    .filter(([key]) => !(PLAN_KEYS as readonly string[]).includes(key))
    .map(([key, s]) => fieldOf(key, s));
}

/** A placement's fields (`layout` entries: x, z, rotation), for the selected station. */
export function placementFields(): FieldSpec[] {
  const layout = defOf(unwrap(sceneShape().layout!).inner);
  return objectFields(layout.valueType as z.ZodType);
}
