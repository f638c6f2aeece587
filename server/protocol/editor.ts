import { z } from 'zod';
import type { Reply, SessionInfo } from './events.ts';
import type { EstimateWire } from './experiments.ts';

/**
 * Wire protocol of the line editor (`?mode=editor`): opening a scene's text, quick estimates of an edited text,
 * saving it to the saved-scenes folder and running it as a session. Types are shared with the browser (type-only
 * imports there); the zod schemas are what the server validates each payload with. A scene travels as its text, so
 * comments and key order survive; the server parses it with the same code as `twin validate`.
 */

/** A problem in a scene text, as parseScene reports it (server/scene/errors.ts's SceneIssue is this type). */
export interface SceneIssueWire {
  file: string;
  /** Where in the file's data, like `stations[2].cycleTime.mean`; empty for the file as a whole. */
  path: string;
  message: string;
  /** A suggestion such as `did you mean "cycleTime"?`. */
  hint?: string | undefined;
  /** 1-based position in the text, when known. */
  line?: number | undefined;
  column?: number | undefined;
}

/** A quick estimate of an edited line: a few short replications and their 95 % intervals. */
export interface EditorEstimate {
  replications: number;
  /** Simulated time (s) every replication ran to, warm-up included (like the scene's `run.horizon`). */
  horizonSeconds: number;
  /** The scene's warm-up (s): the KPIs are of [warm-up, horizon). */
  warmupSeconds: number;
  /** Good parts per hour of the measured period. */
  throughputPerHour: EstimateWire;
  oee: EstimateWire;
  kWhPerGoodPart: EstimateWire;
  /** The station most often the bottleneck over the replications, and its mean bottleneck share; null: none. */
  bottleneck: { station: string; share: number } | null;
  /** Wall seconds the estimate took on the server (queue included). */
  seconds: number;
}

/** A refused estimate of a text that does not parse: the same issues `twin validate` (parseScene) reports. */
export type EstimateReply = (
  res: { ok: true; estimate: EditorEstimate } | { ok: false; error: string; issues?: SceneIssueWire[] | undefined },
) => void;

/**
 * Most bytes (UTF-8) of a scene text sent through the editor: the server takes messages of at most 16 KB (a larger one
 * closes the sender's connection), and the text travels JSON-escaped with its event. Larger scenes are files in the
 * scenes folder. The browser checks this before sending.
 */
export const MAX_EDITOR_TEXT_BYTES = 15_000;

/** Most stations of a scene built in the editor: its plan is drawn by hand, and estimates stay quick. */
export const MAX_EDITOR_STATIONS = 200;

/** A saved scene's name: its file is `<name>.yaml` in the saved-scenes folder. No dots, no separators. */
export const SAVED_SCENE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** UTF-8 length of a text, in the browser and in Node alike. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

const text = z
  .string()
  .min(1, 'the scene text is empty')
  .max(MAX_EDITOR_TEXT_BYTES, `the scene text is too large: at most ${MAX_EDITOR_TEXT_BYTES.toLocaleString('en-US')} bytes`)
  .refine((t) => utf8Bytes(t) <= MAX_EDITOR_TEXT_BYTES, {
    error: `the scene text is too large: at most ${MAX_EDITOR_TEXT_BYTES.toLocaleString('en-US')} bytes`,
  });
const name = z
  .string()
  .regex(SAVED_SCENE_NAME, 'a name of 1-64 letters, digits, _ and - (starting with a letter or digit; no dots or slashes)');
const sceneKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'a scene key: letters, digits, _ . - only');

/** zod schemas of the editor's client events, by name. */
export const editorSchemas = {
  'editor:open': z.strictObject({ scene: sceneKey }),
  'editor:estimate': z.strictObject({ text, name: name.optional() }),
  'editor:save': z.strictObject({ name, text }),
  'editor:run': z.strictObject({ text, name: name.optional() }),
} as const;

/** The payload of an editor event, as a client sends it (derived from its schema). */
export type EditorRequest<E extends keyof typeof editorSchemas> = z.input<(typeof editorSchemas)[E]>;

/** Editor events a client sends; each takes an acknowledgement. */
export interface EditorClientEvents {
  /** The text of a bundled or saved scene (a catalog key), exactly as its file holds it. */
  'editor:open': (req: EditorRequest<'editor:open'>, ack: Reply<{ name: string; text: string; saved: boolean }>) => void;
  /**
   * A quick estimate of a scene text (anyone): a few short replications in worker threads. A newer request from the
   * same connection supersedes an older one, which is answered `{ ok: false, error: 'superseded' }`. `name` only
   * names the text in issues (`<name>.yaml`, default `scene.yaml`).
   */
  'editor:estimate': (req: EditorRequest<'editor:estimate'>, ack: EstimateReply) => void;
  /** Operator: validates the text and writes it to `<name>.yaml` in the saved-scenes folder; the catalog lists it. */
  'editor:save': (req: EditorRequest<'editor:save'>, ack: Reply<{ key: string; file: string }>) => void;
  /** Operator: a new session running the text (scene key `name`, default `edited`). */
  'editor:run': (req: EditorRequest<'editor:run'>, ack: Reply<{ session: SessionInfo }>) => void;
}

/** Editor events that need the operator token: they write files or start sessions. */
export const EDITOR_CONTROL_EVENTS: ReadonlySet<keyof typeof editorSchemas> = new Set(['editor:save', 'editor:run'] as const);
