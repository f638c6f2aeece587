import { loadScene } from '../scene/index.ts';
import { runReplication, settingsFor, type RunResult } from '../scene/run.ts';
import { aggregateReplications } from '../analysis/aggregate.ts';
import { formatRunTable } from '../report/table.ts';
import { InputError } from './inputError.ts';
import { SimulationError } from '../sim/index.ts';

/** Flags of `twin run`. */
export interface RunFlags {
  horizon?: number;
  warmup?: number;
  seed?: number;
  replications: number;
  json?: boolean;
  timing: boolean;
}

/** `twin run`: simulates a scene headless and prints its KPIs (table or JSON). */
export async function runCommand(file: string, flags: RunFlags, print: (text: string) => void): Promise<void> {
  const scene = await loadScene(file);
  const settings = settingsFor(scene, { horizon: flags.horizon, warmup: flags.warmup, seed: flags.seed });
  if (settings.warmup >= settings.horizon)
    throw new InputError(`--warmup (${settings.warmup} s) must be shorter than --horizon (${settings.horizon} s)`);
  const results: RunResult[] = [];
  try {
    for (let r = 0; r < flags.replications; r++) results.push(runReplication(scene, { ...settings, replication: r }));
  } catch (error) {
    // The engine refused to go on (a livelock or a time that is not finite): the scene's fault, so exit 2, no stack.
    if (error instanceof SimulationError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  const header = {
    scene: scene.name,
    file,
    seed: settings.seed,
    horizon: settings.horizon,
    warmup: settings.warmup,
    replications: flags.replications,
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
