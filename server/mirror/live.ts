import { createMirror, type Mirror, type MirrorEvent } from '../sim/index.ts';
import type { Scene } from '../scene/index.ts';
import type { MirrorSession } from './replay.ts';

/**
 * A session mirroring a live feed (`twin serve --mirror-mqtt`): its clock runs at the plant's pace (1x, never paused,
 * so the feed's events book at the time they come), and the feed reaches whichever mirror the session runs now (a
 * reset starts an empty one).
 */

/** How far ahead of the mirror's clock (s) an event's `t` may be. */
const MAX_AHEAD = 3600;
/** Most events waiting for their time. */
const MAX_PENDING = 10_000;

/** A live mirror's session and the door its feed comes in by. */
export interface LiveMirror extends MirrorSession {
  /** Books `event` (its `t` on the mirror's clock: a feed without one gives `now()`); returns why it does not fit the line, or null. */
  feed(event: MirrorEvent): string | null;
  /** The mirror's clock now (s since the session started). */
  now(): number;
}

/** A live mirror of `scene` named `name` (its feed's topic prefix). */
export function liveMirror(scene: Scene, name: string, source: 'mqtt'): LiveMirror {
  let current: Mirror | null = null;
  return {
    scene: { ...scene, run: { ...scene.run, warmup: 0, horizon: Infinity } },
    engine: {
      mirror: { source, name },
      fixedPace: `this session mirrors the live feed ${name}: it runs at the plant's pace, so its speed cannot be changed and it cannot be paused`,
      create(line, options) {
        current = createMirror(line, { name, observer: options.observer });
        return current;
      },
    },
    feed(event) {
      if (current === null) return 'the mirror is not running yet';
      const { t } = event;
      // a feed cannot fill the server's memory with news from the future
      if (t > current.now + MAX_AHEAD)
        return `t = ${t} is more than ${MAX_AHEAD} s ahead of the mirror's clock (${current.now.toFixed(3)} s)`;
      if (current.pending >= MAX_PENDING) return `${MAX_PENDING} events are waiting for their time already`;
      return current.feed(event);
    },
    now: () => current?.now ?? 0,
  };
}
