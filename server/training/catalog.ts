import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SCENE_EXTENSIONS } from '../scene/index.ts';
import { loadScenario } from './load.ts';
import { loadStory, type Story } from './story.ts';
import type { Scenario } from './types.ts';

/** The scenarios (`<scenes>/scenarios/`) and stories (`<scenes>/stories/`) a server offers, by key. */
export interface TrainingCatalog {
  scenarios: Map<string, Scenario>;
  stories: Map<string, Story>;
}

/** Loads every valid scenario and story; invalid files are reported through `warn` and left out. */
export async function loadTrainingCatalog(scenesDir: string, warn: (text: string) => void): Promise<TrainingCatalog> {
  const scenarios = new Map<string, Scenario>();
  for (const file of await filesIn(join(scenesDir, 'scenarios'))) {
    try {
      const s = await loadScenario(file);
      scenarios.set(s.key, s);
    } catch (e) {
      warn((e as Error).message);
    }
  }
  const stories = new Map<string, Story>();
  for (const file of await filesIn(join(scenesDir, 'stories'))) {
    try {
      const s = await loadStory(file);
      stories.set(s.key, s);
    } catch (e) {
      warn((e as Error).message);
    }
  }
  return { scenarios, stories };
}

async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .sort()
      .filter((n) => SCENE_EXTENSIONS.includes(extname(n)))
      .map((n) => join(dir, n));
  } catch {
    return []; // no such folder: nothing offered
  }
}
