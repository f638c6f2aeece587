import type { SessionRegistry } from '../session/registry.ts';
import type { Session, SimTimer } from '../session/session.ts';
import type { Role } from '../protocol/events.ts';
import type { StorySessions } from '../protocol/training.ts';
import type { Side, Story, StoryVariant } from './story.ts';

/**
 * The running sessions of before/after stories: one pair per story (three sessions for a story with a middle
 * side), created on first open and shared by every screen showing it. All sides start together at the story's speed with the same seed; each pauses
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

/** The sides a story shows, in order: before, the middle side if it has one, after. */
export function sidesOf(story: Story): Side[] {
  return story.middle ? ['before', 'middle', 'after'] : ['before', 'after'];
}

/** Creates the manager over a registry. */
export function createStorySessions(registry: SessionRegistry): StorySessionsManager {
  const groups = new Map<string, Partial<Record<Side, string>>>();

  const applyChanges = (session: Session, v: StoryVariant): void => {
    for (const iv of v.changes) {
      const error = session.intervene(iv);
      if (error) throw new Error(`story change on ${iv.station} failed: ${error}`); // validated at load: a bug if it happens
    }
  };
  const variantOf = (story: Story, side: Side): StoryVariant => story[side]!; // sidesOf lists only the sides it has
  const create = (story: Story, side: Side): Session => {
    const v = variantOf(story, side);
    const s = registry.create(`story:${story.key}:${side}`, v.scene, { seed: story.seed, speed: story.info.speed });
    applyChanges(s, v);
    s.timer = storyTimer(s, story.info.start, story.info.start + story.info.duration);
    fastForward(s, story.info.start);
    return s;
  };

  return {
    open(story, restart, role) {
      const sides = sidesOf(story);
      const known = groups.get(story.key);
      const found = sides.map((side) => {
        const id = known?.[side];
        return id ? registry.get(id) : null;
      });
      const restarted: Session[] = [];
      let sessions: Session[];
      if (found.some((s) => !s)) {
        for (const s of found) if (s) registry.close(s.id);
        sessions = [];
        try {
          for (const side of sides) sessions.push(create(story, side));
        } catch (e) {
          for (const s of sessions) registry.close(s.id);
          throw e;
        }
        groups.set(story.key, Object.fromEntries(sides.map((side, i) => [side, sessions[i]!.id])));
      } else {
        sessions = found as Session[];
        const ended = (s: Session): boolean => s.info().paused && s.sim.now >= story.info.start + story.info.duration;
        const operator = role === 'operator';
        // a new audience gets the story from its start, but only an operator may decide that nobody watches: a
        // viewer's screen may be reconnecting, or about to join the sessions another screen just opened
        const unwatched = operator && sessions.every((s) => s.viewers === 0);
        const allowed = operator || sessions.every(ended);
        if (unwatched || (restart && allowed)) {
          sessions.forEach((s, i) => {
            s.reset();
            applyChanges(s, variantOf(story, sides[i]!));
            fastForward(s, story.info.start);
            restarted.push(s);
          });
        } else if (restart) {
          throw new Error(`the story is still running: it restarts by itself once ${sides.length === 2 ? 'both' : 'all'} sides have ended`);
        }
      }
      const info = Object.fromEntries(sides.map((side, i) => [side, sessions[i]!.info()])) as Omit<StorySessions, 'story'>;
      return { sessions: { story: story.info, ...info }, restarted };
    },
  };
}
