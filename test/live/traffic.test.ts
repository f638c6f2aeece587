import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogCache } from '../../server/experiments/catalogCache.ts';
import type { RunningServer } from '../../server/live/server.ts';
import { createRateLimiter } from '../../server/live/rateLimit.ts';
import { DEFAULT_TRAFFIC_LIMITS } from '../../server/live/traffic.ts';
import { tempDir } from '../experiments/helpers.ts';
import { createClientPool, nextEvent, request, startTestServer, type TestClient } from '../helpers/liveServer.ts';

/**
 * Every packet a client sends counts against its connection's budget, whatever it is: events nobody handles,
 * acknowledgements nobody asked for, raw Engine.IO messages. A flood of any of them is cut; others go on.
 * Expensive requests cost more, the experiment catalog is built once, and an address holds only so many connections.
 */

const tmp = tempDir();
let server: RunningServer;
let watcher: TestClient; // an innocent viewer who must keep receiving frames throughout
const pool = createClientPool(() => server);

beforeAll(async () => {
  server = await startTestServer({ speed: 50, historyDb: join(tmp.dir, 'linetwin.db'), experimentWorkers: 1 });
  watcher = await pool.client();
  await request(watcher, 'session:join', {});
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
  tmp.remove();
});

async function watcherStillServed(): Promise<void> {
  const now = server.registry.get(server.registry.defaultId)!.sim.now;
  await nextEvent(watcher, 'sim:frame', (f) => f.t > now);
}

/** Resolves with the reason once `c` is disconnected. */
const disconnection = (c: TestClient): Promise<string> => new Promise((resolve) => c.once('disconnect', resolve));

/** Writes a raw Engine.IO message (a Socket.IO packet in its text encoding; the transport adds the Engine.IO type) on the client's transport. */
function writeRaw(c: TestClient, text: string): void {
  (c.io as unknown as { engine: { write(data: string): void } }).engine.write(text);
}

describe('the token bucket', () => {
  it('an expensive message takes its cost; one the bucket cannot pay is refused and counted', () => {
    const bucket = createRateLimiter(20, 40);
    expect(bucket.take(0, 30)).toBe(true);
    expect(bucket.take(0, 15)).toBe(false); // 10 left
    expect(bucket.take(0, 10)).toBe(true);
    expect(bucket.take(500, 10)).toBe(true); // refilled 10 in half a second
    expect(bucket.take(500)).toBe(false);
    expect(bucket.dropped).toBe(2);
  });
});

describe('every packet counts', () => {
  it('a flood of acknowledgements nobody asked for (no event name at all) is cut', async () => {
    const c = await pool.client();
    const gone = disconnection(c);
    for (let i = 0; i < 3000; i++) writeRaw(c, `3${1000 + i}[]`);
    expect(await gone).toBe('io server disconnect');
    await watcherStillServed();
  });

  it('a flood of connects to a namespace that does not exist is cut', async () => {
    const c = await pool.client();
    const gone = disconnection(c);
    for (let i = 0; i < 3000; i++) writeRaw(c, '0/nope,');
    expect(await gone).toBe('io server disconnect');
    await watcherStillServed();
  });

  it('a flood of unknown events without acknowledgement is cut', async () => {
    const c = await pool.client();
    const gone = disconnection(c);
    for (let i = 0; i < 3000; i++) (c.emit as (e: string, p: unknown) => void)(`made:up${i}`, {});
    expect(await gone).toBe('io server disconnect');
    await watcherStillServed();
  });

  it('an unknown event with an acknowledgement is answered with an error', async () => {
    const c = await pool.client();
    expect(await request(c, 'no:such' as never, {})).toEqual({ ok: false, error: 'unknown event "no:such"' });
    expect(await request(c, 'constructor' as never, {})).toEqual({ ok: false, error: 'unknown event "constructor"' });
  });
});

describe('costly requests', () => {
  it('connections hammering the experiment catalog each stay within their budget and get rate-limit errors', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => pool.client()));
    const started = Date.now();
    const answers = await Promise.all(
      clients.map((c) => Promise.all(Array.from({ length: 30 }, () => request(c, 'experiment:catalog', {})))),
    );
    const seconds = (Date.now() - started) / 1000;
    // a catalog costs 10 tokens: the burst pays for 4, the refill for 2 a second
    const allowed = DEFAULT_TRAFFIC_LIMITS.burst / 10 + Math.ceil(seconds * (DEFAULT_TRAFFIC_LIMITS.rate / 10));
    for (const acks of answers) {
      const served = acks.filter((a) => a.ok).length;
      expect(served).toBeGreaterThan(0);
      expect(served).toBeLessThanOrEqual(allowed);
      expect(acks.filter((a) => !a.ok)).toContainEqual({ ok: false, error: expect.stringMatching(/^rate limited/) });
    }
    await watcherStillServed();
  });

  it('the catalog is built once and handed out as the same object until its folder changes', async () => {
    const dir = join(tmp.dir, 'experiments');
    mkdirSync(dir);
    let builds = 0;
    const cache = createCatalogCache(
      () => dir,
      () => {
        builds++;
        return Promise.resolve({ scenes: [], files: [] });
      },
    );
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(await cache.get()).toBe(a);
    expect(b).toBe(a);
    expect(builds).toBe(1);
    writeFileSync(join(dir, 'new.yaml'), 'name: x\n');
    utimesSync(dir, new Date(), new Date(2000, 0, 1)); // a new file changes the folder's time; coarse clocks may not show it
    expect(builds).toBe(1); // nothing is rebuilt until asked
    const c = await cache.get();
    expect(c).not.toBe(a);
    expect(builds).toBe(2);
  });
});

describe('connections per address', () => {
  it('an address may hold only so many connections; closing one makes room', async () => {
    const small = await startTestServer({ limits: { connectionsPerAddress: 3 } });
    const open = (): Promise<{ socket: ReturnType<typeof connect>; error: Error | null }> =>
      new Promise((resolve) => {
        const socket = connect(small.url, { transports: ['websocket'], reconnection: false });
        socket.once('connect', () => resolve({ socket, error: null }));
        socket.once('connect_error', (error) => resolve({ socket, error }));
      });
    const first = await Promise.all([open(), open(), open()]);
    expect(first.map((c) => c.error)).toEqual([null, null, null]);
    const fourth = await open();
    expect(fourth.error).not.toBeNull();
    fourth.socket.close();
    first[0].socket.close();
    let again = await open();
    for (let i = 0; again.error && i < 50; i++) {
      again.socket.close(); // the server may not have seen the close yet
      await new Promise((r) => setTimeout(r, 100));
      again = await open();
    }
    expect(again.error).toBeNull();
    for (const c of [...first, again]) c.socket.close();
    await small.close();
  });
});
