import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SceneError } from './errors.ts';
import { parseScene } from './parse.ts';
import type { Scene } from './types.ts';

/** File extensions a scene may have. */
export const SCENE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** Read and parse a scene file (.yaml, .yml or .json); every problem, including a missing file, is a SceneError. */
export async function loadScene(path: string): Promise<Scene> {
  const ext = extname(path).toLowerCase();
  if (!SCENE_EXTENSIONS.includes(ext)) {
    throw new SceneError([{ file: path, path: '', message: `unsupported file type "${ext || '(none)'}": use .yaml, .yml or .json` }]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new SceneError([{ file: path, path: '', message: `cannot read the file: ${reason}` }]);
  }
  return parseScene(text, path);
}
