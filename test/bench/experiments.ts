/**
 * Experiment benchmark: wall time of 8 variants x 10 replications x 30 days of the balanced five-station line
 * (scenes/balanced-five.yaml) with 1 worker thread and with one per core, and the speed-up. Prints one JSON
 * object. `--days N` and `--replications N` shrink it for a quick check.
 *
 *   npx tsx test/bench/experiments.ts [--days 30] [--replications 10]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { prepareExperiment } from '../../server/experiments/design.ts';
import { runExperiment, type ExperimentResult } from '../../server/experiments/run.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const days = flag('days', 30);
const replications = flag('replications', 10);
const sceneFile = 'scenes/balanced-five.yaml';
// 8 variants: the buffer in the middle of the line from 1 to 8 places.
const text = `name: experiment benchmark
scene: balanced-five.yaml
horizon: ${days}d
replications: ${replications}
sweep:
  B2.capacity: [1, 2, 3, 4, 5, 6, 7, 8]
`;
const design = await prepareExperiment({ file: 'test/bench/experiments.ts', text, sceneFile, sceneText: readFileSync(sceneFile, 'utf8') });

async function timed(workers: number): Promise<{ result: ExperimentResult; wallSeconds: number }> {
  const started = performance.now();
  const result = await runExperiment(design, { workers });
  return { result, wallSeconds: (performance.now() - started) / 1000 };
}

const cores = availableParallelism();
const load = loadavg()[0]!;
const one = await timed(1);
const all = await timed(cores);
const strip = ({ runId: _r, jobs: _j, ...rest }: ExperimentResult): string => JSON.stringify(rest);

/** The first path where two JSON values differ, to say what changed if the results are not identical. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : path || '(root)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      path === '' ? key : `${path}.${key}`,
    );
    if (d !== undefined) return d;
  }
  return undefined;
}
const identical = strip(one.result) === strip(all.result);
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

process.stdout.write(
  JSON.stringify({
    benchmark: 'experiments',
    scene: sceneFile,
    variants: design.points.length,
    replications,
    horizonDays: days,
    jobs: one.result.jobs.total,
    cores,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverageAtStart: round(load, 2), // other processes on the machine make the speed-up smaller
    wallSeconds: { oneWorker: round(one.wallSeconds), allCores: round(all.wallSeconds) },
    speedup: round(one.wallSeconds / all.wallSeconds),
    efficiency: round(one.wallSeconds / all.wallSeconds / cores),
    identicalResults: identical,
    // Only a change of the engine's code between the two runs (someone editing it) should ever show here.
    ...(identical ? {} : { firstDifference: firstDifference(JSON.parse(strip(one.result)), JSON.parse(strip(all.result))) }),
  }) + '\n',
);
