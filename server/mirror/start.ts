import type { Scene } from '../scene/index.ts';
import { MIRROR_ROOT } from './topics.ts';
import { replaySession, type MirrorSession } from './replay.ts';
import { liveMirror, type LiveMirror } from './live.ts';

/**
 * The mirrored sessions `twin serve` starts with: `--mirror <log>` replays a plant log, `--mirror-mqtt [prefix]`
 * follows MQTT events; the first is the default session (what a bare URL shows).
 */

/** What `twin serve` was asked to mirror. */
export interface MirrorRequest {
  /** `--mirror`: a plant event log file (JSON lines or CSV). */
  log?: string | undefined;
  /** `--mirror-mqtt`: true for the default topic prefix, else the prefix. */
  mqtt?: string | true | undefined;
}

/** The mirrored sessions to create, in order, and the live one's feed. */
export interface MirrorPlan {
  sessions: MirrorSession[];
  live: { mirror: LiveMirror; prefix: string } | null;
}

/** The default topic prefix of a live mirror of the scene `sceneKey`. */
const defaultMirrorPrefix = (sceneKey: string): string => `${MIRROR_ROOT}/${sceneKey}`;

/** Reads and checks what is to be mirrored (a log that does not fit the scene throws its PlantLogError now). */
export async function planMirrors(scene: Scene, sceneKey: string, request: MirrorRequest): Promise<MirrorPlan> {
  const sessions: MirrorSession[] = [];
  if (request.log !== undefined) sessions.push(await replaySession(scene, request.log));
  if (request.mqtt === undefined) return { sessions, live: null };
  const prefix = request.mqtt === true ? defaultMirrorPrefix(sceneKey) : request.mqtt;
  const mirror = liveMirror(scene, prefix, 'mqtt');
  sessions.push(mirror);
  return { sessions, live: { mirror, prefix } };
}
