import { loadScene } from '../scene/index.ts';

/** `twin validate`: checks a scene and says what it found. Errors are thrown as SceneError by the loader. */
export async function validateCommand(file: string, print: (text: string) => void): Promise<void> {
  const scene = await loadScene(file);
  const machines = scene.line.stations.filter((s) => s.type === 'machine' || s.type === 'assembly').length;
  print(`${file}: ok — "${scene.name}", ${scene.line.stations.length} stations (${machines} machines), ${scene.line.edges.length} connections`);
}
