import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectTwin, PUBLISH_MS, type TwinClient } from '../../src/net/twinClient.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { createFrameBuffer, type FrameBuffer } from '../../src/state/frameBuffer.ts';
import { createTwinStore, type TwinStore } from '../../src/state/store.ts';
import { stateCode } from '../../src/state/statePalette.ts';
import type { UrlTarget } from '../../src/net/urlTarget.ts';
import { createFakeSocket, frameAt, kpiAt, memoryStorage, snapshotAt, type FakeSocket } from './fakeLine.ts';

/** The net module against a fake socket: joining, dispatch into the stores, throttling, reconnects, control. */

let socket: FakeSocket;
let store: TwinStore;
let frames: FrameBuffer;
let client: TwinClient;
let wall = 0;
const storage = memoryStorage();

function start(target: UrlTarget = {}, token?: string): void {
  storage.data.clear();
  const tokens = createTokenStore(storage);
  if (token) tokens.set(token);
  client = connectTwin(socket, { store, frames, tokens, target, now: () => wall });
}

/** Lets acks (queued microtasks) and the async join run, without touching fake timers. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers();
  wall = 0;
  socket = createFakeSocket();
  store = createTwinStore();
  frames = createFrameBuffer();
  socket.serve('session:join', (req) => ({
    ok: true,
    snapshot: snapshotAt(100, { session: { ...snapshotAt().session, id: req.session ?? 's1' } }),
  }));
});

afterEach(() => {
  client?.dispose();
  vi.useRealTimers();
});

describe('twin client', () => {
  it('joins the default session on connect and fills the stores from the snapshot', async () => {
    start();
    expect(store.getState().connection).toBe('connecting');
    socket.establish();
    await flush();
    expect(socket.sent[0]).toEqual({ event: 'session:join', payload: {} });
    const s = store.getState();
    expect(s.connection).toBe('connected');
    expect(s.stations.map((x) => x.id)).toEqual(['IN', 'M1', 'CV', 'B1', 'M2', 'OUT']);
    expect(s.stationIndex.M2).toBe(4);
    expect(s.session?.code).toBe('ABC234');
    expect(s.log.map((e) => e.seq)).toEqual([1, 0]); // newest first
    expect(frames.stations.length).toBe(6);
    expect(frames.parts.count).toBe(2);
  });

  it('writes frames into the frame buffer at once but publishes to the store at most every PUBLISH_MS', async () => {
    start();
    socket.establish();
    await flush();
    const published: number[] = [];
    store.subscribe((s, prev) => {
      if (s.simTime !== prev.simTime) published.push(s.simTime);
    });
    for (let i = 1; i <= 10; i++) {
      wall = i * 50;
      socket.push('sim:frame', frameAt(100 + i * 0.05, { states: i === 3 ? [[1, 0, stateCode('down'), 100.15]] : [] }));
      expect(frames.clock.t).toBeCloseTo(100 + i * 0.05); // the 3D view sees every frame
      vi.advanceTimersByTime(50);
    }
    expect(published.length).toBeLessThanOrEqual(Math.ceil((10 * 50) / PUBLISH_MS) + 1);
    expect(store.getState().stationStates[1]).toBe(stateCode('down'));
    expect(store.getState().unitStates[1]).toEqual([stateCode('down')]);
  });

  it('keeps the KPI history for the charts and the per-station numbers for the heat map', async () => {
    start();
    socket.establish();
    await flush();
    socket.push('sim:kpi', kpiAt(101));
    socket.push('sim:kpi', kpiAt(102, { throughputPerHour: 2000 }));
    const h = store.getState().kpiHistory;
    expect(h.t).toEqual([100, 101, 102]);
    expect(h.throughput[2]).toBe(2000);
    expect(frames.perStation[4]).toBeCloseTo(0.8);
  });

  it('merges log entries newest first without duplicates, batched like frames', async () => {
    start();
    socket.establish();
    await flush();
    socket.push('sim:log', [
      { seq: 2, t: 30, kind: 'fault', station: 'M2', text: 'M2 fault injected' },
      { seq: 1, t: 20, kind: 'repair', station: 'M1', text: 'again' },
    ]);
    socket.push('sim:log', [{ seq: 3, t: 31, kind: 'repair', station: 'M2', text: 'M2 repaired' }]);
    vi.advanceTimersByTime(PUBLISH_MS); // batched with the frame data
    expect(store.getState().log.map((e) => e.seq)).toEqual([3, 2, 1, 0]);
  });

  it('shows reconnecting and joins the same session again after a drop', async () => {
    start({ session: 's7' });
    socket.establish();
    await flush();
    expect(socket.sent[0]!.payload).toEqual({ session: 's7' });
    socket.drop('transport close');
    expect(store.getState().connection).toBe('reconnecting');
    socket.reconnectAttempt(3);
    expect(store.getState().reconnectAttempt).toBe(3);
    socket.sent.length = 0;
    socket.establish(false);
    await flush();
    expect(store.getState().connection).toBe('connected');
    expect(socket.sent[0]).toEqual({ event: 'session:join', payload: { session: 's7' } });
  });

  it('does not join again when Socket.IO recovered the connection', async () => {
    start();
    socket.establish();
    await flush();
    socket.drop('ping timeout');
    socket.sent.length = 0;
    socket.establish(true);
    await flush();
    expect(socket.sent).toEqual([]);
  });

  it('dials again after the server closed the connection', async () => {
    start();
    socket.establish();
    await flush();
    socket.drop('io server disconnect');
    expect(socket.connects).toBe(0);
    vi.advanceTimersByTime(1500);
    expect(socket.connects).toBe(1);
  });

  it('resolves control requests with the server ack and reports errors as a notice', async () => {
    start();
    socket.establish();
    await flush();
    socket.serve('control:intervene', () => ({ ok: false, error: 'operator token required' }));
    const res = await client.intervene({ type: 'fault', station: 'M1' });
    expect(res).toEqual({ ok: false, error: 'operator token required' });
    expect(store.getState().notice?.text).toContain('operator token required');
    socket.serve('control:speed', () => ({ ok: true }));
    expect(await client.setSpeed(60)).toEqual({ ok: true });
    expect(socket.sent.at(-1)).toEqual({ event: 'control:speed', payload: { speed: 60 } });
  });

  it('answers "not connected" at once instead of queueing controls while offline', async () => {
    start();
    const res = await client.pause();
    expect(res.ok).toBe(false);
    expect(socket.sent).toEqual([]);
  });

  it('times out a request the server never answers', async () => {
    start();
    socket.establish();
    await flush();
    const pending = client.resume(); // no reply served
    vi.advanceTimersByTime(10_000);
    expect((await pending).ok).toBe(false);
  });

  it('fails a request in flight as soon as the connection is lost, without waiting for the timeout', async () => {
    start();
    socket.establish();
    await flush();
    const pending = client.resume(); // no reply served
    socket.drop('transport close');
    await flush();
    expect(await pending).toEqual({ ok: false, error: 'control:resume: socket has been disconnected' });
    expect(store.getState().notice?.text).toBe('control:resume: socket has been disconnected');
  });

  it('becomes operator with a token, stores it, and forgets a refused one', async () => {
    start();
    socket.establish();
    await flush();
    socket.serve('auth:operator', (req) =>
      req.token === 'good' ? { ok: true, role: 'operator' } : { ok: false, error: 'wrong operator token' },
    );
    expect((await client.authenticate('bad')).ok).toBe(false);
    expect(store.getState().role).toBe('viewer');
    expect((await client.authenticate('good')).ok).toBe(true);
    expect(store.getState().role).toBe('operator');
    expect(storage.data.get('linetwin.operatorToken')).toBe('good');
  });

  it('re-authenticates a stored token after joining and drops it if refused', async () => {
    socket.serve('auth:operator', () => ({ ok: false, error: 'wrong operator token' }));
    start({}, 'stale');
    socket.establish();
    await flush();
    expect(socket.sent.map((m) => m.event)).toEqual(['session:join', 'auth:operator']);
    expect(store.getState().hasToken).toBe(false);
    expect(storage.data.has('linetwin.operatorToken')).toBe(false);
  });

  it('opens the scene a link names: joins a running session or, as operator, creates one at the given speed', async () => {
    socket.serve('session:list', () => ({
      ok: true,
      sessions: [],
      scenes: [{ key: 'bottling', name: 'Bottling', description: '', stations: 13 }],
    }));
    socket.serve('session:create', () => ({ ok: true, session: { ...snapshotAt().session, id: 's9', scene: 'bottling' } }));
    socket.serve('auth:operator', () => ({ ok: true, role: 'operator' }));
    start({ scene: 'bottling', speed: 60 }, 'good');
    socket.establish();
    await flush();
    expect(socket.sent.map((m) => m.event)).toEqual(['session:list', 'session:create', 'session:join', 'auth:operator']);
    expect(socket.sent[1]!.payload).toEqual({ scene: 'bottling', speed: 60 });
    expect(socket.sent[2]!.payload).toEqual({ session: 's9' });
  });

  it('falls back to the default line when a viewer opens a scene nobody runs', async () => {
    socket.serve('session:list', () => ({
      ok: true,
      sessions: [],
      scenes: [{ key: 'bottling', name: 'Bottling', description: '', stations: 13 }],
    }));
    start({ scene: 'bottling' });
    socket.establish();
    await flush();
    expect(socket.sent.map((m) => m.event)).toEqual(['session:list', 'session:join']);
    expect(socket.sent[1]!.payload).toEqual({});
    expect(store.getState().notice?.level).toBe('info');
  });

  it('applies a reset snapshot and session info pacing', async () => {
    start();
    socket.establish();
    await flush();
    socket.push('sim:frame', frameAt(150, {}));
    socket.push('sim:snapshot', snapshotAt(0));
    expect(frames.clock.t).toBe(0);
    socket.push('session:info', { ...snapshotAt().session, speed: 10, paused: true, simTime: 5 });
    expect(frames.clock.rate).toBe(0);
    expect(frames.clock.t).toBe(5);
    expect(store.getState().session?.paused).toBe(true);
  });

  it('ignores malformed events instead of throwing', async () => {
    start();
    socket.establish();
    await flush();
    expect(() => {
      socket.pushMalformed('sim:frame', null);
      socket.pushMalformed('sim:frame', 'x');
      socket.pushMalformed('sim:kpi', {});
      socket.pushMalformed('sim:log', 'nope');
      socket.pushMalformed('sim:snapshot', {});
      socket.pushMalformed('server:notice', null);
      socket.pushMalformed('session:info', null);
    }).not.toThrow();
    expect(store.getState().stations.length).toBe(6);
  });

  it('stops listening when disposed', () => {
    start();
    expect(socket.listeners('sim:frame')).toHaveLength(1);
    client.dispose();
    expect(socket.listeners('sim:frame')).toHaveLength(0);
  });
});
