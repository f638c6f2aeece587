import { readFile, writeFile } from 'node:fs/promises';
import { loadScene } from '../scene/index.ts';
import { checkPlantLog } from '../plantlog/check.ts';
import { PlantLogError, readPlantLog, type PlantLog } from '../plantlog/read.ts';
import { calibrate } from '../calibrate/calibrate.ts';
import { calibratedSceneText } from '../calibrate/writeScene.ts';
import { formatCalibration } from '../calibrate/report.ts';
import { InputError } from './inputError.ts';

/** Flags of `twin calibrate`. */
export interface CalibrateFlags {
  scene: string;
  out?: string;
  json?: boolean;
}

/** A log problem is the user's: exit 2 with the file:line messages. */
async function readChecked(file: string, check: (log: PlantLog) => void): Promise<PlantLog> {
  try {
    const log = await readPlantLog(file);
    check(log);
    return log;
  } catch (error) {
    if (error instanceof PlantLogError) throw new InputError(error.message);
    throw error;
  }
}

/** `twin calibrate`: fits a scene's machine parameters to a plant event log, prints them, and writes the calibrated scene. */
export async function calibrateCommand(file: string, flags: CalibrateFlags, print: (text: string) => void): Promise<void> {
  const scene = await loadScene(flags.scene);
  const log = await readChecked(file, (l) => checkPlantLog(l, scene.line, file));
  const stations = calibrate(log, scene.line);
  if (stations.length === 0) throw new InputError(`${file}: no machine events (state, part, fault, repair) to calibrate from`);
  if (flags.out !== undefined) {
    const text = calibratedSceneText(await readFile(flags.scene, 'utf8'), stations);
    try {
      await writeFile(flags.out, text);
    } catch (error) {
      throw new InputError(`--out ${flags.out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    await loadScene(flags.out); // what we write must load: a SceneError here would be our bug, shown with the file
  }
  const header = { log: file, scene: flags.scene, out: flags.out };
  print(flags.json ? JSON.stringify({ ...header, stations }) : formatCalibration(header, stations));
}
