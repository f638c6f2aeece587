import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The LineTwin database: one SQLite file (WAL mode, so `twin history` can read while an experiment writes).
 * The schema is created and migrated on open, tracked by SQLite's `user_version`.
 */

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/** `data/linetwin.db` under `TWIN_DATA_DIR` (default `./data`). */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['TWIN_DATA_DIR'] || 'data', 'linetwin.db');
}

/** A database's schema: its migrations in order; `user_version` counts those applied. */
export type Schema = readonly string[];

/** The experiment history (runs and their jobs). */
export const HISTORY_SCHEMA: Schema = [
  // 1: experiment runs and their jobs
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'failed', 'done')),
     name TEXT NOT NULL,
     experiment_file TEXT NOT NULL,
     experiment_text TEXT NOT NULL,
     scene_file TEXT NOT NULL,
     scene_text TEXT NOT NULL,
     seed INTEGER NOT NULL,
     version TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     options TEXT NOT NULL,
     jobs_planned INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     pid INTEGER,
     error TEXT,
     summary TEXT
   );
   CREATE INDEX runs_by_fingerprint ON runs (fingerprint, status);
   CREATE TABLE jobs (
     run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     job_key TEXT NOT NULL,
     point TEXT NOT NULL,
     replication INTEGER NOT NULL,
     attempt INTEGER NOT NULL,
     events INTEGER NOT NULL,
     wall_seconds REAL NOT NULL,
     finished_at TEXT NOT NULL,
     result TEXT NOT NULL,
     PRIMARY KEY (run_id, job_key)
   );`,
  // 2: who runs a run (host and process start besides the pid), so a run of a dead process can be told from a live one
  `ALTER TABLE runs ADD COLUMN owner_host TEXT;
   ALTER TABLE runs ADD COLUMN owner_started TEXT;`,
];

/** What is wrong with a database LineTwin cannot use. */
export type DatabaseProblem = 'not-sqlite' | 'damaged' | 'newer' | 'unopenable';

/**
 * A database LineTwin cannot use: not an SQLite file, damaged (truncated, overwritten), written by a newer
 * LineTwin, or impossible to open. The message names the file, what is wrong and what to do about it.
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(
    readonly path: string,
    readonly problem: DatabaseProblem,
    message: string,
  ) {
    super(message);
  }
}

/** SQLite's error codes that mean the file itself is bad (better-sqlite3's SqliteError carries them in `code`). */
const NOT_SQLITE = new Set(['SQLITE_NOTADB']);
const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

/** The DatabaseError for an SQLite error about the file at `path`, or null if the error is about something else. */
export function databaseErrorOf(path: string, error: unknown): DatabaseError | null {
  if (!(error instanceof Database.SqliteError)) return null;
  const moveAway = `move it away (with its -wal and -shm files, if any) and LineTwin starts a new one`;
  if (NOT_SQLITE.has(error.code))
    return new DatabaseError(path, 'not-sqlite', `${path} is not a LineTwin database (not an SQLite file); ${moveAway}`);
  if (DAMAGED.has(error.code) || error.code.startsWith('SQLITE_IOERR_SHORT_READ'))
    return new DatabaseError(path, 'damaged', `the database ${path} is damaged (${error.message}); ${moveAway}`);
  if (error.code.startsWith('SQLITE_CANTOPEN') || error.code.startsWith('SQLITE_PERM') || error.code.startsWith('SQLITE_READONLY'))
    return new DatabaseError(
      path,
      'unopenable',
      `cannot open the database ${path} (${error.message}); check that it is a file you may write`,
    );
  return null;
}

/**
 * Open (creating folders and schema as needed) the database at `path`; `:memory:` works for tests. A file that is
 * not SQLite, is damaged (PRAGMA quick_check reads every page: about 25 ms per 1.6 MB) or comes from a newer
 * LineTwin throws a DatabaseError and is left as it is.
 */
export function openDatabase(path: string, schema: Schema = HISTORY_SCHEMA): Db {
  if (path !== ':memory:') makeFolder(path);
  let db: Db | null = null;
  try {
    db = new Database(path);
    checkIntact(db, path);
    checkVersion(db, path, schema);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // with WAL: a killed process loses nothing committed; only power loss may
    db.pragma('busy_timeout = 5000'); // ms: wait for a concurrent writer instead of failing
    db.pragma('foreign_keys = ON');
    migrate(db, schema);
    return db;
  } catch (error) {
    db?.close();
    throw databaseErrorOf(path, error) ?? error;
  }
}

function makeFolder(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new DatabaseError(
      path,
      'unopenable',
      `cannot create the folder of the database ${path} (${code ?? message}); check the path and its permissions`,
    );
  }
}

function checkIntact(db: Db, path: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const problems = rows.map((r) => r.quick_check).filter((text) => text !== 'ok');
  if (problems.length === 0) return;
  const first = problems[0]!.replace(/\s+/g, ' ').trim();
  throw new DatabaseError(
    path,
    'damaged',
    `the database ${path} is damaged (${first}${problems.length > 1 ? `, and ${problems.length - 1} more problems` : ''}); ` +
      'move it away (with its -wal and -shm files, if any) and LineTwin starts a new one',
  );
}

function checkVersion(db: Db, path: string, schema: Schema): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > schema.length) {
    throw new DatabaseError(
      path,
      'newer',
      `the database ${path} was written by a newer LineTwin (database schema ${current}; this LineTwin reads up to ${schema.length}); ` +
        'upgrade LineTwin, or move it away to start a new one',
    );
  }
}

function migrate(db: Db, schema: Schema): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < schema.length; v++) {
    db.transaction(() => {
      db.exec(schema[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
