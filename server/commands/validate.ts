import { checkFileSize, loadScene } from '../scene/index.ts';
import { validateTrainingFile } from '../training/validate.ts';
import { isMachineType } from '../sim/index.ts';

/** `twin validate`: checks a scene (or a training scenario or story) and says what it found. Errors are thrown as SceneError by the loaders. */
export async function validateCommand(file: string, print: (text: string) => void): Promise<void> {
  await checkFileSize(file); // before anything reads it whole (the training check looks for its `kind:`)
  const training = await validateTrainingFile(file);
  if (training !== null) return print(training);
  const scene = await loadScene(file);
  const machines = scene.line.stations.filter((s) => isMachineType(s.type)).length;
  print(
    `${file}: ok — "${scene.name}", ${scene.line.stations.length} stations (${machines} machines), ${scene.line.edges.length} connections`,
  );
}
