import type { Ack, SessionInfo } from '@protocol/events.ts';

/**
 * The editor's Socket.IO events as the contract between the editor's server (E1, `server/protocol/editor.ts`) and
 * this client gives them (notes/editor-contract.md). Declared here until that module is on main; then these
 * types are imported from `@protocol/editor.ts` instead and this file goes.
 */

/** One problem in a scene, as `twin validate` reports it (server/scene/errors.ts SceneIssue). */
export interface EditorIssue {
  file: string;
  path: string;
  message: string;
  hint?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

/** A mean with the half-width of its 95 % confidence interval. */
export interface Estimated {
  mean: number;
  halfWidth: number;
}

/** A quick estimate: a few short replications of the edited line. */
export interface QuickEstimate {
  replications: number;
  horizonSeconds: number;
  throughputPerHour: Estimated;
  /** 0..1 */
  oee: Estimated;
  kWhPerGoodPart: Estimated;
  bottleneck: { station: string; share: number } | null;
  /** Wall time the server took, s. */
  seconds: number;
}

/** The editor's requests, each with its acknowledgement. */
export interface EditorClientEvents {
  'editor:open': (req: { scene: string }, ack: (res: Ack<{ name: string; text: string; saved: boolean }>) => void) => void;
  'editor:estimate': (
    req: { text: string },
    ack: (res: { ok: true; estimate: QuickEstimate } | { ok: false; error: string; issues?: EditorIssue[] | undefined }) => void,
  ) => void;
  'editor:save': (req: { name: string; text: string }, ack: (res: Ack<{ key: string; file: string }>) => void) => void;
  'editor:run': (req: { text: string; name?: string | undefined }, ack: (res: Ack<{ session: SessionInfo }>) => void) => void;
}

/** A saved scene's name as the server accepts it: no dots, no separators. */
export const SAVE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
