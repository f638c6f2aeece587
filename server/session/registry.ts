import { randomBytes } from 'node:crypto';
import type { Scene } from '../scene/index.ts';
import { createSession, type Session, type SessionStart } from './session.ts';

/** The sessions of one server: created, listed, found by id or join code, closed. */
export interface SessionRegistry {
  readonly defaultId: string;
  create(sceneKey: string, scene: Scene, start?: SessionStart): Session;
  get(idOrCode: string): Session | null;
  all(): Session[];
  close(id: string): boolean;
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
export function createRegistry(defaultKey: string, defaultScene: Scene, defaultStart: SessionStart = {}): SessionRegistry {
  const sessions = new Map<string, Session>();
  let counter = 0;
  const registry: SessionRegistry = {
    defaultId: '',
    create(sceneKey, scene, start = {}) {
      if (sessions.size >= MAX_SESSIONS) throw new Error(`at most ${MAX_SESSIONS} sessions run at once; close one first`);
      const id = `s${++counter}`;
      const code = joinCode(new Set([...sessions.values()].map((s) => s.info().code)));
      const session = createSession({ id, code, sceneKey, scene, ...start });
      sessions.set(id, session);
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
      return sessions.delete(id);
    },
  };
  (registry as { defaultId: string }).defaultId = registry.create(defaultKey, defaultScene, defaultStart).id;
  return registry;
}
