import type { Session, SessionCommand } from './session.ts';

/**
 * A session's journal: what was done to a session, in order, each entry at the simulated time it was applied.
 * Scene + seed + journal bring a session back exactly (restore.ts), because the engine gives the same answer
 * however its run is sliced and every entry is applied at an exact simulated time. Three kinds of entry: a
 * session command (an operator's intervention, speed, pause, step, reset), a command of the feature running the
 * session (a trainee's answer, a trainer's run), and a wall-clock reading the feature took (played back in order,
 * so wall times it shows, like how long a trainee took, come back the same).
 */

/** One journal entry. */
export type JournalEntry = { op: 'session'; command: SessionCommand } | { op: 'feature'; data: unknown } | { op: 'clock'; wall: number };

/** What a feature running a session (training) uses to keep its own commands in the session's journal. */
export interface SessionJournal {
  /** Records a command of the feature, applied at the session's current simulated time. */
  record(data: unknown): void;
  /**
   * Runs `act` without recording the session commands it makes: they follow from a recorded feature command, or
   * from the feature's timer, and come again when those are replayed.
   */
  quiet<T>(act: () => T): T;
  /** Wall clock (ms), its readings recorded; while the session is restored they are played back in order. */
  clock(): number;
}

/** The journal of a session nobody keeps: records nothing, reads the real clock. */
export const UNKEPT_JOURNAL: SessionJournal = {
  record: () => {},
  quiet: (act) => act(),
  clock: () => Date.now(),
};

/**
 * How a feature sets up again a session it ran (as when it created it); returns how to apply the feature commands
 * it recorded. It gets the session's journal, already playing back the recorded clock readings.
 */
export type SessionRestorer = (session: Session, data: unknown, journal: SessionJournal) => (data: unknown) => void;
