import { randomBytes } from 'node:crypto';
import type { Scene } from '../scene/index.ts';
import { createSession, type Session, type SessionStart } from './session.ts';

/** Hears sessions come and go: the session journal (persist.ts) keeps a stored copy of each. */
export interface RegistryWatcher {
  /** A session was created with `start` (for the sessions there already, called when the watcher is added). */
  created(session: Session, start: SessionStart): void;
  closed(id: string): void;
}

/** The sessions of one server: created, listed, found by id or join code, closed. */
export interface SessionRegistry {
  readonly defaultId: string;
  create(sceneKey: string, scene: Scene, start?: SessionStart): Session;
  get(idOrCode: string): Session | null;
  all(): Session[];
  close(id: string): boolean;
  /** Tells `watcher` of every session there is and every one created or closed from now on. */
  watch(watcher: RegistryWatcher): void;
  /**
   * Restoring: puts a session rebuilt from the store in under its own id and join code, in place of the session with
   * that id (the default session of a restarted server); new sessions get later ids. Watchers are not told.
   */
  adopt(session: Session): void;
  /**
   * Scale-out: this process no longer runs the session (another process owns it, server/live/cluster.ts). It leaves
   * the registry, the default one too, and watchers are not told: the session goes on elsewhere, it is not closed.
   */
  drop(id: string): boolean;
}

/** Where session ids come from: one server alone counts s1, s2...; processes of a cluster must not collide. */
export interface SessionIds {
  /** Id of the default session (the same on every process of a cluster: one of them runs it). */
  defaultId: string;
  /** A new id for every other session. */
  next(): string;
}

/** Most sessions one server runs at once: each one costs CPU every tick. */
const MAX_SESSIONS = 16;

function joinCode(taken: Set<string>): string {
  // 6 characters without look-alikes (no 0/O, 1/I/L): easy to read out in a classroom
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  for (;;) {
    const bytes = randomBytes(6);
    const code = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    if (!taken.has(code)) return code;
  }
}

/** Creates a registry whose first session (the default one everybody joins) runs `scene`. */
export function createRegistry(
  defaultKey: string,
  defaultScene: Scene,
  defaultStart: SessionStart = {},
  ids?: SessionIds,
): SessionRegistry {
  const sessions = new Map<string, Session>();
  const starts = new Map<string, SessionStart>(); // how each session was created, for watchers added later
  const watchers: RegistryWatcher[] = [];
  let counter = 0;
  const registry: SessionRegistry = {
    defaultId: '',
    create(sceneKey, scene, start = {}) {
      if (sessions.size >= MAX_SESSIONS) throw new Error(`at most ${MAX_SESSIONS} sessions run at once; close one first`);
      const id = ids ? (sessions.size === 0 && registry.defaultId === '' ? ids.defaultId : ids.next()) : `s${++counter}`;
      const code = joinCode(new Set([...sessions.values()].map((s) => s.info().code)));
      const session = createSession({ id, code, sceneKey, scene, ...start });
      sessions.set(id, session);
      starts.set(id, start);
      for (const w of watchers) w.created(session, start);
      return session;
    },
    get(idOrCode) {
      const byId = sessions.get(idOrCode);
      if (byId) return byId;
      const code = idOrCode.toUpperCase();
      for (const s of sessions.values()) if (s.info().code === code) return s;
      return null;
    },
    all: () => [...sessions.values()],
    close(id) {
      if (id === registry.defaultId) return false; // the default session is what a bare URL shows: it stays
      if (!sessions.delete(id)) return false;
      starts.delete(id);
      for (const w of watchers) w.closed(id);
      return true;
    },
    watch(watcher) {
      watchers.push(watcher);
      for (const s of sessions.values()) watcher.created(s, starts.get(s.id) ?? {});
    },
    adopt(session) {
      sessions.set(session.id, session);
      counter = Math.max(counter, Number(/^s(\d+)$/.exec(session.id)?.[1] ?? 0));
    },
    drop(id) {
      starts.delete(id);
      return sessions.delete(id);
    },
  };
  (registry as { defaultId: string }).defaultId = registry.create(defaultKey, defaultScene, defaultStart).id;
  return registry;
}
