import { didYouMean } from '../scene/didYouMean.ts';
import { describeValue } from '../scene/zodIssues.ts';

/**
 * Parameter paths of experiments: `M2.cycleTime.mean` is field `cycleTime.mean` of station `M2`, and
 * `energy.pricePerKWh` a field of a top-level scene section. They are applied to the raw scene data, before
 * the scene schema turns "1s" into seconds, so values are written exactly as in a scene file.
 */

/** Top-level scene sections a path may start with (when no station has that id). `run` is the experiment's own. */
const SCENE_SECTIONS: readonly string[] = ['energy', 'shifts', 'routing', 'flow', 'products', 'sequence'];

/** A parsed parameter path. */
export interface ParamPath {
  text: string;
  /** Station id or section name. */
  head: string;
  /** Field names (or list indices) below it. */
  fields: string[];
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Split a path; returns an error message when it is not `head.field.field...`. */
export function parseParamPath(text: string): ParamPath | string {
  const parts = text.split('.');
  if (parts.some((p) => !SEGMENT.test(p))) {
    return `"${text}" is not a parameter path: write the station id, then the field names, separated by dots (like "M2.cycleTime.mean")`;
  }
  const [head, ...fields] = parts as [string, ...string[]];
  return { text, head, fields };
}

/** Where a setting landed in the scene data, for matching scene errors back to it. */
export type DataPath = Array<string | number>;

/** A setting that could not be applied, with a hint when a name looks misspelt. */
export interface ParamProblem {
  message: string;
  hint?: string | undefined;
}

type Container = Record<string, unknown> | unknown[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** A deep copy of plain data (YAML aliases may share objects, which a setting must not change twice). */
export function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneTree) as T;
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneTree(v)])) as T;
  return value;
}

/**
 * Set `path` to `value` in raw scene data (mutated in place); `null` removes the field. Every field on the way
 * must exist; the last one may be new (the scene schema then decides whether it is allowed). Returns where the
 * value went, or what is wrong.
 */
export function applyParam(scene: unknown, path: ParamPath, value: unknown): DataPath | ParamProblem {
  if (!isRecord(scene)) return { message: 'the scene has no data' };
  const stations = Array.isArray(scene['stations']) ? scene['stations'] : [];
  const ids = stations.map((s) => (isRecord(s) ? String(s['id']) : ''));
  const index = ids.indexOf(path.head);
  let parent: Container;
  let key: string;
  let at: DataPath;
  let rest: string[];
  if (index >= 0) {
    if (path.fields.length === 0)
      return { message: `"${path.text}" names a whole station: add the field to change, like "${path.head}.cycleTime"` };
    parent = stations[index] as Container;
    at = ['stations', index];
    [key, ...rest] = path.fields as [string, ...string[]];
  } else if (SCENE_SECTIONS.includes(path.head)) {
    parent = scene;
    at = [];
    key = path.head;
    rest = path.fields;
  } else {
    const hint = didYouMean(path.head, [...ids, ...SCENE_SECTIONS]);
    const list = hint === undefined && ids.length <= 30 ? ` (its stations: ${ids.join(', ')})` : '';
    return { message: `no station "${path.head}" in the scene${list}`, hint };
  }
  let label = index >= 0 ? path.head : '';
  for (const field of rest) {
    const next = childOf(parent, key);
    const name = label === '' ? key : `${label}.${key}`;
    if (next === undefined) return missing(parent, key, label, path);
    if (!isContainer(next)) return { message: `${name} is ${describeValue(next)}, which has no field "${field}"` };
    at.push(Array.isArray(parent) ? Number(key) : key);
    parent = next;
    label = name;
    key = field;
  }
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i >= parent.length) return { message: `${label} has no item ${key} (it has ${parent.length})` };
    if (value === null) return { message: `${label}[${i}] cannot be removed: set the whole list instead` };
    parent[i] = cloneTree(value);
    return [...at, i];
  }
  if (value === null) {
    if (!(key in parent)) return missing(parent, key, label, path);
    delete parent[key];
  } else {
    parent[key] = cloneTree(value);
  }
  return [...at, key];
}

function childOf(parent: Container, key: string): unknown {
  if (Array.isArray(parent)) return /^\d+$/.test(key) ? parent[Number(key)] : undefined;
  return Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
}

function missing(parent: Container, key: string, label: string, path: ParamPath): ParamProblem {
  const where = label === '' ? 'the scene' : label;
  if (Array.isArray(parent)) return { message: `${where} has no item ${key} (it has ${parent.length})` };
  const whole = path.text.slice(0, path.text.indexOf(key, label.length) + key.length);
  const hint = didYouMean(key, Object.keys(parent));
  // A field missing on the way can be added by setting it whole; a misspelt one needs the hint instead.
  const addWhole = whole !== path.text && hint === undefined ? ` (to add it, set "${whole}" as a whole)` : '';
  return { message: `${where} has no "${key}" to change${addWhole}`, hint };
}

/** The value at `path` in raw scene data, or undefined when the path does not lead anywhere. */
export function readParam(scene: unknown, path: ParamPath): unknown {
  if (!isRecord(scene)) return undefined;
  const stations: unknown[] = Array.isArray(scene['stations']) ? scene['stations'] : [];
  const station: unknown = stations.find((s) => isRecord(s) && s['id'] === path.head);
  let node: unknown = station ?? (SCENE_SECTIONS.includes(path.head) ? scene[path.head] : undefined);
  for (const field of path.fields) {
    node = isContainer(node) ? childOf(node, field) : undefined;
  }
  return node;
}

/** A parameter value as shown in variant names: `5`, `1.5s`, `{"mtbf":"5min"}`. */
export function formatPathValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}
