import { loadScene } from '../scene/index.ts';
import { runReplication, settingsFor, type RunResult } from '../scene/run.ts';
import { aggregateReplications } from '../analysis/aggregate.ts';
import { formatRunTable } from '../report/table.ts';
import { InputError } from './inputError.ts';
import { checkLineState, SimulationError } from '../sim/index.ts';
import { loadLineState } from '../scene/lineStateSchema.ts';
import { createPlantLogFile, type PlantLogFile } from '../plantlog/file.ts';
import { plantLogObserver } from '../plantlog/record.ts';

/** Flags of `twin run`. */
export interface RunFlags {
  horizon?: number;
  warmup?: number;
  seed?: number;
  replications: number;
  json?: boolean;
  timing: boolean;
  /** --event-log: write the run's plant event log (JSON lines, or CSV for a .csv name). */
  eventLog?: string;
  /** --initial: a LineState file (JSON) the run opens in, a fork of a mirrored or running line (docs/plant.md). */
  initial?: string;
}

/** The event log file, or an InputError saying why it cannot be written. */
function openLog(path: string): PlantLogFile {
  try {
    return createPlantLogFile(path);
  } catch (error) {
    throw new InputError(`--event-log ${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** `twin run`: simulates a scene headless and prints its KPIs (table or JSON). */
export async function runCommand(file: string, flags: RunFlags, print: (text: string) => void): Promise<void> {
  const scene = await loadScene(file);
  const initial = flags.initial === undefined ? undefined : await loadLineState(flags.initial, (s) => checkLineState(scene.line, s));
  // a fork opens at a real state: no warm-up unless asked for (then counted, like the horizon, from the state's time)
  const warmup = flags.warmup ?? (initial ? 0 : undefined);
  const settings = settingsFor(scene, { horizon: flags.horizon, warmup, seed: flags.seed });
  if (settings.warmup >= settings.horizon)
    throw new InputError(`--warmup (${settings.warmup} s) must be shorter than --horizon (${settings.horizon} s)`);
  if (flags.eventLog !== undefined && flags.replications > 1)
    throw new InputError('--event-log writes the log of one run: leave out --replications');
  const results: RunResult[] = [];
  const log = flags.eventLog === undefined ? null : openLog(flags.eventLog);
  try {
    for (let r = 0; r < flags.replications; r++)
      results.push(
        runReplication(scene, { ...settings, replication: r }, log ? plantLogObserver(scene.line, log.emit, initial) : undefined, initial),
      );
  } catch (error) {
    // The engine refused to go on (a livelock or a time that is not finite): the scene's fault, so exit 2, no stack.
    if (error instanceof SimulationError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  } finally {
    log?.close();
  }
  const header = {
    scene: scene.name,
    file,
    seed: settings.seed,
    horizon: settings.horizon,
    warmup: settings.warmup,
    replications: flags.replications,
    ...(initial && flags.initial !== undefined ? { initial: { file: flags.initial, t: initial.t } } : {}),
  };
  const strip = (r: RunResult): Omit<RunResult, 'engine'> & { engine?: RunResult['engine'] } => {
    if (flags.timing) return r;
    const { engine, ...rest } = r;
    return { ...rest, engine: { ...engine, wallSeconds: 0 } };
  };
  if (results.length === 1) {
    const only = strip(results[0]!);
    print(flags.json ? JSON.stringify({ ...header, ...only }) : formatRunTable(header, only, undefined));
    return;
  }
  const { mean, ci95 } = aggregateReplications(results.map(strip));
  print(flags.json ? JSON.stringify({ ...header, ...mean, ci95 }) : formatRunTable(header, mean, ci95));
}
