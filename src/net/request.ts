import type { Ack, ClientToServerEvents } from '@protocol/events.ts';
import type { TwinSocket } from './twinSocket.ts';

/** Request with acknowledgement over a TwinSocket, for net modules beside twinClient (training, picker). */

/** Payload of a client event. */
export type Req<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
/** Acknowledgement of a client event. */
export type Res<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** How long a request waits for its acknowledgement (ms). */
export const REQUEST_TIMEOUT_MS = 8000;

/** Sends `event` and resolves with the server's acknowledgement (never rejects). */
export function request<E extends keyof ClientToServerEvents>(socket: TwinSocket, event: E, payload: Req<E>): Promise<Res<E>> {
  return new Promise((resolve) => {
    if (!socket.connected) return resolve({ ok: false, error: 'not connected to the server' } as Res<E>);
    let done = false;
    const timer = setTimeout(() => { done = true; resolve({ ok: false, error: `${event}: no answer from the server` } as Res<E>); }, REQUEST_TIMEOUT_MS);
    socket.emit(event, payload, (res: Res<E>) => {
      if (done) return;
      clearTimeout(timer);
      resolve(res && typeof res === 'object' ? res : ({ ok: false, error: `${event}: malformed answer` } as Res<E>));
    });
  });
}

/** An error text from an acknowledgement, or null when it succeeded. */
export function errorOf(res: Ack<object>): string | null {
  return res.ok ? null : res.error;
}

/**
 * Signs this connection in as an operator and keeps the token for reconnects (the handshake sends it);
 * `onSignedIn` updates the mode's store. Shared by every mode's net module.
 */
export async function signInOperator(
  socket: TwinSocket, tokens: { set(token: string): void }, token: string, onSignedIn: () => void,
): Promise<Res<'auth:operator'>> {
  const res = await request(socket, 'auth:operator', { token });
  if (res.ok) {
    tokens.set(token);
    onSignedIn();
  }
  return res;
}
