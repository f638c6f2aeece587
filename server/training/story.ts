import { readFile } from 'node:fs/promises';
import { didYouMean } from '../scene/didYouMean.ts';
import type { IssueAt } from '../scene/errors.ts';
import { readDocument, SceneError, sceneFromDocument, type Scene } from '../scene/index.ts';
import { createSimulation } from '../sim/index.ts';
import type { Intervention } from '../sim/index.ts';
import { sceneKey } from '../scene/catalog.ts';
import type { StoryInfo } from '../protocol/training.ts';
import { toSet } from './load.ts';
import { failure, readValidated } from '../scene/readValidated.ts';
import { sceneFileOf } from './readFile.ts';
import { applySceneKeys, issueAtOwner } from './storySceneKeys.ts';
import { storySchema, type StoryFile } from './storySchema.ts';

/**
 * Before/after stories for the presentation mode: the same scene twice, the second with an improvement.
 * Both sides are real simulations (two live sessions with the same seed, so common random numbers make the
 * difference the improvement's, not chance's); nothing shown is scripted except the captions.
 */

/** One side of a story, ready to run. */
export interface StoryVariant {
  title: string;
  caption: string;
  scene: Scene;
  /** Applied at time 0, as logged interventions. */
  changes: Intervention[];
}

/** A loaded story. */
export interface Story {
  key: string;
  file: string;
  info: StoryInfo;
  seed: number;
  before: StoryVariant;
  /** The optional third side, shown between before and after. */
  middle?: StoryVariant;
  after: StoryVariant;
}

/** The sides of a story file, in the order they are shown. */
export type Side = 'before' | 'middle' | 'after';
type Overrides = NonNullable<StoryFile['before']['overrides']>;

/** Loads and validates a story file, its scene and both variants; every problem is a SceneError. */
export async function loadStory(file: string): Promise<Story> {
  const { data, locate } = await readValidated(file, storySchema);
  const { path: scenePath, issue } = sceneFileOf(file, data.scene);
  if (issue) throw failure(file, [issue], locate);
  const raw = readDocument(await readFile(scenePath, 'utf8'), scenePath).data;
  const issues: IssueAt[] = [];
  const variant = (side: Side): StoryVariant | null => {
    const v = data[side];
    if (!v) return null;
    const doc = structuredClone(raw) as { stations?: Array<Record<string, unknown>> } & Record<string, unknown>;
    applyOverrides(doc, data.base?.overrides, ['base', 'overrides'], issues);
    applyOverrides(doc, v.overrides, [side, 'overrides'], issues);
    const owners = applySceneKeys(doc, [
      { owner: 'base', values: data.base },
      { owner: side, values: v },
    ]);
    let scene: Scene;
    try {
      scene = sceneFromDocument(doc, scenePath);
    } catch (e) {
      if (!(e instanceof SceneError)) throw e;
      for (const i of e.issues) {
        // a mistake in the side's own shifts or energy is told where it is written; anything else the overrides broke
        const own = issueAtOwner(i, owners);
        if (own) {
          if (!issues.some((x) => x.path.join('.') === own.path.join('.') && x.message === own.message)) issues.push(own);
        } else issues.push({ path: [side, 'overrides'], message: `make the scene invalid: ${i.path}: ${i.message}`, hint: i.hint });
      }
      return null;
    }
    const changes = [...(data.base?.changes ?? []), ...(v.changes ?? [])].map(toSet);
    // each change must apply to the scene at time 0
    const probe = createSimulation(scene.line, { seed: 0 });
    const baseCount = data.base?.changes?.length ?? 0;
    changes.forEach((iv, i) => {
      const error = probe.apply(iv);
      if (error) issues.push({ path: i < baseCount ? ['base', 'changes', i] : [side, 'changes', i - baseCount], message: error });
    });
    return { title: v.title, caption: v.caption, scene, changes };
  };
  const before = variant('before'),
    middle = variant('middle'),
    after = variant('after');
  if (issues.length > 0 || !before || !after) throw failure(file, issues, locate);
  const key = sceneKey(file);
  return {
    key,
    file,
    seed: data.seed ?? before.scene.run.seed,
    before,
    ...(middle ? { middle } : {}),
    after,
    info: infoOf(key, data, before, data.start ?? before.scene.run.warmup),
  };
}

function infoOf(key: string, data: StoryFile, before: StoryVariant, start: number): StoryInfo {
  return {
    key,
    name: data.name,
    description: data.description ?? '',
    sceneName: before.scene.name,
    speed: data.speed,
    start,
    duration: data.duration,
    tourSeconds: data.tourSeconds ?? 8,
    before: { title: data.before.title, caption: data.before.caption },
    ...(data.middle ? { middle: { title: data.middle.title, caption: data.middle.caption } } : {}),
    after: { title: data.after.title, caption: data.after.caption },
    captions: [...(data.captions ?? [])].sort((a, b) => a.at - b.at),
  };
}

/** Replaces station fields in the scene document (`null` deletes a field). */
function applyOverrides(
  doc: { stations?: Array<Record<string, unknown>> },
  overrides: Overrides | undefined,
  at: PropertyKey[],
  issues: IssueAt[],
): void {
  if (!overrides) return;
  const stations = Array.isArray(doc.stations) ? doc.stations : [];
  const ids = stations.map((s) => String(s['id']));
  for (const [id, fields] of Object.entries(overrides)) {
    const station = stations.find((s) => s['id'] === id);
    if (!station) {
      issues.push({ path: [...at, id], message: `no station "${id}" in the scene`, hint: didYouMean(id, ids) });
      continue;
    }
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'id' || k === 'type') {
        issues.push({ path: [...at, id, k], message: `cannot be overridden` });
        continue;
      }
      if (v === null) delete station[k];
      else station[k] = v;
    }
  }
}
