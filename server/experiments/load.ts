import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { checkFileSize, SceneError, SCENE_EXTENSIONS } from '../scene/index.ts';
import { parseExperimentText, prepareExperiment, type ExperimentDesign, type ExperimentSource, type PlanOptions } from './design.ts';

/** Read an experiment file and its scene (`scene:` is relative to the experiment file) and prepare the design. */
export async function loadExperiment(file: string, options: PlanOptions = {}): Promise<ExperimentDesign> {
  return prepareExperiment(await readExperimentSource(file), options);
}

/** The texts of an experiment file and of the scene it names; a missing file is a SceneError. */
export async function readExperimentSource(file: string): Promise<ExperimentSource> {
  const text = await readText(file, file, '');
  const { spec } = parseExperimentText(text, file);
  const sceneFile = isAbsolute(spec.scene) ? spec.scene : join(dirname(file), spec.scene);
  const sceneText = await readText(sceneFile, file, 'scene');
  return { file, text, sceneFile, sceneText };
}

/** A file's text; problems are reported against `reportFile` at `path` (the experiment's `scene` key for scenes). */
async function readText(path: string, reportFile: string, at: string): Promise<string> {
  const ext = extname(path).toLowerCase();
  const what = at === '' ? '' : `the scene "${path}": `;
  if (!SCENE_EXTENSIONS.includes(ext)) {
    throw new SceneError([
      { file: reportFile, path: at, message: `${what}unsupported file type "${ext || '(none)'}": use .yaml, .yml or .json` },
    ]);
  }
  await checkFileSize(path, reportFile, at);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new SceneError([{ file: reportFile, path: at, message: `${what}cannot read the file: ${reason}` }]);
  }
}
