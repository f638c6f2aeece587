/**
 * Experiments on the Redis queue: the wall time of one experiment (8 variants of the balanced five-station line x
 * `--replications` x `--days`) run by 1 and by 2 `twin worker` processes (each `--concurrency 1`: one job at a
 * time), and the speed-up. Starts its own redis-server (Debian's) on a free port and the workers as child
 * processes; the workers are started and connected before the clock starts, so the times are those of the jobs
 * and the queue. Prints one JSON object; `benchWorkers()` returns it.
 *
 *   npm run bench:cluster:workers [-- --days 10 --replications 4]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { prepareExperiment } from '../../server/experiments/design.ts';
import { runExperiment, type ExperimentResult } from '../../server/experiments/run.ts';
import { createQueueExecutor } from '../../server/experiments/queueExecutor.ts';
import { startRedis } from '../helpers/redis.ts';
import { pollUntil, redisClient, spawnWorker, stopWorker, workersById, type WorkerProcess } from '../scale/queueHelpers.ts';

/** CPU seconds a process (all its threads) has used, from /proc (Linux; clock ticks of 1/100 s); 0 elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return 0;
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime (fields 14 and 15 of stat)
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

/** Runs the benchmark and returns its figures. */
export async function benchWorkers(options: { days?: number; replications?: number } = {}): Promise<Record<string, unknown>> {
  const days = options.days ?? 10;
  const replications = options.replications ?? 4;
  const sceneFile = 'scenes/balanced-five.yaml';
  const text = `name: queue benchmark
scene: balanced-five.yaml
horizon: ${days}d
replications: ${replications}
sweep:
  B2.capacity: [1, 2, 3, 4, 5, 6, 7, 8]
`;
  const design = await prepareExperiment({
    file: 'test/bench/clusterWorkers.ts',
    text,
    sceneFile,
    sceneText: readFileSync(sceneFile, 'utf8'),
  });
  const redis = await startRedis();
  const client = await redisClient(redis.url);
  const executor = await createQueueExecutor(redis.url);
  const workers: WorkerProcess[] = [];
  const load = loadavg()[0]!;
  try {
    /** The experiment's wall time with `count` worker processes connected. */
    const timed = async (
      count: number,
    ): Promise<{ result: ExperimentResult; wallSeconds: number; startSeconds: number; cpuSeconds: number }> => {
      const t0 = performance.now();
      while (workers.length < count) workers.push(await spawnWorker(redis.url, '--concurrency', '1'));
      await pollUntil(
        () => workersById(client),
        (m) => m.size === count,
        60_000,
      );
      const startSeconds = (performance.now() - t0) / 1000;
      const cpu = (): number => workers.reduce((sum, w) => sum + cpuSeconds(w.child.pid), 0);
      const cpu0 = cpu();
      const started = performance.now();
      const result = await runExperiment(design, { executor });
      return { result, wallSeconds: (performance.now() - started) / 1000, startSeconds, cpuSeconds: cpu() - cpu0 };
    };
    const one = await timed(1);
    const two = await timed(2);
    const jobsPerWorker = [...(await workersById(client)).values()].map((w) => w.jobsDone);
    const strip = ({ runId: _r, jobs: _j, ...rest }: ExperimentResult): string => JSON.stringify(rest);
    const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
    return {
      benchmark: 'cluster:workers',
      scene: sceneFile,
      variants: design.points.length,
      replications,
      horizonDays: days,
      jobs: one.result.jobs.total,
      cores: availableParallelism(),
      note: `this machine has ${availableParallelism()} cores: two worker processes of one job each can use both, a third would only share them`,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageAtStart: round(load, 2),
      wallSeconds: { oneWorker: round(one.wallSeconds), twoWorkers: round(two.wallSeconds) },
      workerStartSeconds: round(one.startSeconds),
      // CPU the worker processes got, over the wall time: 1 means one whole core, 2 both; less, the machine's other work took the rest
      coresUsed: { oneWorker: round(one.cpuSeconds / one.wallSeconds, 2), twoWorkers: round(two.cpuSeconds / two.wallSeconds, 2) },
      speedup: round(one.wallSeconds / two.wallSeconds),
      jobsDoneByEachWorker: jobsPerWorker,
      identicalResults: strip(one.result) === strip(two.result),
    };
  } finally {
    await Promise.all(workers.map(stopWorker));
    await executor.close();
    client.disconnect();
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchWorkers({ days: flag('days', 10), replications: flag('replications', 4) });
  process.stdout.write(JSON.stringify(figures) + '\n');
}
