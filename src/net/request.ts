import type { ClientToServerEvents } from '@protocol/events.ts';
import type { TwinSocket } from './twinSocket.ts';

/** Request with acknowledgement over a TwinSocket, for every net module (twin, training, experiments). */

type Events = ClientToServerEvents;
// Spelled exactly as socket.io-client spells AllButLast, Last and FirstArg for emitWithAck: TypeScript relates
// deferred types of a generic event only when they are written alike (a plain `[Req<E>]` does not match
// `Parameters<Events[E]>`, microsoft/TypeScript#40900), and this is what lets request() pass a generic event.
type AllButLast<T extends unknown[]> = T extends [...infer Head, infer _Last] ? Head : unknown[];
type Last<T extends unknown[]> = T extends [...infer _Head, infer L] ? L : unknown;
type FirstArg<T> = T extends (arg: infer Param) => infer _Result ? Param : unknown;

/** The arguments of a client event before its acknowledgement: `[payload]`. */
export type ReqArgs<E extends keyof Events> = AllButLast<Parameters<Events[E]>>;
/** Payload of a client event. */
export type Req<E extends keyof Events> = ReqArgs<E>[0];
/** Acknowledgement of a client event. */
export type Res<E extends keyof Events> = FirstArg<Last<Parameters<Events[E]>>>;

/** An acknowledgement the client makes up itself (offline, no answer, connection lost): fits every event's Ack. */
export interface Failure {
  ok: false;
  error: string;
}

/** How long a request waits for its acknowledgement (ms). */
export const REQUEST_TIMEOUT_MS = 8000;

const failure = (error: string): Failure => ({ ok: false, error });

/**
 * Sends `event` with its payload and resolves with the server's acknowledgement, both typed per event from
 * ClientToServerEvents. Never rejects: offline, no answer within REQUEST_TIMEOUT_MS, a lost connection
 * (Socket.IO then rejects the pending acknowledgement) or a malformed answer resolve as a Failure.
 */
export function request<E extends keyof Events>(socket: TwinSocket, event: E, ...payload: ReqArgs<E>): Promise<Res<E> | Failure> {
  return new Promise((resolve) => {
    if (!socket.connected) return resolve(failure('not connected to the server'));
    const timer = setTimeout(() => resolve(failure(`${event}: no answer from the server`)), REQUEST_TIMEOUT_MS);
    socket
      .emitWithAck(event, ...payload)
      .then(
        (res) => resolve(res && typeof res === 'object' ? res : failure(`${event}: malformed answer`)),
        (err: unknown) => resolve(failure(`${event}: ${err instanceof Error ? err.message : 'no answer'}`)),
      )
      .finally(() => clearTimeout(timer));
  });
}

/**
 * Signs this connection in as an operator and keeps the token for reconnects (the handshake sends it);
 * `onSignedIn` updates the mode's store. Shared by every mode's net module.
 */
export async function signInOperator(
  socket: TwinSocket,
  tokens: { set(token: string): void },
  token: string,
  onSignedIn: () => void,
): Promise<Res<'auth:operator'>> {
  const res = await request(socket, 'auth:operator', { token });
  if (res.ok) {
    tokens.set(token);
    onSignedIn();
  }
  return res;
}
