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

const MIGRATIONS: readonly string[] = [
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
];

/** Open (creating folders and schema as needed) the database at `path`; `:memory:` works for tests. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // with WAL: a killed process loses nothing committed; only power loss may
  db.pragma('busy_timeout = 5000'); // ms: wait for a concurrent writer instead of failing
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the database ${db.name} was written by a newer LineTwin (schema ${current}; this one knows ${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
