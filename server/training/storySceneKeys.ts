import type { IssueAt } from '../scene/errors.ts';
import type { SceneIssue } from '../scene/index.ts';

/**
 * A story side's whole-scene keys: `shifts` and `energy` replace the scene's (`null` removes them), so a side can
 * move production into other hours or price it under another tariff. They are validated exactly as the scene's
 * own keys, by loading the scene with them; the scene loader's issues under these keys are told at the story's own
 * path (`after.shifts[1].from: ...`), so the message names the story file and the place the mistake is written.
 */

/** The scene keys a story side (or `base`) may replace. */
export const SCENE_KEYS = ['shifts', 'energy'] as const;
/** One of them. */
export type SceneKey = (typeof SCENE_KEYS)[number];

/** Where each replaced key comes from: the side's own value wins over `base`'s. */
export type KeyOwners = Partial<Record<SceneKey, PropertyKey>>;

/** What a side or `base` gives for the scene keys (absent: not replaced; `null`: removed). */
export type SceneKeyValues = Partial<Record<SceneKey, unknown>>;

/**
 * Writes the replaced keys into the scene document (a copy) and returns who gave each, for the messages. `base`
 * applies first, then the side.
 */
export function applySceneKeys(
  doc: Record<string, unknown>,
  layers: ReadonlyArray<{ owner: PropertyKey; values: SceneKeyValues | undefined }>,
): KeyOwners {
  const owners: KeyOwners = {};
  for (const { owner, values } of layers) {
    if (!values) continue;
    for (const key of SCENE_KEYS) {
      if (!(key in values) || values[key] === undefined) continue;
      if (values[key] === null) delete doc[key];
      else doc[key] = structuredClone(values[key]);
      owners[key] = owner;
    }
  }
  return owners;
}

/**
 * The story's issue for a scene issue under a replaced key (`shifts[1].from` given by `after` becomes
 * `after.shifts[1].from`), or null for an issue elsewhere in the scene.
 */
export function issueAtOwner(issue: SceneIssue, owners: KeyOwners): IssueAt | null {
  const path = parsePath(issue.path);
  const key = path[0];
  if (typeof key !== 'string' || !Object.hasOwn(owners, key)) return null;
  const owner = owners[key as SceneKey]!;
  return { path: [owner, ...path], message: issue.message, hint: issue.hint };
}

/** A data path as messages write it (`stations[2].power["my key"]`) back to keys and indices. */
export function parsePath(text: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  const token = /([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./g;
  for (const m of text.matchAll(token)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(String(JSON.parse(m[3])));
  }
  return out;
}
