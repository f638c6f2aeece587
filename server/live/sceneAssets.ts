import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

/**
 * The model files of the scenes folder (glTF, its buffers and textures) under one URL route, and nothing else of
 * that folder: scenario files hold a quiz's answers, so only these types are served, only from inside the folder
 * (no `..`, no symbolic link out of it).
 */

const TYPES: Readonly<Record<string, string>> = {
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ktx2': 'image/ktx2',
};

/** The file under `dir` that the rest of a route's URL path names, or null when it may not be served. */
export function sceneAssetFile(dir: string, path: string): string | null {
  let parts: string[];
  try {
    parts = path.split('?')[0]!.split('/').map(decodeURIComponent);
  } catch {
    return null; // a malformed %-escape
  }
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\0]/.test(p))) return null;
  if (!Object.hasOwn(TYPES, extname(parts.at(-1)!).toLowerCase())) return null;
  try {
    const root = realpathSync(dir);
    const real = realpathSync(resolve(root, ...parts));
    return real.startsWith(root + sep) && statSync(real).isFile() ? real : null;
  } catch {
    return null; // no such file
  }
}

/** Answers a GET for `path` (the URL after the route) with the file, or 404. */
export function serveSceneAsset(dir: string, path: string, req: IncomingMessage, res: ServerResponse): void {
  const file = req.method === 'GET' || req.method === 'HEAD' ? sceneAssetFile(dir, path) : null;
  if (!file) {
    res.statusCode = 404;
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()]!, 'content-length': statSync(file).size });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
