/**
 * Times quick estimates of every bundled line the way the server runs them (the estimate pool and service of
 * server/editor), on fresh workers and then warm ones: `npm run bench:editor -- [workers]`.
 * Prints JSON: the machine, its load before and after, and per estimate its wall time, horizon and figures;
 * docs/editor-server.md quotes it.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createEstimateService } from '../../server/editor/estimate.ts';
import { createEstimatePool } from '../../server/editor/estimatePool.ts';
import { readEditedScene } from '../../server/editor/sceneText.ts';

const KEYS = ['two-machine', 'balanced-five', 'bottling', 'packaging-vision', 'smt-line', 'automotive-body', 'cnc-cell'];
const workers = Number(process.argv[2] ?? Math.min(5, availableParallelism()));
const pool = createEstimatePool(workers);
const lane = createEstimateService(pool).lane();

const loadBefore = loadavg()[0]!;
const estimates: object[] = [];
for (const [round, keys] of [
  ['cold', ['two-machine']],
  ['warm', KEYS],
] as const) {
  for (const key of keys) {
    const { scene, document, file } = readEditedScene(readFileSync(`scenes/${key}.yaml`, 'utf8'), `${key}.yaml`);
    const started = performance.now();
    const e = await lane.estimate(document, file, scene.run);
    const wallSeconds = +((performance.now() - started) / 1000).toFixed(3);
    estimates.push({
      round,
      scene: key,
      wallSeconds,
      horizonHours: +(e.horizonSeconds / 3600).toFixed(2),
      sceneHorizonHours: +(scene.run.horizon / 3600).toFixed(2),
      throughputPerHour: e.throughputPerHour,
      oee: e.oee,
      bottleneck: e.bottleneck?.station ?? null,
    });
  }
}
await pool.close();
const machine = { cpu: cpus()[0]?.model ?? 'cpu', cores: availableParallelism(), node: process.version };
console.log(JSON.stringify({ machine, workers, loadBefore, loadAfter: loadavg()[0]!, estimates }, null, 2));
