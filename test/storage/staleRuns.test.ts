import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { tempDir } from '../experiments/helpers.ts';
import { openDatabase } from '../../server/storage/db.ts';
import { createRunsRepository, type NewRun } from '../../server/storage/runs.ts';

/**
 * A run stays `running` only while the process that runs it is alive. A process killed too hard to say so
 * (SIGKILL, out of memory, power) leaves its run `running`; the next command or server that opens the database
 * marks it `interrupted`: its process is gone, or its pid now belongs to a process that started later.
 */

const tmp = tempDir();
afterAll(() => tmp.remove());

const run = (name: string): NewRun => ({
  name,
  experimentFile: `${name}.yaml`,
  experimentText: '',
  sceneFile: 'scene.yaml',
  sceneText: '',
  seed: 1,
  version: '0.1.0',
  fingerprint: name,
  options: {},
  jobsPlanned: 4,
  pid: process.pid,
});

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('runs left running by a dead process', () => {
  it('are interrupted when the database is next opened; runs of live processes stay running', async () => {
    const file = join(tmp.dir, 'stale.db');
    const repo = createRunsRepository(openDatabase(file));
    const mine = repo.create(run('mine'));
    const dead = repo.create(run('dead'));
    const reused = repo.create(run('reused'));
    const done = repo.create(run('done'));
    repo.finish(done, {});
    // what a killed process leaves behind: its pid, now gone; and a pid that a later process took over
    const raw = new Database(file);
    raw.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(deadPid(), dead);
    raw.prepare(`UPDATE runs SET owner_started = 'another-boot:1' WHERE id = ?`).run(reused);
    raw.close();

    const list = await twin('history', '--db', file, '--json');
    expect(list.code).toBe(0);
    const status = Object.fromEntries((JSON.parse(list.stdout) as Array<{ name: string; status: string }>).map((r) => [r.name, r.status]));
    expect(status).toEqual({ mine: 'running', dead: 'interrupted', reused: 'interrupted', done: 'done' });
    const shown = await twin('history', String(dead), '--db', file);
    expect(shown.stdout).toMatch(/run 2: interrupted/);
    expect(shown.stdout).toMatch(/resume with: twin experiment dead\.yaml --resume 2/);
    expect(repo.get(mine)!.status).toBe('running');
  });

  it('of another host are left alone: LineTwin cannot tell whether they still run', () => {
    const file = join(tmp.dir, 'other-host.db');
    const repo = createRunsRepository(openDatabase(file));
    const id = repo.create(run('elsewhere'));
    const raw = new Database(file);
    raw.prepare(`UPDATE runs SET pid = ?, owner_host = 'another-machine' WHERE id = ?`).run(deadPid(), id);
    raw.close();
    expect(createRunsRepository(openDatabase(file)).get(id)!.status).toBe('running');
  });
});
