import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { RunningServer } from '../../server/live/server.ts';
import { MAX_MESSAGE_BYTES } from '../../server/live/server.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN, waitFor, type TestClient } from '../helpers/liveServer.ts';

/** Nothing a client sends can crash the server, disturb other viewers, or let a viewer take control. */

let server: RunningServer;
let watcher: TestClient; // an innocent viewer who must keep receiving frames throughout
const pool = createClientPool(() => server);
const client = pool.client;

beforeAll(async () => {
  server = await startTestServer({ speed: 50 });
  watcher = await client();
  await request(watcher, 'session:join', {});
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
});

async function watcherStillServed(): Promise<void> {
  const now = server.registry.get(server.registry.defaultId)!.sim.now;
  await nextEvent(watcher, 'sim:frame', (f) => f.t > now);
}

describe('roles', () => {
  it('a viewer cannot control the line: every control event is refused and nothing changes', async () => {
    const viewer = await client();
    await request(viewer, 'session:join', {});
    const session = server.registry.get(server.registry.defaultId)!;
    const before = session.info();
    const attempts: Array<[string, unknown]> = [
      ['control:pause', {}],
      ['control:speed', { speed: 1000 }],
      ['control:step', { seconds: 10 }],
      ['control:intervene', { type: 'fault', station: 'M1' }],
      ['session:reset', {}],
      ['session:create', { scene: 'two-machine' }],
      ['session:close', { session: 's1' }],
    ];
    for (const [event, payload] of attempts) {
      const ack = await request(viewer, event as never, payload);
      expect(ack).toEqual({ ok: false, error: expect.stringMatching(/operator token required/) });
    }
    const after = session.info();
    expect(after.paused).toBe(before.paused);
    expect(after.speed).toBe(before.speed);
    expect(session.interventions).toHaveLength(0);
    expect(server.registry.all()).toHaveLength(1);
  });

  it('a wrong token is refused; the right one makes the connection an operator', async () => {
    const c = await client();
    expect((await request(c, 'auth:operator', { token: 'guess' })).ok).toBe(false);
    expect((await request(c, 'control:pause', {})).ok).toBe(false);
    expect(await request(c, 'auth:operator', { token: TEST_TOKEN })).toEqual({ ok: true, role: 'operator' });
    await request(c, 'session:join', {});
    expect((await request(c, 'control:speed', { speed: 50 })).ok).toBe(true);
  });
});

describe('malformed input', () => {
  it('wrong types, missing fields and unknown stations get an error acknowledgement', async () => {
    const op = await client(TEST_TOKEN);
    await request(op, 'session:join', {});
    const bad: Array<[string, unknown, RegExp]> = [
      ['control:speed', { speed: 'fast' }, /speed/],
      ['control:speed', {}, /speed/],
      ['control:speed', { speed: 1e9 }, /speed/],
      ['control:step', { seconds: -1 }, /seconds/],
      ['control:intervene', { type: 'explode', station: 'M1' }, /type/],
      ['control:intervene', { type: 'fault' }, /station/],
      ['control:intervene', { type: 'fault', station: 'M9' }, /no station "M9"/],
      ['control:intervene', { type: 'set', station: 'M1', param: 'cycleTime', value: { dist: 'exponential', mean: -1 } }, /mean/],
      ['station:inspect', { station: 42 }, /station/],
      ['session:join', { session: 'nope' }, /no session/],
      ['control:pause', 'not an object', /invalid/],
      ['control:pause', { extra: 1 }, /invalid/],
    ];
    for (const [event, payload, message] of bad) {
      const ack = await request(op, event as never, payload);
      expect(ack.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      if (!ack.ok) expect(ack.error).toMatch(message);
    }
    await watcherStillServed();
  });

  it('messages without an acknowledgement and unknown events are ignored', async () => {
    const c = await client();
    (c.emit as (e: string, p?: unknown) => void)('control:pause', {});
    (c.emit as (e: string, p?: unknown) => void)('no:such:event', { a: 1 });
    (c.emit as (e: string, p?: unknown) => void)('session:join');
    await watcherStillServed();
    expect(c.connected).toBe(true);
  });

  it("an oversized message closes only the sender's connection", async () => {
    const c = await client(TEST_TOKEN);
    await request(c, 'session:join', {});
    const closed = new Promise<string>((resolve) => c.once('disconnect', resolve));
    c.emit('control:intervene', { type: 'fault', station: 'M1'.padEnd(MAX_MESSAGE_BYTES * 4, 'x') } as never, () => {});
    expect(await closed).toMatch(/transport/);
    c.close();
    await watcherStillServed();
    expect(server.registry.get(server.registry.defaultId)!.interventions).toHaveLength(0);
  });

  it('a flood is rate limited, then disconnected, while others go on undisturbed', async () => {
    const c = await client();
    const acks: boolean[] = [];
    const disconnected = new Promise<void>((resolve) => c.once('disconnect', () => resolve()));
    for (let i = 0; i < 400; i++)
      c.emit('session:list', {}, (res: { ok: boolean }) => {
        acks.push(res.ok);
      });
    await disconnected;
    c.close();
    expect(acks.filter((ok) => ok).length).toBeLessThanOrEqual(45);
    expect(acks.filter((ok) => !ok).length).toBeGreaterThan(0);
    await watcherStillServed();
  });
});

describe('connections', () => {
  it('a client of another protocol version is refused with a clear message', async () => {
    const s = connect(server.url, { auth: { protocol: 99 }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.close();
    expect(err.message).toMatch(/protocol 99 is not supported/);
  });

  it('a browser page from another origin may not connect', async () => {
    const s = connect(server.url, { transports: ['polling'], reconnection: false, extraHeaders: { origin: 'http://evil.example' } });
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.close();
    expect(err.message).toBeTruthy();
  });

  it('a client that drops and reconnects resumes its session and keeps receiving frames', async () => {
    const c = await client();
    await request(c, 'session:join', {});
    const session = server.registry.get(server.registry.defaultId)!;
    const viewersBefore = session.viewers;
    await nextEvent(c, 'session:info'); // recovery resumes from the offset of the last reliable broadcast
    c.io.engine.close(); // drop the transport: the client reconnects on its own
    await new Promise<void>((resolve) => c.once('connect', () => resolve()));
    expect(c.recovered).toBe(true);
    await nextEvent(c, 'sim:frame');
    await waitFor(() => session.viewers === viewersBefore);
  });
});
