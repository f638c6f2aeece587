import type { IncomingMessage } from 'node:http';
import { createRateLimiter, type RateLimiter } from './rateLimit.ts';

/**
 * Traffic control below Socket.IO's events: every packet a client sends counts against its connection's token
 * bucket, so nothing reaches the server uncounted. Events (whatever their name) are charged by the gate (gate.ts)
 * at their cost, where a refused one can be answered; every other packet (acknowledgements, namespace connects,
 * heartbeats, binary attachments) is charged 1 here, at the Engine.IO level, as it arrives. A connection that
 * keeps sending after it was refused is cut, and each remote address may hold only so many connections.
 */

/** The limits of the live server's traffic; every field has a default (DEFAULT_TRAFFIC_LIMITS). */
export interface TrafficLimits {
  /** Tokens per second per connection (a cheap message costs 1). */
  rate: number;
  /** Tokens a connection may spend at once. */
  burst: number;
  /** Refused packets after which a connection is a flood and is disconnected. */
  floodDisconnect: number;
  /** Connections one remote address may hold at once. */
  connectionsPerAddress: number;
}

/** 20 cheap messages a second per connection, bursts of 40; 200 refused packets disconnect; 32 connections per address. */
export const DEFAULT_TRAFFIC_LIMITS: TrafficLimits = { rate: 20, burst: 40, floodDisconnect: 200, connectionsPerAddress: 32 };

/** The part of an Engine.IO connection the traffic control needs (kept structural: engine.io's types are not ours). */
export interface EngineConnection {
  readonly request: IncomingMessage;
  on(event: 'packet', listener: (packet: { type: string; data?: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(): unknown;
}

/** The budget of one connection. */
export interface ConnectionMeter {
  /** Refused packets so far. */
  readonly dropped: number;
  /** Charges `cost` tokens for an event; false, and counted as refused, when the bucket holds fewer. */
  charge(cost: number): boolean;
  /** Replaces how a flooding connection is cut (the gate disconnects its Socket.IO socket, so it does not reconnect). */
  onFlood(cut: () => void): void;
}

/** The traffic control of one server. */
export interface TrafficControl {
  /** Why a new connection from this request is refused (too many from its address), or null. */
  refuse(req: IncomingMessage): string | null;
  /** Starts metering a new Engine.IO connection. */
  attach(conn: EngineConnection): void;
  /** The meter of a connection attach() saw. */
  meterOf(conn: object): ConnectionMeter | undefined;
  /** Connections open now from `address`. */
  connectionsFrom(address: string): number;
}

/** The client's address as the socket saw it, IPv4-mapped IPv6 written as IPv4. Proxies' headers are not trusted. */
export function remoteAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/**
 * True for a Socket.IO event packet (type 2, or 5 with binary attachments, in its text encoding): the gate charges
 * those. Socket.IO hands events to the gate a tick after they arrive, so the gate is where a verdict can be answered.
 */
const isEvent = (data: unknown): boolean => typeof data === 'string' && (data[0] === '2' || data[0] === '5');

function createMeter(limits: TrafficLimits, conn: EngineConnection, now: () => number): ConnectionMeter & { packet(data: unknown): void } {
  const bucket: RateLimiter = createRateLimiter(limits.rate, limits.burst);
  let cut = (): void => {
    conn.close();
  };
  let cutDone = false;
  const refused = (): void => {
    if (bucket.dropped >= limits.floodDisconnect && !cutDone) {
      cutDone = true;
      cut();
    }
  };
  return {
    get dropped() {
      return bucket.dropped;
    },
    packet(data) {
      if (!isEvent(data) && !bucket.take(now())) refused();
    },
    charge(cost) {
      if (bucket.take(now(), cost)) return true;
      refused();
      return false;
    },
    onFlood(c) {
      cut = c;
    },
  };
}

/** Creates the traffic control of a server; `now` is the wall clock in ms (tests may pass their own). */
export function createTrafficControl(limits: TrafficLimits = DEFAULT_TRAFFIC_LIMITS, now: () => number = Date.now): TrafficControl {
  const meters = new WeakMap<object, ReturnType<typeof createMeter>>();
  const open = new Map<string, number>(); // address -> connections open now
  return {
    refuse(req) {
      const address = remoteAddress(req);
      const n = open.get(address) ?? 0;
      return n >= limits.connectionsPerAddress
        ? `too many connections from ${address} (${n}; at most ${limits.connectionsPerAddress}): close some tabs`
        : null;
    },
    attach(conn) {
      const address = remoteAddress(conn.request);
      open.set(address, (open.get(address) ?? 0) + 1);
      const meter = createMeter(limits, conn, now);
      meters.set(conn, meter);
      conn.on('packet', (packet) => meter.packet(packet.type === 'message' ? packet.data : null));
      conn.on('close', () => {
        const n = (open.get(address) ?? 1) - 1;
        if (n > 0) open.set(address, n);
        else open.delete(address);
      });
    },
    meterOf: (conn) => meters.get(conn),
    connectionsFrom: (address) => open.get(address) ?? 0,
  };
}
