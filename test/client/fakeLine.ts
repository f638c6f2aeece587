import { Manager, Socket } from 'socket.io-client';
import type { ClientToServerEvents, Frame, KpiFrame, ServerToClientEvents, Snapshot, StationInfo } from '../../server/protocol/events.ts';
import type { Req, ReqArgs, Res } from '../../src/net/request.ts';
import type { TwinRuntime } from '../../src/net/runtime.tsx';
import { connectTwin } from '../../src/net/twinClient.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { createTwinStore } from '../../src/state/store.ts';

/**
 * Client test helpers: a fixture snapshot of a small line (source, machine, conveyor, buffer, machine with two
 * units, sink), a frame builder in the wire format, and a fake Socket.IO socket that records requests and
 * lets a test play the server.
 */

const station = (s: Partial<StationInfo> & Pick<StationInfo, 'id' | 'type'>): StationInfo => ({
  x: 0,
  z: 0,
  rotation: 0,
  servers: 0,
  capacity: null,
  inputs: [],
  outputs: [],
  ...s,
});

/** Stations in layout order: IN(0) M1(1) CV(2) B1(3) M2(4, two units) OUT(5), along +x. */
export const STATIONS: StationInfo[] = [
  station({ id: 'IN', type: 'source', x: 0, outputs: ['M1'] }),
  station({ id: 'M1', type: 'machine', model: 'cnc', x: 3, servers: 1, inputs: ['IN'], outputs: ['CV'] }),
  station({ id: 'CV', type: 'conveyor', x: 7, capacity: 10, length: 4, transit: 8, inputs: ['M1'], outputs: ['B1'] }),
  station({ id: 'B1', type: 'buffer', x: 11, capacity: 5, inputs: ['CV'], outputs: ['M2'] }),
  station({ id: 'M2', type: 'machine', x: 14, servers: 2, inputs: ['B1'], outputs: ['OUT'] }),
  station({ id: 'OUT', type: 'sink', x: 17, inputs: ['M2'] }),
];

/** A KPI frame with plausible numbers. */
export function kpiAt(t: number, extra: Partial<KpiFrame> = {}): KpiFrame {
  return {
    t,
    throughputPerHour: 1800,
    good: 10,
    scrap: 1,
    oee: 0.7,
    availability: 0.9,
    performance: 0.85,
    quality: 0.95,
    wip: 4,
    leadTimeMean: 30,
    kWh: 1.5,
    kWhPerGoodPart: 0.15,
    powerKW: 12,
    peakKW: 20,
    bottleneck: 'M1',
    perStation: STATIONS.flatMap((_, i) => [i / 10, i === 1 ? 0.8 : 0.1, 0.5]),
    ...extra,
  };
}

/** The fixture snapshot at sim time `t`. */
export function snapshotAt(t = 100, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    protocol: 1,
    role: 'viewer',
    session: {
      id: 's1',
      code: 'ABC234',
      scene: 'fixture',
      sceneName: 'Fixture line',
      seed: 1,
      speed: 1,
      paused: false,
      simTime: t,
      viewers: 1,
    },
    stations: STATIONS,
    states: [[], [0], [], [], [1, 0], []],
    levels: [0, 0, 2, 3, 0, 0],
    parts: [
      [7, 1, t - 0.5, t + 0.5],
      [8, 2, t - 2, t + 6],
    ],
    kpi: kpiAt(t),
    log: [
      { seq: 0, t: 10, kind: 'failure', station: 'M1', text: 'M1 failed' },
      { seq: 1, t: 20, kind: 'repair', station: 'M1', text: 'M1 repaired' },
    ],
    ...extra,
  };
}

/** A frame at sim time `t`; tuple times are given in absolute sim seconds here and encoded as ms relative to t. */
export function frameAt(
  t: number,
  parts: {
    states?: Array<[station: number, unit: number, code: number, at: number]>;
    levels?: Array<[station: number, level: number]>;
    moves?: Array<[id: number, from: number, to: number, t0: number, t1: number]>;
    ends?: Array<[id: number, station: number, scrap: 0 | 1, at: number]>;
    movesDropped?: number;
  } = {},
): Frame {
  const rel = (x: number): number => Math.round((x - t) * 1000);
  return {
    t,
    w: 0,
    states: (parts.states ?? []).flatMap(([s, u, c, at]) => [s, u, c, rel(at)]),
    levels: (parts.levels ?? []).flat(),
    moves: (parts.moves ?? []).flatMap(([id, f, to, a, b]) => [id, f, to, rel(a), rel(b)]),
    ends: (parts.ends ?? []).flatMap(([id, s, scrap, at]) => [id, s, scrap, rel(at)]),
    movesDropped: parts.movesDropped ?? 0,
  };
}

/** A request the client sent: event name and payload, in order. */
export interface SentRequest {
  event: keyof ClientToServerEvents;
  payload: unknown;
}

/** How the fake server answers each client event: payload in, acknowledgement out. */
type Replies = { [E in keyof ClientToServerEvents]: (req: Req<E>) => Res<E> };

/** The fake's Manager: reconnect attempts are Manager events, so only a Manager can report them. */
class FakeManager extends Manager<ServerToClientEvents, ClientToServerEvents> {
  reconnectAttempt(attempt: number): void {
    this.emitReserved('reconnect_attempt', attempt);
  }
}

/**
 * A real socket.io-client Socket (so it is a TwinSocket by type, with no cast) whose transport is faked:
 * nothing connects; the test plays the server through `serve` (answers requests), `push` (server events),
 * `establish` and `drop` (connection changes). Listener bookkeeping is socket.io-client's own (`listeners`).
 */
export class FakeSocket extends Socket<ServerToClientEvents, ClientToServerEvents> {
  /** Requests the client sent, in order. */
  readonly sent: SentRequest[] = [];
  /** How often the client called connect(). */
  connects = 0;
  private readonly manager: FakeManager;
  private readonly replies: Partial<Replies> = {};
  private activeNow = true;
  /** Requests waiting for an answer: Socket.IO rejects them when the connection is lost. */
  private readonly unanswered = new Set<(err: Error) => void>();

  constructor() {
    const manager = new FakeManager('http://fake.invalid', { autoConnect: false }); // never opens a transport
    super(manager, '/');
    this.manager = manager;
  }

  /** Like Socket.IO's: false once the client closed the socket itself, until it connects again. */
  override get active(): boolean {
    return this.activeNow;
  }

  /** Records the request; a served reply acknowledges it on a microtask, else it waits for an answer that never comes. */
  override emitWithAck<E extends keyof ClientToServerEvents>(event: E, ...args: ReqArgs<E>): Promise<Res<E>> {
    const payload = args[0];
    this.sent.push({ event, payload });
    const reply = this.replies[event];
    return new Promise((resolve, reject) => {
      if (reply) queueMicrotask(() => resolve(reply(payload)));
      else this.unanswered.add(reject);
    });
  }

  /** The net modules send every request through emitWithAck (src/net/request.ts); a bare emit is a bug here. */
  override emit(): this {
    throw new Error('FakeSocket: send requests with request() from src/net/request.ts');
  }

  override connect(): this {
    this.connects++;
    this.activeNow = true;
    return this;
  }

  override disconnect(): this {
    this.activeNow = false;
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  /** Sets the server's answer to an event (payload in, acknowledgement out). */
  serve<E extends keyof ClientToServerEvents>(event: E, reply: Replies[E]): void {
    this.replies[event] = reply;
  }

  /** Delivers a server event to the client's listeners. */
  push<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    for (const listener of this.listeners(event)) void listener(payload);
  }

  /** Delivers a payload that breaks the protocol (robustness tests): the one untyped way in. */
  pushMalformed<E extends keyof ServerToClientEvents>(event: E, payload: unknown): void {
    for (const listener of this.listeners(event)) void listener(payload);
  }

  /** Simulates the transport connecting (fires `connect`); `recovered` as after a connection state recovery. */
  establish(recovered = false): void {
    this.connected = true;
    this.recovered = recovered;
    this.emitReserved('connect');
  }

  /** Simulates losing the connection for `reason` (fires `disconnect`). */
  drop(reason: Socket.DisconnectReason): void {
    this.connected = false;
    this.emitReserved('disconnect', reason);
    for (const reject of this.unanswered) reject(new Error('socket has been disconnected'));
    this.unanswered.clear();
  }

  /** Simulates the Manager's reconnect attempt number `attempt`. */
  reconnectAttempt(attempt: number): void {
    this.manager.reconnectAttempt(attempt);
  }
}

/** Creates a disconnected fake socket. */
export function createFakeSocket(): FakeSocket {
  return new FakeSocket();
}

/** A Storage stand-in for the token store. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, v);
    },
    removeItem: (k) => {
      data.delete(k);
    },
  };
}

/** Lets pending promise callbacks (acks, joins) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

/** The live page's runtime (store, frame buffer, client) on a fake socket, with the operator token kept in memory. */
export function fakeRuntime(socket: FakeSocket): TwinRuntime {
  const store = createTwinStore();
  const frames = createFrameBuffer();
  const client = connectTwin(socket, { store, frames, tokens: createTokenStore(memoryStorage()), target: {} });
  return { store, frames, client };
}
