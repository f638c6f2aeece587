import { writeFileSync } from 'node:fs';
import { loadExperiment } from '../experiments/load.ts';
import { ExperimentError, ExperimentInterrupted } from '../experiments/errors.ts';
import { runExperiment, type ExperimentResult } from '../experiments/run.ts';
import { experimentCsv } from '../experiments/csv.ts';
import { formatExperimentReport } from '../report/experiment.ts';
import { defaultDbPath } from '../storage/db.ts';
import { createRunsRepository } from '../storage/runs.ts';
import { InputError } from './inputError.ts';
import { maxExperimentJobs } from './limits.ts';
import { createProgressReporter } from './progress.ts';
import { openHistory } from './historyDb.ts';
import { RedisUnavailableError, redactRedisUrl } from '../storage/redis.ts';
import type { QueueExecutor } from '../experiments/queueExecutor.ts';

/** Flags of `twin experiment`. */
export interface ExperimentFlags {
  json?: boolean;
  csv?: string;
  workers?: number;
  rank?: string;
  optimize?: string;
  target?: number;
  resume?: number;
  new?: boolean;
  db?: string;
  progress: boolean;
  maxJobs?: number;
  /** --redis URL: run the jobs on the queue's `twin worker`s instead of local threads. */
  redis?: string;
}

/** Exit code of a run stopped by Ctrl-C or kill: 128 + SIGINT, as shells expect. */
const INTERRUPTED_EXIT = 130;

/**
 * `twin experiment`: runs (or resumes) an experiment file, stores it, and prints the comparison. Ctrl-C or
 * SIGTERM stops it cleanly: finished jobs stay stored and the exit code is 130.
 */
export async function experimentCommand(file: string, flags: ExperimentFlags, print: (text: string) => void): Promise<void> {
  if (flags.target !== undefined && flags.optimize === undefined) throw new InputError('--target goes with --optimize KPI');
  if (flags.optimize !== undefined && flags.target === undefined)
    throw new InputError('--optimize needs --target X (the value the KPI must reach)');
  if (flags.resume !== undefined && flags.new) throw new InputError('--resume and --new exclude each other');
  if (flags.redis !== undefined && flags.workers !== undefined)
    throw new InputError('--workers and --redis exclude each other: with --redis the jobs run on `twin worker`s');
  const design = await loadExperiment(file, { maxJobs: maxExperimentJobs(flags.maxJobs) });
  const info = (text: string): void => {
    if (!flags.json) process.stderr.write(`${text}\n`);
  };
  // the queue (bullmq, ioredis) is loaded only with --redis; an unreachable Redis is refused before the database opens
  const executor = flags.redis === undefined ? undefined : await queueExecutor(flags.redis, info);
  const dbPath = flags.db ?? defaultDbPath();
  const db = openHistory(dbPath);
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT); // a second Ctrl-C: stop at once
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = createProgressReporter(flags.progress && !flags.json);
  let announced = false;
  let result: ExperimentResult;
  try {
    result = await runExperiment(design, {
      ...(flags.workers === undefined ? {} : { workers: flags.workers }),
      ...(executor === undefined ? {} : { executor }),
      ...(flags.rank === undefined ? {} : { rank: flags.rank }),
      ...(flags.optimize === undefined ? {} : { optimize: { kpi: flags.optimize, target: flags.target! } }),
      store: createRunsRepository(db),
      resume: flags.resume ?? (flags.new ? 'new' : 'auto'),
      signal: controller.signal,
      onProgress(p) {
        if (!announced) {
          announced = true;
          if (p.resumed) info(`resuming run ${p.runId}: ${p.reused} of ${p.total} jobs already stored`);
        }
        bar.update(p);
      },
    });
  } catch (error) {
    bar.stop();
    if (error instanceof ExperimentInterrupted) {
      db.close();
      const how = error.runId === undefined ? '' : `; resume with: twin experiment ${file} --resume ${error.runId}`;
      process.stderr.write(`interrupted: ${error.kept} of ${error.total} jobs kept${how}\n`);
      process.exit(INTERRUPTED_EXIT);
    }
    db.close();
    if (error instanceof ExperimentError) throw new InputError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await executor?.close();
  }
  bar.stop();
  db.close();
  if (flags.csv !== undefined) writeFileSync(flags.csv, experimentCsv(result));
  if (flags.json) {
    print(JSON.stringify(result));
    return;
  }
  const { total, computed, reused } = result.jobs;
  print(
    formatExperimentReport(result, [
      `run ${result.runId}: ${total} jobs (${computed} computed, ${reused} reused), stored in ${dbPath}; \`twin history ${result.runId}\` shows it again` +
        (flags.csv === undefined ? '' : `; CSV in ${flags.csv}`),
    ]),
  );
}

/** The queue executor for `--redis`, after saying which workers it sees. */
async function queueExecutor(url: string, info: (text: string) => void): Promise<QueueExecutor> {
  const { createQueueExecutor } = await import('../experiments/queueExecutor.ts');
  let executor: QueueExecutor;
  try {
    executor = await createQueueExecutor(url, (text) => process.stderr.write(`warning: ${text}\n`));
  } catch (error) {
    if (error instanceof RedisUnavailableError) throw new InputError(error.message);
    throw error;
  }
  const workers = await executor.workers();
  const where = redactRedisUrl(url);
  if (workers.length === 0)
    info(`no twin worker is connected to ${where} yet: the jobs wait in the queue until one starts (twin worker --redis ${where})`);
  else
    info(
      `${workers.length} worker${workers.length === 1 ? '' : 's'} connected to ${where} ` +
        `(${workers.reduce((n, w) => n + w.concurrency, 0)} jobs at a time)`,
    );
  return executor;
}
