import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { sceneSchema } from '../../server/scene/schema.ts';
import { DISTRIBUTIONS } from '../../src/editor/fieldValues.ts';
import { PLAN_KEYS, placementFields, sceneFields, stationFields, type FieldSpec } from '../../src/editor/schemaFields.ts';
import type { StationType } from '../../src/editor/sceneModel.ts';

/**
 * The parameter panel covers every key of the scene schema: this walks the zod schema on its own (every object key,
 * through optionals, unions, pipes, lists and maps) and fails for a key that has no field in the panel, where the
 * plan keys (stations, flow, layout, routing) are the plan's and inline-YAML and distribution fields cover what
 * is inside them.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- zod's internal definitions, walked loosely
type Def = { type: string } & Record<string, any>;
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every key path of a schema: `stations[].machine.failures.mtbf`, `layout{}.x`, `cycleTime.exponential.mean`. */
function schemaPaths(schema: z.ZodType, prefix: string, out: Set<string>, seen = new Set<unknown>()): Set<string> {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  const next = (s: z.ZodType, p: string): void => void schemaPaths(s, p, out, new Set(seen));
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
      next(def.innerType, prefix);
      break;
    case 'pipe':
      next(def.in, prefix);
      next(def.out, prefix);
      break;
    case 'lazy':
      next(def.getter(), prefix);
      break;
    case 'array':
      next(def.element, `${prefix}[]`);
      break;
    case 'record':
      next(def.valueType, `${prefix}{}`);
      break;
    case 'union':
      for (const option of def.options as z.ZodType[]) {
        const tag = def.discriminator ? String(defOf(defOf(option).shape[def.discriminator]).values[0]) : null;
        next(option, tag ? `${prefix}.${tag}` : prefix);
      }
      break;
    case 'object':
      for (const [key, s] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const p = prefix ? `${prefix}.${key}` : key;
        out.add(p);
        next(s, p);
      }
      break;
    default:
  }
  return out;
}

const DIST_KEYS = new Set(['dist', ...Object.values(DISTRIBUTIONS).flat()]);

/** True when the fields cover a path (segments after the prefix the fields stand for). */
function covers(fields: readonly FieldSpec[], segments: readonly string[]): boolean {
  const [head, ...rest] = segments;
  const field = fields.find((f) => f.key === head!.replace(/[[\]{}]+$/, ''));
  if (!field) return false;
  if (rest.length === 0 || field.kind === 'yaml') return true;
  if (field.kind === 'distribution') {
    // its kind picker and parameters; a map per product (`cycleTime{}`) is edited as YAML
    return head!.endsWith('{}') || rest.every((s) => DIST_KEYS.has(s) || Object.hasOwn(DISTRIBUTIONS, s));
  }
  if (field.kind === 'group') return covers(field.fields ?? [], rest);
  return false;
}

const TYPES: StationType[] = ['source', 'machine', 'assembly', 'inspection', 'buffer', 'conveyor', 'sink'];

/** The schema paths the panel (with the plan) has no field for. */
function uncovered(fieldsOf: (type: StationType) => FieldSpec[] = stationFields): string[] {
  const missing: string[] = [];
  for (const path of schemaPaths(sceneSchema, '', new Set())) {
    const segments = path.split('.');
    const top = segments[0]!;
    if (top === 'stations[]') {
      if (segments.length === 1) continue;
      const type = segments[1] as StationType;
      if (segments.length === 2 || covers(fieldsOf(type), segments.slice(2))) continue;
    } else if (top === 'layout{}') {
      if (covers(placementFields(), segments.slice(1))) continue;
    } else if ((PLAN_KEYS as readonly string[]).includes(top.replace(/[[\]{}]/g, ''))) {
      continue; // flow and routing: the plan's edges and split labels
    } else if (covers(sceneFields(), segments)) continue;
    missing.push(path);
  }
  return missing;
}

describe('schema-driven fields', () => {
  it('walk the whole schema', () => {
    const paths = schemaPaths(sceneSchema, '', new Set());
    expect(paths.size).toBeGreaterThan(150);
    expect([...paths]).toEqual(expect.arrayContaining(['stations[].machine.failures.mtbf', 'layout{}.rotation', 'energy.baseLoad']));
  });
  it('cover every key of the scene schema', () => {
    expect(uncovered()).toEqual([]);
  });
  it('the check finds a key without a field', () => {
    const withoutScrap = (type: StationType): FieldSpec[] => stationFields(type).filter((f) => f.key !== 'scrap');
    expect(uncovered(withoutScrap)).toEqual(expect.arrayContaining(['stations[].machine.scrap', 'stations[].inspection.scrap']));
  });
  it('give every station type its fields, with units and distribution pickers', () => {
    for (const type of TYPES) expect(stationFields(type).map((f) => f.key)).toContain('id');
    const machine = stationFields('machine');
    expect(machine.find((f) => f.key === 'cycleTime')?.kind).toBe('distribution');
    expect(machine.find((f) => f.key === 'power')?.fields?.find((f) => f.key === 'working')?.unit).toBe('kW');
    expect(stationFields('buffer').find((f) => f.key === 'capacity')?.kind).toBe('capacity');
    expect(stationFields('conveyor').find((f) => f.key === 'speed')?.unit).toBe('m/s');
  });
});
