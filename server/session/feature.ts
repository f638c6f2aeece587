import type { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../protocol/events.ts';
import type { SessionRegistry } from './registry.ts';
import type { Session } from './session.ts';

/**
 * How features (training, experiments, the core session controls) plug into the live server without knowing its
 * transport: the server hands each feature a host (the sessions and a way to reach rooms of connections) and,
 * for every new connection, a connection whose events go through the server's gate. The composition root
 * (server/commands/serve.ts) decides which features a server has; the transport imports none of them.
 */

/** Names of the events a client sends. */
export type ClientEvent = keyof ClientToServerEvents;
/** Names of the events the server sends. */
export type ServerEvent = keyof ServerToClientEvents;

/** What a handler of client event E returns: the fields of its `{ ok: true, ... }` acknowledgement. */
export type Success<E extends ClientEvent> = Omit<Extract<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0], { ok: true }>, 'ok'>;

/** A handler of client event E: it gets the payload as its schema parsed it, and throws an Error to refuse. */
export type Handler<E extends ClientEvent, S extends z.ZodType> = (payload: z.output<S>) => Success<E> | Promise<Success<E>>;

/** One client connection as a feature sees it. */
export interface FeatureConnection {
  /** The connection's role, joined session and feature data; kept across a recovered reconnect. */
  readonly data: SocketData;
  /** The client's remote address (as the socket saw it; proxies' headers are not trusted; people behind one NAT share it). */
  readonly address: string;
  /** True when Socket.IO restored this connection's rooms and data after a short drop. */
  readonly recovered: boolean;
  /**
   * Handles client event `event` behind the server's gate: the rate limit, zod validation with `schema`, the
   * operator check when `control` is set, and a catch-all that turns a thrown Error into `{ ok: false, error }`.
   */
  handle<E extends ClientEvent, S extends z.ZodType>(event: E, schema: S, handler: Handler<E, S>, options?: { control?: boolean }): void;
  join(room: string): void;
  leave(room: string): void;
  emit<E extends ServerEvent>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Runs when the connection closes (it may still be recovered later, with its data). */
  onDisconnect(listener: () => void): void;
}

/** What the live server offers every feature. */
export interface FeatureHost {
  readonly registry: SessionRegistry;
  /** Sends a session's info and its new log entries to its viewers now (after a control change). */
  announce(session: Session): void;
  /** Sends every viewer of a session a fresh snapshot (after a reset or a restart). */
  resnapshot(session: Session): void;
  /** Emits an event to every connection in a room. */
  broadcast<E extends ServerEvent>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Takes every connection out of a room (a closed session's). */
  clearRoom(room: string): void;
  /**
   * Checks an operator token sent by a plant connection (OPC UA, MQTT) from `address`: the browser sign-in itself,
   * with its per-address limits, so no surface is an easier place to guess the token.
   */
  operatorSignIn(address: string, token: unknown): { ok: true } | { ok: false; error: string };
  /**
   * Hears every session after each pacing tick, once its frame and log went out to its viewers, so a plant
   * connection follows the session's simulated time at its pacing. Returns a function that stops listening.
   */
  onTick(listener: (session: Session) => void): () => void;
}

/** A feature of the live server. */
export interface Feature {
  /** Registers the feature's handlers on a new connection. */
  connect(connection: FeatureConnection): void;
  /** Stops what the feature runs when the server closes. */
  close?(): Promise<void>;
}

/** Creates a feature once the server's host exists. */
export type FeatureFactory = (host: FeatureHost) => Feature;
