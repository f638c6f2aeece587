/**
 * Times quick estimates of every bundled line the way the server runs them (the estimate pool and service of
 * server/editor), on fresh workers and then warm ones: `npx tsx test/editor/serverEstimateBench.ts [workers]`.
 * Prints one line per estimate and the machine's load; docs/editor-server.md quotes it.
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
const h = (s: number): string => `${(s / 3600).toFixed(1)} h`;

console.log(
  `${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${workers} workers, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
);
for (const [round, keys] of [
  ['cold', ['two-machine']],
  ['warm', KEYS],
] as const) {
  for (const key of keys) {
    const { scene, document, file } = readEditedScene(readFileSync(`scenes/${key}.yaml`, 'utf8'), `${key}.yaml`);
    const started = performance.now();
    const e = await lane.estimate(document, file, scene.run);
    const wall = (performance.now() - started) / 1000;
    const tp = `${e.throughputPerHour.mean.toFixed(1)} ± ${e.throughputPerHour.halfWidth.toFixed(1)}/h`;
    console.log(
      `${round} ${key.padEnd(17)} ${wall.toFixed(2)} s  horizon ${h(e.horizonSeconds)} of ${h(scene.run.horizon)} (warm-up ${h(e.warmupSeconds)})  ${tp}  OEE ${e.oee.mean.toFixed(3)} ± ${e.oee.halfWidth.toFixed(3)}  bottleneck ${e.bottleneck?.station ?? '-'}`,
    );
  }
}
console.log(`load ${loadavg()[0]!.toFixed(1)}`);
await pool.close();
