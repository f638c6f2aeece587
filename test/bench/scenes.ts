/**
 * `npm run bench:scenes`: how long `twin validate` takes on scenes at the limits (server/scene/limits.ts). Prints ONE
 * JSON object: for each scene its size, the time loadScene took in a fresh process (cold, as the CLI runs it) and
 * the wall time of the whole `twin validate` process (Node and tsx start-up included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LIMITS, loadScene } from '../../server/scene/index.ts';
import { branchedScene, serialScene, sizedScene } from './sceneFiles.ts';

if (process.argv[2] === '--child') {
  const started = performance.now();
  await loadScene(process.argv[3]!);
  process.stdout.write(String(performance.now() - started));
} else {
  const dir = mkdtempSync(join(os.tmpdir(), 'twin-bench-scenes-'));
  const scenes: Record<string, string> = {
    'serial-max-stations.yaml': serialScene(),
    'serial-max-stations.json': serialScene(LIMITS.stations, true),
    'branched-max-stations-max-units.yaml': branchedScene(),
    'max-file-size.yaml': sizedScene(LIMITS.fileBytes),
  };
  const results: Record<string, { bytes: number; loadMs: number; validateWallMs: number; exitCode: number | null }> = {};
  try {
    for (const [name, text] of Object.entries(scenes)) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const child = spawnSync(process.execPath, [...process.execArgv, resolve('test/bench/scenes.ts'), '--child', file], {
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      const started = performance.now();
      const cli = spawnSync(process.execPath, [resolve('server/twin.js'), 'validate', file], { encoding: 'utf8' });
      results[name] = {
        bytes: Buffer.byteLength(text),
        loadMs: Math.round(Number(child.stdout)),
        validateWallMs: Math.round(performance.now() - started),
        exitCode: cli.status,
      };
      process.stderr.write(`[scenes] ${name}: ${JSON.stringify(results[name])}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? '?',
    node: process.version,
    loadavg: os.loadavg().map((l) => +l.toFixed(2)),
  };
  process.stdout.write(JSON.stringify({ limits: LIMITS, machine, scenes: results }, null, 2) + '\n');
}
