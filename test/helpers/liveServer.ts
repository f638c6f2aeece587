import { io as connect, type Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/live/server.ts';
import { startTwin, type TwinOptions } from '../../server/commands/serve.ts';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol/events.ts';
import { PROTOCOL_VERSION } from '../../server/protocol/events.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;
export const TEST_TOKEN = 'test-operator-token';

/** Starts a real server on an ephemeral loopback port. */
export function startTestServer(options: Partial<TwinOptions> = {}): Promise<RunningServer> {
  return startTwin({
    port: 0,
    host: '127.0.0.1',
    sceneFile: 'test/fixtures/short-line.yaml',
    scenesDir: 'scenes',
    operatorToken: TEST_TOKEN,
    warn: () => {},
    ...options,
  });
}

/** Connects a real socket.io-client; `token` makes it an operator. */
async function connectClient(server: RunningServer, token?: string, extra: Record<string, unknown> = {}): Promise<TestClient> {
  const socket: TestClient = connect(server.url, {
    auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) },
    transports: ['websocket'],
    reconnection: true,
    ...extra,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits a control event and resolves with its acknowledgement. */
export function request<T extends object = object>(
  socket: TestClient,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Promise<Ack<T>> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: Ack<T>) => void) => void)(event, payload, resolve);
  });
}

/** Resolves on the next event of that name that satisfies `accept`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
  accept: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>): void => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/**
 * Runs a training scenario: `training:run`, asked again while the line is still running up to the scenario's start
 * (on a loaded machine the run-up can take longer than the test takes to get here). Resolves with the last answer.
 */
export async function runScenario(trainer: TestClient, timeoutMs = 30_000): Promise<Ack> {
  const start = Date.now();
  for (;;) {
    const res = await request(trainer, 'training:run', {});
    if (res.ok || !/still running up to the start/.test(res.error) || Date.now() - start > timeoutMs) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `condition` holds, polling. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Connections a test file opens, closed together in afterAll. `server()` gives the file's running server. */
export function createClientPool(server: () => RunningServer): { client(token?: string): Promise<TestClient>; closeAll(): void } {
  const clients: TestClient[] = [];
  return {
    async client(token) {
      const c = await connectClient(server(), token);
      clients.push(c);
      return c;
    },
    closeAll() {
      for (const c of clients) c.close();
      clients.length = 0;
    },
  };
}
