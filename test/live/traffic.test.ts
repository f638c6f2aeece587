import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import { createRateLimiter } from '../../server/live/rateLimit.ts';
import { createClientPool, nextEvent, request, startTestServer, type TestClient } from '../helpers/liveServer.ts';

/**
 * Every packet a client sends counts against its connection's budget, whatever it is: events nobody handles,
 * acknowledgements nobody asked for, raw Engine.IO messages. A flood of any of them is cut; others go on.
 */

let server: RunningServer;
let watcher: TestClient; // an innocent viewer who must keep receiving frames throughout
const pool = createClientPool(() => server);

beforeAll(async () => {
  server = await startTestServer({ speed: 50 });
  watcher = await pool.client();
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
