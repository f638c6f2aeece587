import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import { connectTwin, type TwinClient } from '../../src/net/twinClient.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { openTwinSocket, type TwinSocket } from '../../src/net/twinSocket.ts';
import { createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { createTwinStore, type TwinStore } from '../../src/state/store.ts';
import { startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';
import { memoryStorage } from './fakeLine.ts';

/**
 * The browser's net module on socket.io-client's real Socket against the real server (port 0): what the fake
 * socket stands in for. Requests go through emitWithAck, so this checks the acknowledgements arrive as typed.
 */

const DEADLINE = { timeout: 20_000 }; // ms: a deadline that holds on a loaded machine, not a speed requirement

let server: RunningServer;
let socket: TwinSocket;
let store: TwinStore;
let client: TwinClient;

beforeAll(async () => {
  server = await startTestServer();
  const tokens = createTokenStore(memoryStorage());
  store = createTwinStore();
  socket = openTwinSocket(server.url, () => tokens.get());
  client = connectTwin(socket, { store, frames: createFrameBuffer(), tokens, target: {} });
});

afterAll(async () => {
  client.dispose();
  socket.close();
  await server.close();
});

describe('the twin client on a real socket', () => {
  it('joins the default session, is refused a control as a viewer, and controls the line once signed in', async () => {
    await vi.waitFor(() => expect(store.getState().session?.id).toBe(server.registry.defaultId), DEADLINE);
    expect(store.getState().stations.map((s) => s.id)).toEqual(['IN', 'M1', 'B1', 'M2', 'OUT']);

    const refused = await client.setSpeed(10);
    expect(refused.ok).toBe(false);
    expect(store.getState().notice?.level).toBe('warn');

    expect(await client.authenticate(TEST_TOKEN)).toMatchObject({ ok: true, role: 'operator' });
    expect(store.getState().role).toBe('operator');
    expect(await client.setSpeed(10)).toEqual({ ok: true });
    await vi.waitFor(() => expect(store.getState().session?.speed).toBe(10), DEADLINE);
  }, 60_000);
});
