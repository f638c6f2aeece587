import { InvalidArgumentError, type Command } from 'commander';
import { experimentCommand, type ExperimentFlags } from './experiment.ts';
import { historyCommand, type HistoryFlags } from './history.ts';
import { integerOption, positiveIntegerOption, redisOption } from './options.ts';
import { workerCommand, type WorkerFlags } from './worker.ts';

/** Commander parser for a number flag (`--target 2400`, `--target -1.5`). */
function numberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}

/** Adds `twin experiment` and `twin history` to the program. */
export function registerExperimentCommands(program: Command, print: (text: string) => void): void {
  program
    .command('experiment <file>')
    .description('run a what-if experiment file: variants x sweep x replications, compared with the baseline')
    .option('--json', 'print one JSON object instead of tables')
    .option('--csv <file>', 'also write every KPI of every variant as CSV')
    .option('--workers <n>', 'worker threads (default: one per core; 0 runs in the main thread)', integerOption)
    .option('--redis <url>', 'put the jobs on the Redis queue at url for `twin worker`s on any machine (docs/scale.md)', redisOption)
    .option('--rank <kpi>', 'KPI to rank variants by, optionally :max or :min (default: throughputPerHour)')
    .option('--optimize <kpi>', 'search the sweep ranges for the smallest total of the swept factors reaching --target')
    .option('--target <x>', 'the value the --optimize KPI must reach', numberOption)
    .option('--resume <runId>', 'continue a stored, unfinished run (identical unfinished runs are resumed anyway)', positiveIntegerOption)
    .option('--new', 'start a new run even if an identical unfinished one is stored')
    .option('--db <file>', 'SQLite database (default: $TWIN_DATA_DIR/linetwin.db, else data/linetwin.db)')
    .option('--no-progress', 'no progress bar (there is none when stderr is not a terminal, or with --json)')
    .option(
      '--max-jobs <n>',
      'most jobs (variants x sweep points x replications) accepted (default: $TWIN_MAX_JOBS, else 20000)',
      positiveIntegerOption,
    )
    .action((file: string, flags: ExperimentFlags) => experimentCommand(file, flags, print));
  program
    .command('history [runId]')
    .description('list stored experiment runs, or show one again')
    .option('--json', 'print JSON instead of a table')
    .option('--csv <file>', "write the run's results as CSV")
    .option('--inputs', 'print the stored experiment and scene files of the run')
    .option('--limit <n>', 'runs to list, newest first', positiveIntegerOption, 50)
    .option('--db <file>', 'SQLite database (default: $TWIN_DATA_DIR/linetwin.db, else data/linetwin.db)')
    .action((id: string | undefined, flags: HistoryFlags) => historyCommand(id, flags, print));
  program
    .command('worker')
    .description('take experiment jobs from a Redis queue (twin experiment --redis) until stopped (docs/scale.md)')
    .requiredOption('--redis <url>', 'the Redis the experiments are queued on, e.g. redis://10.0.0.5:6379', redisOption)
    .option('--concurrency <n>', 'jobs at once, each on its own worker thread (default: one per core)', positiveIntegerOption)
    .action((flags: WorkerFlags) => workerCommand(flags, print));
}
