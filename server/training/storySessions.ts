import type { SessionRegistry } from '../session/registry.ts';
import type { Session, SimTimer } from '../session/session.ts';
import type { Role } from '../protocol/events.ts';
import type { StorySessions } from '../protocol/training.ts';
import type { Story, StoryVariant } from './story.ts';

/**
 * The running sessions of before/after stories: one pair per story, created on first open and shared by
 * every screen showing it. Both sides start together at the story's speed with the same seed; each pauses
 * at the story's end, and a restart resets both at once, so their clocks stay together. A viewer never resets
 * a pair others may be watching: opening a story joins the running pair, and a viewer's restart is refused until
 * both sides have ended. An operator restarts it at any time, and an operator opening a story nobody watches
 * gets it from its start.
 */

/** Opens and restarts story session pairs. */
export interface StorySessionsManager {
  /** The pair of `story` (created if needed; restarted when asked and allowed, or for an operator when nobody watches). */
  open(story: Story, restart: boolean, role: Role): { sessions: StorySessions; restarted: Session[] };
}

/** Resumes a story side at the story's start (it runs there at full speed) and pauses it at its end, exactly. */
function storyTimer(session: Session, start: number, end: number): SimTimer {
  // the engine runs whose start and end were reached (a reset makes a new one); the end stays due until it fired,
  // also when the clock stands exactly on it (a timer is fired while due <= now)
  let started: unknown = null;
  let ended: unknown = null;
  return {
    due: () => (started !== session.sim ? start : ended !== session.sim ? end : Infinity),
    fire: () => {
      if (started !== session.sim) {
        started = session.sim;
        session.resume();
      } else {
        ended = session.sim;
        session.pause();
      }
    },
  };
}

/** Runs a side from time 0 to the story's start at full speed (the timer resumes it there). */
function fastForward(session: Session, start: number): void {
  if (start > 0) session.step(start);
  else session.resume();
}

/** Creates the manager over a registry. */
export function createStorySessions(registry: SessionRegistry): StorySessionsManager {
  const pairs = new Map<string, { before: string; after: string }>();

  const applyChanges = (session: Session, v: StoryVariant): void => {
    for (const iv of v.changes) {
      const error = session.intervene(iv);
      if (error) throw new Error(`story change on ${iv.station} failed: ${error}`); // validated at load: a bug if it happens
    }
  };
  const create = (story: Story, side: 'before' | 'after'): Session => {
    const v = story[side];
    const s = registry.create(`story:${story.key}:${side}`, v.scene, { seed: story.seed, speed: story.info.speed });
    applyChanges(s, v);
    s.timer = storyTimer(s, story.info.start, story.info.start + story.info.duration);
    fastForward(s, story.info.start);
    return s;
  };

  return {
    open(story, restart, role) {
      const known = pairs.get(story.key);
      let before = known ? registry.get(known.before) : null;
      let after = known ? registry.get(known.after) : null;
      const restarted: Session[] = [];
      if (!before || !after) {
        if (before) registry.close(before.id);
        if (after) registry.close(after.id);
        before = create(story, 'before');
        try {
          after = create(story, 'after');
        } catch (e) {
          registry.close(before.id);
          throw e;
        }
        pairs.set(story.key, { before: before.id, after: after.id });
      } else {
        const ended = (s: Session): boolean => s.info().paused && s.sim.now >= story.info.start + story.info.duration;
        const operator = role === 'operator';
        // a new audience gets the story from its start, but only an operator may decide that nobody watches: a
        // viewer's screen may be reconnecting, or about to join the pair another screen just opened
        const unwatched = operator && before.viewers === 0 && after.viewers === 0;
        const allowed = operator || (ended(before) && ended(after));
        if (unwatched || (restart && allowed)) {
          for (const [s, side] of [
            [before, 'before'],
            [after, 'after'],
          ] as const) {
            s.reset();
            applyChanges(s, story[side]);
            fastForward(s, story.info.start);
            restarted.push(s);
          }
        } else if (restart) {
          throw new Error('the story is still running: it restarts by itself once both sides have ended');
        }
      }
      return { sessions: { story: story.info, before: before.info(), after: after.info() }, restarted };
    },
  };
}
