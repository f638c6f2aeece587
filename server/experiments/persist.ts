import { createHash } from 'node:crypto';
import type { RunsRepository, StoredJob, StoredRun } from '../storage/runs.ts';
import { ownerState } from '../storage/owner.ts';
import type { ExperimentDesign } from './design.ts';
import { ExperimentError } from './errors.ts';
import type { KpiReport } from './job.ts';
import { LINETWIN_VERSION } from './version.ts';

/**
 * How an experiment run is kept: which stored run it continues (a resume) or starts, and the jobs that run
 * already has. Results depend only on the experiment text, the scene text, the version and the random-stream
 * mode, so a stored job of a run with the same fingerprint is exactly what recomputing it would give.
 */

/** Random streams: `common` (replication k of every point shares streams) or `independent` (to measure what CRN saves). */
export type StreamMode = 'common' | 'independent';

/** Which stored run to continue: a run id, `auto` (an identical unfinished run, if any) or `new`. */
export type ResumeChoice = number | 'auto' | 'new';

/** The run an experiment writes to, and what it already holds. */
export interface RunBinding {
  runId: number;
  attempt: number;
  resumed: boolean;
  /** Stored results by job key. */
  stored: Map<string, KpiReport>;
}

/** Everything that decides the results, hashed. */
function fingerprintOf(design: ExperimentDesign, streams: StreamMode): string {
  const { text, sceneText } = design.source;
  return createHash('sha256')
    .update(JSON.stringify({ text, sceneText, version: LINETWIN_VERSION, streams }))
    .digest('hex');
}

/** Open the stored run to write to: continue one (explicitly or an identical unfinished one) or create a new one. */
export function bindRun(
  store: RunsRepository,
  design: ExperimentDesign,
  choice: ResumeChoice,
  streams: StreamMode,
  options: Record<string, unknown>,
  jobsPlanned: number,
): RunBinding {
  const fingerprint = fingerprintOf(design, streams);
  let previous: StoredRun | undefined;
  if (typeof choice === 'number') {
    previous = store.get(choice);
    if (!previous) throw new ExperimentError(`--resume ${choice}: there is no run ${choice}`);
    checkResumable(previous, design, fingerprint);
  } else if (choice === 'auto') {
    previous = store.findUnfinished(fingerprint).find((r) => r.status !== 'running' || ownerState(r) === 'gone');
  }
  if (previous) {
    const attempt = store.claim(previous.id, process.pid);
    return { runId: previous.id, attempt, resumed: true, stored: storedResults(store.jobs(previous.id)) };
  }
  const { file, text, sceneFile, sceneText } = design.source;
  const runId = store.create({
    name: design.spec.name,
    experimentFile: file,
    experimentText: text,
    sceneFile,
    sceneText,
    seed: design.settings.seed,
    version: LINETWIN_VERSION,
    fingerprint,
    options,
    jobsPlanned,
    pid: process.pid,
  });
  return { runId, attempt: 1, resumed: false, stored: new Map() };
}

function checkResumable(run: StoredRun, design: ExperimentDesign, fingerprint: string): void {
  const id = run.id;
  if (run.status === 'done') throw new ExperimentError(`--resume ${id}: run ${id} is complete; \`twin history ${id}\` shows it`);
  if (run.status === 'running' && run.pid !== process.pid && ownerState(run) !== 'gone') {
    throw new ExperimentError(`--resume ${id}: run ${id} is still running in process ${run.pid}`);
  }
  if (run.fingerprint === fingerprint) return;
  const changed = [
    run.experimentText !== design.source.text ? `the experiment file (${design.source.file})` : '',
    run.sceneText !== design.source.sceneText ? `the scene file (${design.source.sceneFile})` : '',
    run.version !== LINETWIN_VERSION ? `the LineTwin version (${run.version} then, ${LINETWIN_VERSION} now)` : '',
  ].filter((s) => s !== '');
  const what = changed.length > 0 ? changed.join(' and ') : 'the random-stream mode';
  throw new ExperimentError(`--resume ${id}: run ${id} was made with different inputs (${what} changed); its stored jobs would not match`);
}

function storedResults(jobs: readonly StoredJob[]): Map<string, KpiReport> {
  return new Map(jobs.map((j) => [j.key, j.result as KpiReport]));
}
