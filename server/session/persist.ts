import { encodeJson } from '../storage/json.ts';
import type { SessionHeader, SessionStore, StoredSession } from '../storage/sessions.ts';
import type { SessionJournal, SessionRestorer } from './journal.ts';
import { UNKEPT_JOURNAL } from './journal.ts';
import type { SessionRegistry } from './registry.ts';
import { rebuildSession } from './restore.ts';
import type { Session, SessionStart } from './session.ts';

/**
 * Keeps the live server's sessions in the session store so that a restart, or a crash, brings every one back.
 * Each session is stored as it was created, with a journal of what was done to it (session.ts's commands, and
 * through SessionJournal the commands of the feature running it), each entry written when it happens, and the
 * simulated time reached, saved every `saveEveryMs` of wall time and at close. `restore` rebuilds them all by
 * replay (restore.ts). Closing a session deletes it. A write that fails (disk full, file gone) is reported once,
 * then sessions run on unsaved: persistence never takes the live server down.
 */

/** What `restore` did, for the server's log. */
export interface RestoreSummary {
  restored: Array<{ id: string; sceneKey: string; simTime: number; ms: number }>;
  /** Sessions that could not be restored (and were deleted from the store), with why. */
  dropped: Array<{ id: string; sceneKey: string; reason: string }>;
}

/** The session persistence of one server. */
export interface SessionPersistence {
  /** The journal of a kept session (one that records nothing for a session not kept). */
  journal(session: Session): SessionJournal;
  /** Notes that feature `kind` runs `session` and what setting it up again needs; returns the session's journal. */
  adopt(session: Session, kind: string, data: unknown): SessionJournal;
  /** Stops keeping a session and deletes it from the store (story sessions start anew when opened). */
  forget(session: Session): void;
  /** How sessions of feature `kind` are set up again; register before `restore`. */
  register(kind: string, restorer: SessionRestorer): void;
  /** Rebuilds every stored session into the registry (once, after the features registered). */
  restore(): RestoreSummary;
  /** Saves the simulated time every session has reached. */
  flush(): void;
  /** Saves, gives the store up and closes it. */
  close(): void;
}

/** How persistence runs. */
export interface PersistenceOptions {
  store: SessionStore;
  registry: SessionRegistry;
  /** LineTwin's version, stored with each session. */
  version: string;
  warn: (text: string) => void;
  /** Wall time (ms) between saves of the simulated time reached: what a crash loses at most. Default 2000. */
  saveEveryMs?: number | undefined;
  /** Forget what is stored instead of restoring it (`twin serve --fresh`). */
  fresh?: boolean | undefined;
}

/** A kept session: its journal's state. */
interface Kept {
  session: Session;
  /** >0 while session commands follow from something recorded already. */
  quietDepth: number;
  /** Recorded clock readings still to play back while restoring; null once live. */
  playback: number[] | null;
  savedTime: number;
  journal: SessionJournal;
}

/** What identifies a session's creation, to tell whether the stored default session is the one starting now. */
const identity = (h: Omit<SessionHeader, 'code' | 'version'>): string => encodeJson([h.sceneKey, h.scene, h.seed, h.speed, h.start]);

/** Starts keeping the sessions of `registry` in `store`; the stored ones come back on `restore()`. */
export function createSessionPersistence(options: PersistenceOptions): SessionPersistence {
  const { store, registry, warn } = options;
  const kept = new Map<string, Kept>();
  const restorers = new Map<string, SessionRestorer>();
  let failed = false;
  let restored = false;

  // Every write goes through here: the first failure is reported and ends persistence, never the server.
  const write = (what: () => void): void => {
    if (failed) return;
    try {
      what();
    } catch (error) {
      failed = true;
      warn(`sessions are no longer saved to ${store.path}: ${(error as Error).message}`);
    }
  };

  const headerOf = (session: Session, start: SessionStart): SessionHeader =>
    sessionHeader(session, start, session.id === registry.defaultId, options.version);

  const keep = (session: Session, playback: number[] | null): Kept => {
    const k: Kept = {
      session,
      quietDepth: 0,
      playback,
      savedTime: session.sim.now,
      journal: {
        record: (data) => {
          if (k.playback === null && kept.get(session.id) === k)
            write(() => store.append(session.id, session.sim.now, { op: 'feature', data }));
        },
        quiet: (act) => {
          k.quietDepth++;
          try {
            return act();
          } finally {
            k.quietDepth--;
          }
        },
        clock: () => {
          if (k.playback !== null) return k.playback.shift() ?? Date.now();
          const wall = Date.now();
          if (kept.get(session.id) === k) write(() => store.append(session.id, session.sim.now, { op: 'clock', wall }));
          return wall;
        },
      },
    };
    session.onCommand((command, t) => {
      if (k.playback === null && k.quietDepth === 0 && kept.get(session.id) === k)
        write(() => store.append(session.id, t, { op: 'session', command }));
    });
    kept.set(session.id, k);
    return k;
  };

  const stored: StoredSession[] = options.fresh ? [] : store.list();
  if (options.fresh) for (const s of store.list()) write(() => store.remove(s.id));
  const storedDefault = stored.find((s) => s.isDefault);
  let restoreDefault = false;

  registry.watch({
    created(session, start) {
      if (start.engine) return; // a mirror follows its feed and a fork its source's moment: neither comes back after a restart
      const header = headerOf(session, start);
      if (header.isDefault && storedDefault && identity(storedDefault) === identity(header)) {
        restoreDefault = true; // the same default session as before: `restore` brings the stored one back
        return;
      }
      if (header.isDefault && storedDefault) {
        warn(`the default session starts anew: its scene, --seed or --speed changed since ${storedDefault.savedAt}`);
      }
      write(() => store.create(header, session.sim.now));
      keep(session, null);
    },
    closed(id) {
      if (!kept.delete(id)) return;
      write(() => store.remove(id));
    },
  });

  const rebuild = (s: StoredSession): Session => {
    const playback = s.journal.flatMap(({ entry }) => {
      const e = entry as { op: string; wall?: number };
      return e.op === 'clock' && typeof e.wall === 'number' ? [e.wall] : [];
    });
    let k: Kept | null = null;
    const session = rebuildSession(s, (created) => {
      k = keep(created, playback);
      if (s.kind === null) return null;
      const restorer = restorers.get(s.kind);
      if (!restorer) throw new Error(`no feature of this server runs "${s.kind}" sessions`);
      const journal = k.journal;
      return restorer(created, s.kindData, journal);
    });
    k!.playback = null; // live from here: commands and clock readings are recorded again
    k!.savedTime = session.sim.now;
    return session;
  };

  const persistence: SessionPersistence = {
    journal: (session) => kept.get(session.id)?.journal ?? UNKEPT_JOURNAL,
    adopt(session, kind, data) {
      const k = kept.get(session.id);
      if (!k) return UNKEPT_JOURNAL;
      write(() => store.setKind(session.id, kind, data));
      return k.journal;
    },
    forget(session) {
      if (!kept.delete(session.id)) return;
      write(() => store.remove(session.id));
    },
    register(kind, restorer) {
      restorers.set(kind, restorer);
    },
    restore() {
      const summary: RestoreSummary = { restored: [], dropped: [] };
      if (restored) return summary;
      restored = true;
      for (const s of stored) {
        if (s.isDefault && !restoreDefault) continue; // replaced by the new default session already
        const begin = performance.now();
        try {
          if (s.version !== options.version)
            warn(`session ${s.id} was saved by LineTwin ${s.version}; this is ${options.version}: it may not come back exactly`);
          const session = rebuild(s);
          registry.adopt(session);
          summary.restored.push({ id: s.id, sceneKey: s.sceneKey, simTime: session.sim.now, ms: performance.now() - begin });
        } catch (error) {
          const reason = (error as Error).message;
          kept.delete(s.id);
          summary.dropped.push({ id: s.id, sceneKey: s.sceneKey, reason });
          warn(`session ${s.id} (${s.sceneKey}) could not be restored and is dropped: ${reason}`);
          if (s.isDefault) {
            // the fresh default session the registry made stays: keep it instead
            const fresh = registry.get(registry.defaultId)!;
            write(() => store.create(headerOf(fresh, { start: s.start }), fresh.sim.now));
            keep(fresh, null);
          } else {
            write(() => store.remove(s.id));
          }
        }
      }
      return summary;
    },
    flush() {
      const times: Array<[string, number]> = [];
      for (const [id, k] of kept) {
        if (k.playback !== null || k.session.sim.now === k.savedTime) continue;
        k.savedTime = k.session.sim.now;
        times.push([id, k.savedTime]);
      }
      if (times.length) write(() => store.progress(times));
    },
    close() {
      clearInterval(timer);
      persistence.flush();
      try {
        store.close();
      } catch (error) {
        warn(`closing ${store.path}: ${(error as Error).message}`);
      }
    },
  };
  const timer = setInterval(() => persistence.flush(), options.saveEveryMs ?? 2000);
  timer.unref();
  return persistence;
}

/** What rebuilds `session` with its command journal (scene, seed, speed, start): kept in sessions.db, or in Redis by a cluster. */
export function sessionHeader(session: Session, start: SessionStart, isDefault: boolean, version: string): SessionHeader {
  const info = session.info();
  return {
    id: session.id,
    code: info.code,
    sceneKey: session.sceneKey,
    scene: session.scene,
    seed: session.seed,
    speed: info.speed,
    start: Math.min(start.start ?? 0, session.scene.run.horizon),
    isDefault,
    kind: null,
    kindData: null,
    version,
  };
}
