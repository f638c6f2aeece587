import { existsSync, writeFileSync } from 'node:fs';
import type { ExperimentResult } from '../experiments/run.ts';
import { experimentCsv } from '../experiments/csv.ts';
import { formatExperimentReport } from '../report/experiment.ts';
import { textTable } from '../report/table.ts';
import { defaultDbPath } from '../storage/db.ts';
import { createRunsRepository, type StoredRun } from '../storage/runs.ts';
import { InputError } from './inputError.ts';
import { openHistory } from './historyDb.ts';

/** Flags of `twin history`. */
export interface HistoryFlags {
  json?: boolean;
  csv?: string;
  inputs?: boolean;
  limit: number;
  db?: string;
}

/** `twin history [id]`: lists stored experiment runs, or shows one again (table, JSON, CSV or its input files). */
export function historyCommand(id: string | undefined, flags: HistoryFlags, print: (text: string) => void): void {
  const dbPath = flags.db ?? defaultDbPath();
  if (!existsSync(dbPath)) {
    if (id !== undefined) throw new InputError(`no run ${id}: ${dbPath} does not exist yet`);
    print(flags.json ? '[]' : `no runs stored yet (${dbPath} does not exist)`);
    return;
  }
  const db = openHistory(dbPath);
  try {
    const runs = createRunsRepository(db);
    if (id === undefined) {
      const list = runs.list(flags.limit);
      print(flags.json ? JSON.stringify(list.map(listing)) : formatList(list, dbPath));
      return;
    }
    if (!/^\d+$/.test(id)) throw new InputError(`expected a run id (a whole number), got "${id}"`);
    const run = runs.get(Number(id));
    if (!run) throw new InputError(`no run ${id} in ${dbPath}`);
    if (flags.inputs) {
      print(`# ${run.experimentFile}\n${run.experimentText.trimEnd()}\n\n# ${run.sceneFile}\n${run.sceneText.trimEnd()}`);
      return;
    }
    const summary = run.summary as ExperimentResult | undefined;
    if (flags.csv !== undefined) {
      if (!summary) throw new InputError(`run ${id} has no results to export: it is ${run.status}`);
      writeFileSync(flags.csv, experimentCsv(summary));
    }
    if (flags.json) {
      print(JSON.stringify(summary ?? listing(run)));
      return;
    }
    const about =
      `run ${run.id}: ${run.status}, started ${run.createdAt}, last change ${run.updatedAt}, LineTwin ${run.version}, ` +
      `${run.jobsStored}/${run.jobsPlanned} jobs stored in ${run.attempts} attempt${run.attempts === 1 ? '' : 's'}`;
    if (summary) {
      print(formatExperimentReport(summary, [about]));
      return;
    }
    const next =
      run.status === 'failed'
        ? `failed: ${run.error ?? 'unknown error'}; `
        : run.status === 'running'
          ? `running in process ${run.pid}${run.host ? ` on ${run.host}` : ''}; if that process is gone, `
          : '';
    print(`${run.name}  (${run.experimentFile})\n${about}\n${next}resume with: twin experiment ${run.experimentFile} --resume ${run.id}`);
  } finally {
    db.close();
  }
}

/** A run as listed: everything but the texts and results. */
function listing(run: StoredRun): Record<string, unknown> {
  const { experimentText: _e, sceneText: _s, summary: _r, ...rest } = run;
  return rest;
}

function formatList(list: readonly StoredRun[], dbPath: string): string {
  if (list.length === 0) return `no runs stored yet in ${dbPath}`;
  const rows = [
    ['id', 'started (UTC)', 'status', 'jobs', 'version', 'name', 'file'],
    ...list.map((r) => [
      String(r.id),
      r.createdAt.slice(0, 16).replace('T', ' '),
      r.status,
      `${r.jobsStored}/${r.jobsPlanned}`,
      r.version,
      r.name,
      r.experimentFile,
    ]),
  ];
  // textTable right-aligns all but the first column: pad the text columns so they read left-aligned.
  for (const col of [1, 2, 5, 6]) {
    const width = Math.max(...rows.map((row) => row[col]!.length));
    for (const row of rows) row[col] = row[col]!.padEnd(width);
  }
  return textTable(rows);
}
