import { join } from 'node:path';
import { openDatabase, type Db, type Schema } from './db.ts';
import { decodeJson, encodeJson } from './json.ts';
import { currentOwner, ownerState, type ProcessOwner } from './owner.ts';

/**
 * The live server's sessions on disk (`sessions.db`, beside the experiment history but a file of its own: only
 * the server writes it, so it never waits for a `twin experiment` holding the history's write lock, and a
 * damaged history does not cost the sessions, nor the other way round). Per session: how it was created (scene
 * as the engine ran it, seed, speed, start time, the feature running it) and a journal of what was done to it,
 * each entry with the simulated time it was applied at; plus the last simulated time reached. Storage keeps
 * entries as opaque JSON: what they mean is the session layer's business (server/session/persist.ts).
 * One server owns the file at a time (its pid, host and process start, as for experiment runs).
 */

/** `sessions.db` under `TWIN_DATA_DIR` (default `./data`). */
export function defaultSessionsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['TWIN_DATA_DIR'] || 'data', 'sessions.db');
}

const SESSIONS_SCHEMA: Schema = [
  // 1: sessions, their journals, and the server that owns the file
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     scene_key TEXT NOT NULL,
     scene TEXT NOT NULL,
     seed INTEGER NOT NULL,
     speed TEXT NOT NULL,
     start REAL NOT NULL,
     is_default INTEGER NOT NULL,
     kind TEXT,
     kind_data TEXT,
     version TEXT NOT NULL,
     created_at TEXT NOT NULL,
     sim_time REAL NOT NULL,
     saved_at TEXT NOT NULL
   );
   CREATE TABLE journal (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
     t REAL NOT NULL,
     at INTEGER NOT NULL,
     entry TEXT NOT NULL
   );
   CREATE INDEX journal_by_session ON journal (session_id, seq);
   CREATE TABLE owner (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     pid INTEGER NOT NULL,
     host TEXT NOT NULL,
     started TEXT NOT NULL,
     since TEXT NOT NULL
   );`,
];

/** How a session was created: enough to create it again exactly. */
export interface SessionHeader {
  id: string;
  code: string;
  sceneKey: string;
  /** The scene as the engine ran it (plain data), so a scene file changed on disk cannot change the replay. */
  scene: unknown;
  seed: number;
  speed: number | 'max';
  /** Simulated time (s) it opened at. */
  start: number;
  /** The server's default session (what a bare URL shows). */
  isDefault: boolean;
  /** The feature running it (`training`) and what that feature needs to set it up again; null for a plain session. */
  kind: string | null;
  kindData: unknown;
  /** LineTwin version that created it: another version's engine may not replay it exactly. */
  version: string;
}

/** One journal entry: what was done (opaque JSON) at simulated time `t`, wall clock `at` (ms). */
export interface JournalRow {
  t: number;
  at: number;
  entry: unknown;
}

/** A stored session with its journal in order and the last simulated time saved. */
export interface StoredSession extends SessionHeader {
  createdAt: string;
  simTime: number;
  savedAt: string;
  journal: JournalRow[];
}

/** Access to the stored sessions of one server. */
export interface SessionStore {
  readonly path: string;
  /** Takes the file for this process; returns the other live server that holds it instead, or null when taken. */
  claim(): ProcessOwner | null;
  list(): StoredSession[];
  /** Stores a new session (replacing one stored under its id, journal and all). */
  create(header: SessionHeader, simTime: number): void;
  /** Records the feature running a session. */
  setKind(id: string, kind: string, data: unknown): void;
  append(id: string, t: number, entry: unknown): void;
  /** Saves the simulated time each session has reached, in one transaction. */
  progress(times: ReadonlyArray<readonly [id: string, simTime: number]>): void;
  remove(id: string): void;
  /** Gives the file up (if this process holds it) and closes it. */
  close(): void;
}

interface SessionRow {
  id: string;
  code: string;
  scene_key: string;
  scene: string;
  seed: number;
  speed: string;
  start: number;
  is_default: number;
  kind: string | null;
  kind_data: string | null;
  version: string;
  created_at: string;
  sim_time: number;
  saved_at: string;
}

const now = (): string => new Date().toISOString();

/** Opens (creating as needed) the sessions database at `path`; throws a DatabaseError for a file LineTwin cannot use. */
export function openSessionStore(path: string): SessionStore {
  return createSessionStore(openDatabase(path, SESSIONS_SCHEMA), path);
}

function createSessionStore(db: Db, path: string): SessionStore {
  const me = currentOwner();
  let claimed = false;
  const upsert = db.prepare(`INSERT INTO sessions (id, code, scene_key, scene, seed, speed, start, is_default, kind, kind_data, version,
    created_at, sim_time, saved_at) VALUES (@id, @code, @sceneKey, @scene, @seed, @speed, @start, @isDefault, @kind, @kindData, @version,
    @at, @simTime, @at)`);
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id = ?');
  const insertEntry = db.prepare('INSERT INTO journal (session_id, t, at, entry) VALUES (?, ?, ?, ?)');
  const saveTime = db.prepare('UPDATE sessions SET sim_time = ?, saved_at = ? WHERE id = ?');
  const entriesOf = db.prepare('SELECT t, at, entry FROM journal WHERE session_id = ? ORDER BY seq');
  const create = db.transaction((header: SessionHeader, simTime: number) => {
    deleteSession.run(header.id);
    upsert.run({
      ...header,
      scene: encodeJson(header.scene),
      speed: JSON.stringify(header.speed),
      isDefault: header.isDefault ? 1 : 0,
      kindData: header.kind === null ? null : encodeJson(header.kindData),
      simTime,
      at: now(),
    });
  });
  const progress = db.transaction((times: ReadonlyArray<readonly [string, number]>) => {
    const at = now();
    for (const [id, t] of times) saveTime.run(t, at, id);
  });
  const claim = db.transaction((): ProcessOwner | null => {
    const row = db.prepare('SELECT pid, host, started FROM owner WHERE id = 1').get() as ProcessOwner | undefined;
    if (row && !(row.pid === me.pid && row.host === me.host) && ownerState(row) !== 'gone') return row;
    db.prepare('INSERT OR REPLACE INTO owner (id, pid, host, started, since) VALUES (1, ?, ?, ?, ?)').run(
      me.pid,
      me.host,
      me.started,
      now(),
    );
    claimed = true;
    return null;
  });
  return {
    path,
    claim: () => claim.immediate(), // a write lock from the start: two servers starting at once cannot both take it
    list() {
      const rows = db.prepare('SELECT * FROM sessions ORDER BY CAST(substr(id, 2) AS INTEGER), id').all() as SessionRow[];
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        sceneKey: r.scene_key,
        scene: decodeJson(r.scene),
        seed: r.seed,
        speed: JSON.parse(r.speed) as number | 'max',
        start: r.start,
        isDefault: r.is_default === 1,
        kind: r.kind,
        kindData: r.kind_data === null ? null : decodeJson(r.kind_data),
        version: r.version,
        createdAt: r.created_at,
        simTime: r.sim_time,
        savedAt: r.saved_at,
        journal: (entriesOf.all(r.id) as Array<{ t: number; at: number; entry: string }>).map((e) => ({
          t: e.t,
          at: e.at,
          entry: decodeJson(e.entry),
        })),
      }));
    },
    create,
    setKind(id, kind, data) {
      db.prepare('UPDATE sessions SET kind = ?, kind_data = ? WHERE id = ?').run(kind, encodeJson(data), id);
    },
    append(id, t, entry) {
      insertEntry.run(id, t, Date.now(), encodeJson(entry));
    },
    progress,
    remove(id) {
      deleteSession.run(id);
    },
    close() {
      if (claimed) db.prepare('DELETE FROM owner WHERE id = 1 AND pid = ? AND host = ?').run(me.pid, me.host);
      db.close();
    },
  };
}
