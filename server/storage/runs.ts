import type { Db } from './db.ts';
import { decodeJson, encodeJson } from './json.ts';
import { currentOwner, ownerState } from './owner.ts';

/**
 * Stored experiment runs: their inputs (experiment and scene text, seed, version), one row per finished job,
 * and the final results. Every job is its own committed write, so a run that is killed keeps what it finished.
 * A run records the process that runs it (pid, host, process start); a run left `running` by a process that is
 * gone (killed with SIGKILL, out of memory, a power cut) is marked `interrupted` when the database is next
 * opened by any command or server (`createRunsRepository`), so it can be resumed.
 */

/** Lifecycle of a run: `running` until it ends as `done`, `failed` or (stopped from outside) `interrupted`. */
export type RunStatus = 'running' | 'interrupted' | 'failed' | 'done';

/** What is stored when a run starts. */
export interface NewRun {
  name: string;
  experimentFile: string;
  experimentText: string;
  sceneFile: string;
  sceneText: string;
  seed: number;
  version: string;
  /** Hash of everything that decides the results; identical unfinished runs can be resumed. */
  fingerprint: string;
  /** Analysis options (ranking, optimizing, streams), for showing the run again. */
  options: Record<string, unknown>;
  jobsPlanned: number;
  pid: number;
}

/** One stored run, with the number of jobs stored so far. */
export interface StoredRun extends NewRun {
  id: number;
  /** Host of the process that runs (or last ran) it; '' for runs stored before hosts were recorded. */
  host: string;
  /** Start of that process (see `ProcessOwner.started`); '' when unknown. */
  started: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  attempts: number;
  jobsStored: number;
  error?: string | undefined;
  /** The experiment's results (plain JSON), once done. */
  summary?: unknown;
}

/** One finished job. */
export interface StoredJob {
  key: string;
  /** Design point name, for people reading the table. */
  point: string;
  replication: number;
  /** The attempt (1 = first start, 2 = first resume...) that computed it. */
  attempt: number;
  events: number;
  wallSeconds: number;
  result: unknown;
}

/** Access to stored runs. */
export interface RunsRepository {
  create(run: NewRun): number;
  get(id: number): StoredRun | undefined;
  /** Newest first, without the texts and results. */
  list(limit?: number): StoredRun[];
  /** Unfinished runs with this fingerprint, newest first. */
  findUnfinished(fingerprint: string): StoredRun[];
  /** Marks a run as running again in process `pid`; returns the new attempt number. */
  claim(id: number, pid: number): number;
  saveJob(runId: number, job: StoredJob): void;
  jobs(runId: number): StoredJob[];
  setPlanned(runId: number, jobs: number): void;
  finish(runId: number, summary: unknown): void;
  interrupt(runId: number): void;
  fail(runId: number, message: string): void;
}

interface RunRow {
  id: number;
  created_at: string;
  updated_at: string;
  status: RunStatus;
  name: string;
  experiment_file: string;
  experiment_text: string;
  scene_file: string;
  scene_text: string;
  seed: number;
  version: string;
  fingerprint: string;
  options: string;
  jobs_planned: number;
  attempts: number;
  pid: number | null;
  owner_host: string | null;
  owner_started: string | null;
  error: string | null;
  summary: string | null;
  jobs_stored: number;
}

const now = (): string => new Date().toISOString();

function toRun(row: RunRow): StoredRun {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    status: row.status,
    name: row.name,
    experimentFile: row.experiment_file,
    experimentText: row.experiment_text ?? '',
    sceneFile: row.scene_file,
    sceneText: row.scene_text ?? '',
    seed: row.seed,
    version: row.version,
    fingerprint: row.fingerprint,
    options: decodeJson(row.options),
    jobsPlanned: row.jobs_planned,
    attempts: row.attempts,
    pid: row.pid ?? 0,
    host: row.owner_host ?? '',
    started: row.owner_started ?? '',
    jobsStored: row.jobs_stored,
    error: row.error ?? undefined,
    ...(row.summary === null || row.summary === undefined ? {} : { summary: decodeJson(row.summary) }),
  };
}

const STORED = '(SELECT COUNT(*) FROM jobs WHERE jobs.run_id = runs.id) AS jobs_stored';

/** Marks runs left `running` by a process that is gone as `interrupted`; returns their ids. */
function interruptStale(db: Db): number[] {
  const running = db.prepare(`SELECT id, pid, owner_host, owner_started FROM runs WHERE status = 'running'`).all() as Array<
    Pick<RunRow, 'id' | 'pid' | 'owner_host' | 'owner_started'>
  >;
  const stale = running.filter((r) => ownerState({ pid: r.pid ?? 0, host: r.owner_host, started: r.owner_started }) === 'gone');
  const mark = db.prepare(`UPDATE runs SET status = 'interrupted', updated_at = ? WHERE id = ? AND status = 'running'`);
  db.transaction(() => {
    for (const r of stale) mark.run(now(), r.id);
  })();
  return stale.map((r) => r.id);
}

/** The owner columns of a run claimed by process `pid`: host and start are known only for this process. */
function ownerOf(pid: number): { pid: number; host: string | null; started: string | null } {
  const me = currentOwner();
  return pid === me.pid ? { pid, host: me.host, started: me.started } : { pid, host: null, started: null };
}

/** The runs repository of an open database; runs of processes that are gone are marked interrupted first. */
export function createRunsRepository(db: Db): RunsRepository {
  interruptStale(db);
  const insertRun = db.prepare(`INSERT INTO runs (created_at, updated_at, status, name, experiment_file, experiment_text,
    scene_file, scene_text, seed, version, fingerprint, options, jobs_planned, pid, owner_host, owner_started)
    VALUES (@at, @at, 'running', @name, @experimentFile, @experimentText, @sceneFile, @sceneText, @seed, @version,
    @fingerprint, @options, @jobsPlanned, @pid, @host, @started)`);
  const selectRun = db.prepare(`SELECT *, ${STORED} FROM runs WHERE id = ?`);
  const listRuns = db.prepare(`SELECT id, created_at, updated_at, status, name, experiment_file, NULL AS experiment_text,
    scene_file, NULL AS scene_text, seed, version, fingerprint, options, jobs_planned, attempts, pid, owner_host, owner_started,
    error, NULL AS summary,
    ${STORED} FROM runs ORDER BY id DESC LIMIT ?`);
  const unfinished = db.prepare(
    `SELECT *, ${STORED} FROM runs WHERE fingerprint = ? AND status IN ('running', 'interrupted') ORDER BY id DESC`,
  );
  const claimRun = db.prepare(
    `UPDATE runs SET status = 'running', attempts = attempts + 1, pid = @pid, owner_host = @host, owner_started = @started, error = NULL,
     updated_at = @at WHERE id = @id RETURNING attempts`,
  );
  const insertJob =
    db.prepare(`INSERT OR IGNORE INTO jobs (run_id, job_key, point, replication, attempt, events, wall_seconds, finished_at, result)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectJobs = db.prepare(
    'SELECT job_key, point, replication, attempt, events, wall_seconds, result FROM jobs WHERE run_id = ? ORDER BY rowid',
  );
  const setStatus = db.prepare('UPDATE runs SET status = ?, error = ?, updated_at = ? WHERE id = ?');
  return {
    create(run) {
      const info = insertRun.run({ ...run, ...ownerOf(run.pid), options: encodeJson(run.options), at: now() });
      return Number(info.lastInsertRowid);
    },
    get(id) {
      const row = selectRun.get(id) as RunRow | undefined;
      return row ? toRun(row) : undefined;
    },
    list(limit = 50) {
      return (listRuns.all(limit) as RunRow[]).map(toRun);
    },
    findUnfinished(fingerprint) {
      return (unfinished.all(fingerprint) as RunRow[]).map(toRun);
    },
    claim(id, pid) {
      const row = claimRun.get({ ...ownerOf(pid), at: now(), id }) as { attempts: number } | undefined;
      if (!row) throw new Error(`no run ${id}`);
      return row.attempts;
    },
    saveJob(runId, job) {
      insertJob.run(runId, job.key, job.point, job.replication, job.attempt, job.events, job.wallSeconds, now(), encodeJson(job.result));
    },
    jobs(runId) {
      const rows = selectJobs.all(runId) as Array<{
        job_key: string;
        point: string;
        replication: number;
        attempt: number;
        events: number;
        wall_seconds: number;
        result: string;
      }>;
      return rows.map((r) => ({
        key: r.job_key,
        point: r.point,
        replication: r.replication,
        attempt: r.attempt,
        events: r.events,
        wallSeconds: r.wall_seconds,
        result: decodeJson(r.result),
      }));
    },
    setPlanned(runId, jobs) {
      db.prepare('UPDATE runs SET jobs_planned = ?, updated_at = ? WHERE id = ?').run(jobs, now(), runId);
    },
    finish(runId, summary) {
      db.prepare(`UPDATE runs SET status = 'done', summary = ?, error = NULL, updated_at = ? WHERE id = ?`).run(
        encodeJson(summary),
        now(),
        runId,
      );
    },
    interrupt(runId) {
      setStatus.run('interrupted', null, now(), runId);
    },
    fail(runId, message) {
      setStatus.run('failed', message, now(), runId);
    },
  };
}
