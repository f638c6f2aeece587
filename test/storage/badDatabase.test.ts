import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { tempDir } from '../experiments/helpers.ts';
import { openDatabase } from '../../server/storage/db.ts';
import { createRunsRepository } from '../../server/storage/runs.ts';

/**
 * A database LineTwin cannot use (not SQLite, truncated, damaged inside, or written by a newer LineTwin) is
 * answered by every command that opens it with one clear message naming the file, what is wrong and what to
 * do, and exit code 2: never `internal error` and a stack trace.
 */

const tmp = tempDir();
afterAll(() => tmp.remove());
let count = 0;
const path = (): string => join(tmp.dir, `bad-${++count}.db`);

/** A real history with a few runs, its WAL folded in so the main file holds everything. */
function history(file: string, runs = 40): void {
  const db = openDatabase(file);
  const repo = createRunsRepository(db);
  for (let i = 0; i < runs; i++) {
    const id = repo.create({
      name: `run ${i}`,
      experimentFile: 'e.yaml',
      experimentText: 'x'.repeat(3000),
      sceneFile: 's.yaml',
      sceneText: 'y'.repeat(3000),
      seed: 1,
      version: '0.1.0',
      fingerprint: `f${i}`,
      options: {},
      jobsPlanned: 1,
      pid: process.pid,
    });
    repo.finish(id, { i });
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const cases: Array<[string, (file: string) => void, RegExp]> = [
  ['random bytes', (f) => writeFileSync(f, randomBytes(8192)), /is not a LineTwin database \(not an SQLite file\); move it away/],
  ['a text file', (f) => writeFileSync(f, 'name: not a database\n'), /is not a LineTwin database \(not an SQLite file\)/],
  [
    'a truncated database',
    (f) => {
      history(f);
      truncateSync(f, Math.floor(statSync(f).size / 2));
    },
    /is damaged \(database disk image is malformed\); move it away/,
  ],
  [
    'a database damaged inside (one page overwritten)',
    (f) => {
      history(f);
      const fd = new Database(f);
      const pageSize = fd.pragma('page_size', { simple: true }) as number;
      fd.close();
      const bytes = Buffer.from(randomBytes(pageSize));
      const handle = openSync(f, 'r+');
      writeSync(handle, bytes, 0, pageSize, 2 * pageSize); // the third page: inside the runs table's tree
      closeSync(handle);
    },
    /is damaged \(.+\); move it away/,
  ],
  [
    'a database of a newer LineTwin',
    (f) => {
      history(f, 1);
      const db = new Database(f);
      db.pragma('user_version = 99');
      db.close();
    },
    /was written by a newer LineTwin \(database schema 99; this LineTwin reads up to \d+\); upgrade LineTwin/,
  ],
];

describe('a database LineTwin cannot use', () => {
  for (const [what, make, message] of cases) {
    it(`${what}: twin history and twin experiment exit 2 with a message naming the file`, async () => {
      const file = path();
      make(file);
      for (const args of [['history'], ['history', '1'], ['experiment', 'test/fixtures/experiments/small.yaml']]) {
        const { code, stdout, stderr } = await twin(...args, '--db', file);
        expect(stderr, args.join(' ')).toMatch(message);
        expect(stderr).toContain(file);
        expect(stderr).toMatch(/^error: /);
        expect(stderr).toMatch(/--db FILE/);
        expect(stderr).not.toMatch(/internal error|\n\s+at /);
        expect(code).toBe(2);
        expect(stdout).toBe('');
      }
    });
  }

  it('an empty file is a new database, not an error', async () => {
    const file = path();
    writeFileSync(file, '');
    const { code, stdout } = await twin('history', '--db', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/no runs stored yet/);
  });
});
