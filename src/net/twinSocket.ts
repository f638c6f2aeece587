import { io } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@protocol/events.ts';
import { PROTOCOL_VERSION } from '@protocol/events.ts';

/**
 * The slice of a Socket.IO client socket the app uses. The real socket satisfies it; unit tests pass a fake.
 * Listener types are loose on purpose: the typed protocol lives in twinClient.ts, which names each payload.
 */
export interface TwinSocket {
  readonly connected: boolean;
  /** Set by Socket.IO when a reconnect resumed the old server-side session (missed events were replayed). */
  readonly recovered?: boolean;
  /** False after the server refused the connection in a middleware: Socket.IO then does not retry by itself. */
  readonly active?: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener?: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  /** The Manager: reconnect attempts are reported here, not on the socket. */
  readonly io: { on(event: string, listener: (...args: never[]) => void): unknown; off(event: string, listener?: (...args: never[]) => void): unknown };
}

/** Opens the real socket to `url`, sending the protocol version and (if any) the stored operator token. */
export function openTwinSocket(url: string, token: () => string | null): TwinSocket {
  const socket = io(url, {
    // called on every (re)connect, so a token entered later is used by the next handshake too
    auth: (cb: (data: object) => void) => {
      const t = token();
      cb(t ? { protocol: PROTOCOL_VERSION, token: t } : { protocol: PROTOCOL_VERSION });
    },
    transports: ['websocket', 'polling'], // websocket first: no long-polling upgrade dance on a LAN
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
  // socket.io-client's typed Socket has overloaded generic methods that TS cannot match structurally.
  return socket as unknown as TwinSocket;
}

/** The protocol event maps, re-exported so the client module needs one import. */
export type { ClientToServerEvents, ServerToClientEvents };
