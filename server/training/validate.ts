import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { formatDuration } from '../scene/index.ts';
import { runScenarioHeadless } from './headless.ts';
import { loadScenario } from './load.ts';
import { loadStory } from './story.ts';

/**
 * `twin validate` for training files: a file in a `scenarios` or `stories` folder, or one whose top-level
 * `kind:` says `scenario` or `story`, is checked (with its scene) and run headless to its end; any other
 * file is left to the scene validator. Problems are thrown as SceneError, like the scene loader's.
 */

/** What kind of file `file` is. */
async function trainingKindOf(file: string): Promise<'scenario' | 'story' | null> {
  const folder = basename(dirname(file));
  if (folder === 'scenarios') return 'scenario';
  if (folder === 'stories') return 'story';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  } // the scene loader reports it
  const kind = /^kind:\s*["']?(scenario|story)["']?\s*(#.*)?$/m.exec(text)?.[1];
  return kind === 'scenario' || kind === 'story' ? kind : null;
}

/** The validation line for a scenario or story file, or null when it is a scene. */
export async function validateTrainingFile(file: string): Promise<string | null> {
  const kind = await trainingKindOf(file);
  if (kind === 'story') {
    const story = await loadStory(file);
    const titles = [story.info.before, story.info.middle, story.info.after].flatMap((v) => (v ? [`"${v.title}"`] : []));
    return `${file}: ok — story "${story.info.name}" on "${story.info.sceneName}": ${titles.join(' vs ')}`;
  }
  if (kind !== 'scenario') return null;
  const scenario = await loadScenario(file);
  const begin = performance.now();
  const run = runScenarioHeadless(scenario);
  const tasks = run.report.state.tasks.length;
  const seconds = ((performance.now() - begin) / 1000).toFixed(1);
  const n = run.session.interventions.length;
  return (
    `${file}: ok — scenario "${scenario.name}" on "${scenario.scene.name}", ${scenario.steps.length} steps, ${tasks} tasks; ` +
    `ran headless to its end at ${formatDuration(run.session.sim.now)} in ${seconds} s (${n} intervention${n === 1 ? '' : 's'})`
  );
}
