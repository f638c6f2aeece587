import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { SceneError } from './errors.ts';
import { parseScene } from './parse.ts';
import { LIMITS } from './limits.ts';
import { mib } from './shape.ts';
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
    await checkFileSize(path);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof SceneError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new SceneError([{ file: path, path: '', message: `cannot read the file: ${reason}` }]);
  }
  return parseScene(text, path);
}

/**
 * Refuses a file larger than LIMITS.fileBytes before it is read into memory (a SceneError against `reportFile`, at
 * `at`); a file that cannot be read is left to the read that follows, which says why.
 */
export async function checkFileSize(path: string, reportFile = path, at = ''): Promise<void> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= LIMITS.fileBytes) return;
  const what = at === '' ? '' : `the scene "${path}": `;
  const message = `${what}the file is too large (${size.toLocaleString('en-US')} bytes; at most ${mib(LIMITS.fileBytes)})`;
  throw new SceneError([{ file: reportFile, path: at, message }]);
}
