import { io, type Socket, type SocketReservedEvents } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@protocol/events.ts';
import { PROTOCOL_VERSION } from '@protocol/events.ts';

/**
 * The browser's socket, typed with the protocol's event maps: every `on` gets its payload type from
 * ServerToClientEvents, every `emit` its payload and acknowledgement from ClientToServerEvents. Net modules
 * take it as a parameter; unit tests pass a subclass whose transport is faked (test/client/fakeLine.ts).
 */
export type TwinSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens the real socket to `url`, sending the protocol version and (if any) the stored operator token. */
export function openTwinSocket(url: string, token: () => string | null): TwinSocket {
  return io(url, {
    // called on every (re)connect, so a token entered later is used by the next handshake too
    auth: (cb: (data: object) => void) => {
      const t = token();
      cb(t ? { protocol: PROTOCOL_VERSION, token: t } : { protocol: PROTOCOL_VERSION });
    },
    transports: ['websocket', 'polling'], // websocket first: no long-polling upgrade dance on a LAN
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
}

/** What a TwinSocket reports: the server's events and the socket's own (connect, disconnect, connect_error). */
export type SocketEvents = ServerToClientEvents & SocketReservedEvents;

/**
 * One event with its listener. The union over all events ties each name to its own listener type, so
 * `{ event: 'sim:kpi', listener: onFrame }` is a compile error when onFrame takes a Frame.
 */
export type Subscription = { [E in keyof SocketEvents]: { event: E; listener: SocketEvents[E] } }[keyof SocketEvents];

/** Registers every subscription on `socket`; the returned function removes exactly those listeners. */
export function listen(socket: TwinSocket, subscriptions: readonly Subscription[]): () => void {
  for (const s of subscriptions) socket.on(s.event, s.listener);
  return () => {
    for (const s of subscriptions) socket.off(s.event, s.listener);
  };
}
