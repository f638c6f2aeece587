import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { tempDir } from './helpers.ts';

/**
 * An interrupted run keeps its finished jobs and resumes with only the missing ones. The run happens in a
 * child process (`node --import tsx server/cli.ts`, so worker threads under tsx are exercised too) that is
 * killed once some jobs are stored.
 */

const FILE = 'test/fixtures/experiments/resume.yaml';
const JOBS = 18; // 3 variants x 6 replications
const tmp = tempDir();
afterAll(() => tmp.remove());

function startRun(db: string): {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'experiment', FILE, '--db', db, '--workers', '1', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, exited };
}

function query<T>(db: string, sql: string): T[] {
  if (!existsSync(db)) return [];
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare(sql).all() as T[];
  } catch {
    return []; // the schema may not exist yet
  } finally {
    conn.close();
  }
}

async function waitForJobs(db: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [row] = query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM jobs');
    if ((row?.n ?? 0) >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${atLeast} jobs stored after 30 s`);
}

describe('resuming', () => {
  it('a killed run computes only the missing jobs and gives the results of an uninterrupted run', async () => {
    const db = join(tmp.dir, 'killed.db');
    const { child, exited } = startRun(db);
    await waitForJobs(db, 4);
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    const [run] = query<{ id: number; status: string }>(db, 'SELECT id, status FROM runs');
    expect(run).toEqual({ id: 1, status: 'running' }); // killed too hard to say anything
    const kept = query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM jobs')[0]!.n;
    expect(kept).toBeGreaterThanOrEqual(4);
    expect(kept).toBeLessThan(JOBS);
    // The next command to open the database sees that the process is gone: `twin history` says interrupted.
    const history = await twin('history', '--db', db, '--json');
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toMatchObject([{ id: 1, status: 'interrupted', jobsStored: kept }]);
    expect((await twin('history', '--db', db)).stdout).toMatch(/^1 .* interrupted /m);

    // Running the same file again continues the identical unfinished run.
    const resumed = await twin('experiment', FILE, '--db', db, '--workers', '2', '--json');
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result.runId).toBe(1);
    expect(result.jobs).toEqual({ total: JOBS, computed: JOBS - kept, reused: kept });
    expect(query(db, 'SELECT attempt, COUNT(*) AS n FROM jobs GROUP BY attempt ORDER BY attempt')).toEqual([
      { attempt: 1, n: kept },
      { attempt: 2, n: JOBS - kept },
    ]);
    expect(query(db, 'SELECT status, attempts FROM runs')).toEqual([{ status: 'done', attempts: 2 }]);

    const fresh = await twin('experiment', FILE, '--db', join(tmp.dir, 'fresh.db'), '--workers', '1', '--json');
    const uninterrupted = JSON.parse(fresh.stdout);
    expect(uninterrupted.jobs).toEqual({ total: JOBS, computed: JOBS, reused: 0 });
    expect(JSON.stringify({ ...result, jobs: 0 })).toBe(JSON.stringify({ ...uninterrupted, jobs: 0 }));
  }, 60_000);

  it('Ctrl-C stops cleanly with exit code 130, and --resume finishes the run', async () => {
    const db = join(tmp.dir, 'interrupted.db');
    const { child, exited } = startRun(db);
    await waitForJobs(db, 2);
    child.kill('SIGINT');
    const { code, stderr } = await exited;
    expect(code).toBe(130);
    const match = /interrupted: (\d+) of 18 jobs kept; resume with: twin experiment \S+ --resume (\d+)/.exec(stderr);
    expect(match, stderr).not.toBeNull();
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'interrupted' }]);
    const kept = query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM jobs')[0]!.n;
    expect(Number(match![1])).toBe(kept);

    const resumed = await twin('experiment', FILE, '--db', db, '--workers', '1', '--json', '--resume', match![2]!);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).jobs).toEqual({ total: JOBS, computed: JOBS - kept, reused: kept });
    const again = await twin('experiment', FILE, '--db', db, '--resume', match![2]!);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/run 1 is complete/);
  }, 60_000);
});
