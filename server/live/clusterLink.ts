import type { Role, SessionInfo } from '../protocol/events.ts';
import type { TwinServer } from './gate.ts';

/**
 * What the transport knows of the scale-out (`twin serve --redis`, docs/scale-live.md): types and the list of
 * forwarded events, no Redis code, so a server without --redis loads none. The implementation (cluster.ts) is imported dynamically by the composition
 * root and handed to the server as a ClusterLink.
 */

/** Session events run on the session's process, as for its own viewers (session:join too, handled apart). */
export const OWNER_EVENTS = [
  'session:reset',
  'session:close',
  'control:speed',
  'control:pause',
  'control:resume',
  'control:step',
  'control:intervene',
  'station:inspect',
  'energy:breakdown',
] as const;

/** Session events a process forwards to the process that owns the session. */
export type OwnerEvent = 'session:join' | (typeof OWNER_EVENTS)[number];

/**
 * A request on a session of another process: the event (or `session:leave`, a viewer of another process left), its
 * payload as the asking process's gate validated it, and the role its connection has there.
 */
export interface OwnerRequest {
  /** The session's id, or a join code for `session:join`. */
  session: string;
  event: OwnerEvent | 'session:leave';
  payload: unknown;
  role: Role;
}

/** The owner's answer: the acknowledgement the connection gets. */
export type OwnerAnswer = { ok: true; [field: string]: unknown } | { ok: false; error: string };

/** Runs a forwarded request if this process runs the session; null when it does not. */
export type OwnerRunner = (request: OwnerRequest) => OwnerAnswer | null;

/** The sessions of the other processes, as one process reaches them. */
export interface RemoteSessions {
  /** The sessions other processes run (the union of the session list). */
  list(): Promise<SessionInfo[]>;
  /** Runs a request on the session's owner; resolves with its answer (an error answer when no process runs it). */
  call(request: OwnerRequest): Promise<OwnerAnswer>;
}

/** The scale-out as the live server uses it. */
export interface ClusterLink {
  /** Once the Socket.IO server exists: installs the Redis adapter, answers other processes' requests with `run`. */
  attach(io: TwinServer, run: OwnerRunner): RemoteSessions;
  /** Once the server listens: starts the heartbeat and watching for sessions whose owner is gone. */
  start(): void;
  /** Stops running sessions for the cluster: publishes where each is and gives its key up, so another process takes it over at once. */
  handOver(): Promise<void>;
  /** Disconnects from Redis (after the Socket.IO server, and its adapter, closed). */
  close(): Promise<void>;
}
