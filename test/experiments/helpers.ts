import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareExperiment, type ExperimentDesign } from '../../server/experiments/design.ts';
import type { ExperimentResult } from '../../server/experiments/run.ts';

/** Helpers for experiment tests: designs from inline text, temporary databases, comparable results. */

/** A design from experiment text against a scene file of the repository (or inline scene text). */
export function designOf(
  text: string,
  sceneFile = 'scenes/two-machine.yaml',
  sceneText = readFileSync(sceneFile, 'utf8'),
): Promise<ExperimentDesign> {
  return prepareExperiment({ file: 'test.yaml', text, sceneFile, sceneText });
}

/** A fresh folder for databases; call the returned function to remove it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'linetwin-exp-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The parts of a result that must not depend on how it was computed (workers, resumes, run ids). */
export function comparable(result: ExperimentResult): unknown {
  const { runId: _id, jobs: _jobs, ...rest } = result;
  return rest;
}

/** Single unreliable machine with a known availability: A = MTBF / (MTBF + MTTR) = 90 / (90 + 10) = 0.9. */
export const UNRELIABLE_MACHINE = `name: Unreliable machine
run: { horizon: 1h, warmup: 200s, seed: 1 }
stations:
  - { id: IN, type: source }
  - { id: M, type: machine, cycleTime: 1s, failures: { mtbf: 90s, mttr: 10s } }
  - { id: OUT, type: sink }
`;
