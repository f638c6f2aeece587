import type { Frame, KpiFrame, Snapshot, StationInfo } from '../../server/protocol/events.ts';
import type { TwinSocket } from '../../src/net/twinSocket.ts';

/**
 * Client test helpers: a fixture snapshot of a small line (source, machine, conveyor, buffer, machine with two
 * units, sink), a frame builder in the wire format, and a fake Socket.IO socket that records requests and
 * lets a test play the server.
 */

const station = (s: Partial<StationInfo> & Pick<StationInfo, 'id' | 'type'>): StationInfo => ({
  x: 0, z: 0, rotation: 0, servers: 0, capacity: null, inputs: [], outputs: [], ...s,
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
    t, throughputPerHour: 1800, good: 10, scrap: 1, oee: 0.7, availability: 0.9, performance: 0.85, quality: 0.95, wip: 4,
    leadTimeMean: 30, kWh: 1.5, kWhPerGoodPart: 0.15, powerKW: 12, peakKW: 20, bottleneck: 'M1',
    perStation: STATIONS.flatMap((_, i) => [i / 10, i === 1 ? 0.8 : 0.1, 0.5]), ...extra,
  };
}

/** The fixture snapshot at sim time `t`. */
export function snapshotAt(t = 100, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    protocol: 1,
    role: 'viewer',
    session: { id: 's1', code: 'ABC234', scene: 'fixture', sceneName: 'Fixture line', seed: 1, speed: 1, paused: false, simTime: t, viewers: 1 },
    stations: STATIONS,
    states: [[], [0], [], [], [1, 0], []],
    levels: [0, 0, 2, 3, 0, 0],
    parts: [[7, 1, t - 0.5, t + 0.5], [8, 2, t - 2, t + 6]],
    kpi: kpiAt(t),
    log: [{ seq: 0, t: 10, kind: 'failure', station: 'M1', text: 'M1 failed' }, { seq: 1, t: 20, kind: 'repair', station: 'M1', text: 'M1 repaired' }],
    ...extra,
  };
}

/** A frame at sim time `t`; tuple times are given in absolute sim seconds here and encoded as ms relative to t. */
export function frameAt(t: number, parts: {
  states?: Array<[station: number, unit: number, code: number, at: number]>;
  levels?: Array<[station: number, level: number]>;
  moves?: Array<[id: number, from: number, to: number, t0: number, t1: number]>;
  ends?: Array<[id: number, station: number, scrap: 0 | 1, at: number]>;
  movesDropped?: number;
} = {}): Frame {
  const rel = (x: number): number => Math.round((x - t) * 1000);
  return {
    t, w: 0,
    states: (parts.states ?? []).flatMap(([s, u, c, at]) => [s, u, c, rel(at)]),
    levels: (parts.levels ?? []).flat(),
    moves: (parts.moves ?? []).flatMap(([id, f, to, a, b]) => [id, f, to, rel(a), rel(b)]),
    ends: (parts.ends ?? []).flatMap(([id, s, scrap, at]) => [id, s, scrap, rel(at)]),
    movesDropped: parts.movesDropped ?? 0,
  };
}

type Listener = (...args: never[]) => void;
type Reply = (payload: unknown) => unknown;

/** A fake socket: the test plays the server through `serve` (answers requests) and `push` (server events). */
export interface FakeSocket extends TwinSocket {
  connected: boolean;
  recovered: boolean;
  active: boolean;
  /** Requests the client sent, in order. */
  sent: Array<{ event: string; payload: unknown }>;
  /** Sets the server's answer to an event (payload in, ack value out). */
  serve(event: string, reply: Reply): void;
  /** Delivers a server event to the client's listeners. */
  push(event: string, ...args: unknown[]): void;
  /** Simulates the transport connecting (fires `connect`). */
  open(recovered?: boolean): void;
  /** Simulates losing the connection with a reason. */
  drop(reason: string): void;
  listenerCount(event: string): number;
  connects: number;
}

/** Creates a disconnected fake socket. */
export function createFakeSocket(): FakeSocket {
  const listeners = new Map<string, Set<Listener>>();
  const managerListeners = new Map<string, Set<Listener>>();
  const replies = new Map<string, Reply>();
  const add = (m: Map<string, Set<Listener>>, e: string, fn: Listener): void => { (m.get(e) ?? m.set(e, new Set()).get(e)!).add(fn); };
  const fire = (m: Map<string, Set<Listener>>, e: string, args: unknown[]): void => {
    for (const fn of [...(m.get(e) ?? [])]) (fn as (...a: unknown[]) => void)(...args);
  };
  const socket: FakeSocket = {
    connected: false, recovered: false, active: true, sent: [], connects: 0,
    on(event, fn) { add(listeners, event, fn); return socket; },
    off(event, fn) { if (fn) listeners.get(event)?.delete(fn); else listeners.delete(event); return socket; },
    emit(event, ...args) {
      const ack = args[args.length - 1];
      const payload = args.length > 1 ? args[0] : undefined;
      socket.sent.push({ event, payload });
      const reply = replies.get(event);
      if (typeof ack === 'function' && reply) queueMicrotask(() => (ack as (r: unknown) => void)(reply(payload)));
      return socket;
    },
    connect() { socket.connects++; return socket; },
    disconnect() { socket.connected = false; fire(listeners, 'disconnect', ['io client disconnect']); return socket; },
    io: {
      on(event: string, fn: Listener) { add(managerListeners, event, fn); return undefined; },
      off(event: string, fn?: Listener) { if (fn) managerListeners.get(event)?.delete(fn); return undefined; },
    },
    serve(event, reply) { replies.set(event, reply); },
    push(event, ...args) {
      if (event === 'reconnect_attempt') fire(managerListeners, event, args);
      else fire(listeners, event, args);
    },
    open(recovered = false) { socket.connected = true; socket.recovered = recovered; fire(listeners, 'connect', []); },
    drop(reason) { socket.connected = false; fire(listeners, 'disconnect', [reason]); },
    listenerCount(event) { return listeners.get(event)?.size ?? 0; },
  };
  return socket;
}

/** A Storage stand-in for the token store. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => { data.set(k, v); },
    removeItem: (k) => { data.delete(k); },
  };
}

/** Lets pending promise callbacks (acks, joins) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}
