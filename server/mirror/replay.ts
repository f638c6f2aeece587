import { basename } from 'node:path';
import { createMirror } from '../sim/index.ts';
import type { Scene } from '../scene/index.ts';
import { readPlantLog } from '../plantlog/read.ts';
import { checkPlantLog } from '../plantlog/check.ts';
import type { SessionEngine } from '../session/session.ts';

/**
 * The replay of a recorded plant log as a session (`twin serve --mirror <log>`): the log is read and checked against
 * the scene once, and every (re)start of the session feeds all of it to a fresh mirror, which books each event as the
 * session's clock passes it, at the session's speed ('max' too). The session ends (pauses) at the log's end.
 */

/** A session's scene and engine for replaying `file` on `scene`. */
export interface MirrorSession {
  scene: Scene;
  engine: SessionEngine;
}

/** Reads `file` (JSON lines or CSV: docs/plant.md) and prepares its replay; throws a PlantLogError naming the lines at fault. */
export async function replaySession(scene: Scene, file: string): Promise<MirrorSession> {
  const log = await readPlantLog(file);
  checkPlantLog(log, scene.line, file);
  const last = log.events.at(-1)?.t ?? 0;
  const name = basename(file);
  return {
    // no warm-up: the mirror measures the whole log; its horizon is the log's end, up to the next whole second
    scene: { ...scene, run: { ...scene.run, warmup: 0, horizon: Math.max(1, Math.floor(last) + 1) } },
    engine: {
      mirror: { source: 'replay', name },
      create(line, options) {
        const mirror = createMirror(line, { name, observer: options.observer });
        log.events.forEach((e, k) => {
          const error = mirror.feed(e); // checked above, so this is a bug if it happens: say so rather than drop the event
          if (error !== null) throw new Error(`${file}:${log.lines[k]}: ${error}`);
        });
        return mirror;
      },
    },
  };
}
