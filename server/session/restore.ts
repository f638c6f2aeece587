import type { Scene } from '../scene/index.ts';
import type { StoredSession } from '../storage/sessions.ts';
import type { JournalEntry } from './journal.ts';
import { createSession, type Session, type SessionCommand } from './session.ts';

/**
 * Rebuilding a stored session: created again exactly as it was (scene as the engine ran it, seed, speed, start),
 * set up again by the feature that ran it, then its journal replayed, each entry at its simulated time, and the
 * engine run on to the last simulated time saved. Timers (a training scenario's steps) fire at their own times on
 * the way, as they did live, so the session ends in the engine state, event log and feature state it had.
 */

/** Applies a recorded session command again; throws if the session refuses it (it did not live). */
export function applyCommand(session: Session, command: SessionCommand): void {
  switch (command.op) {
    case 'intervene': {
      const error = session.intervene(command.intervention, command.by);
      if (error) throw new Error(`the intervention on ${command.intervention.station} at t=${session.sim.now} failed: ${error}`);
      return;
    }
    case 'speed':
      return session.setSpeed(command.speed);
    case 'pause':
      return session.pause();
    case 'resume':
      return session.resume();
    case 'step':
      session.step(command.seconds);
      return;
    case 'reset':
      return session.reset(command.seed);
  }
}

/** Sets up the feature running a restored session; returns how to apply its commands (null: a plain session). */
export type FeatureSetup = (session: Session) => ((data: unknown) => void) | null;

/** Rebuilds `stored` up to its last saved simulated time; throws when the journal does not replay. */
export function rebuildSession(stored: StoredSession, setup: FeatureSetup): Session {
  const session = createSession({
    id: stored.id,
    code: stored.code,
    sceneKey: stored.sceneKey,
    scene: stored.scene as Scene,
    seed: stored.seed,
    speed: stored.speed,
    start: stored.start,
  });
  const applyFeature = setup(session);
  let last = 0;
  for (const { t, entry } of stored.journal) {
    const e = entry as JournalEntry;
    if (e.op === 'clock') continue; // the feature's clock plays these back
    session.fastForward(t);
    if (session.sim.now !== t) throw new Error(`the replay reached t=${session.sim.now}, not t=${t} where the journal goes on`);
    if (e.op === 'session') applyCommand(session, e.command);
    else if (applyFeature) applyFeature(e.data);
    else throw new Error('a feature command in a session no feature runs');
    last = t;
  }
  session.fastForward(Math.max(last, stored.simTime));
  // What the replay produced is history: viewers of the restored session start from a snapshot.
  session.takeFrame();
  session.takeLog();
  return session;
}
