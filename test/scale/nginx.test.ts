import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type Snapshot } from '../../server/protocol/events.ts';
import { nextEvent, request, type TestClient } from '../helpers/liveServer.ts';
import { freePort } from '../helpers/ports.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { startTwinProcess, type TwinProcess } from '../helpers/twinProcess.ts';
import { connectTwin, type TwinClient } from '../../src/net/twinClient.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { openTwinSocket, type TwinSocket } from '../../src/net/twinSocket.ts';
import { createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { createTwinStore, type TwinStore } from '../../src/state/store.ts';
import { memoryStorage } from '../client/fakeLine.ts';

/**
 * The reverse-proxy example (docs/examples/nginx.conf) as shipped, with free ports, in front of two
 * `twin serve --redis` processes: Debian's nginx as a child process, Socket.IO clients through it.
 */

const TOKEN = 'nginx-operator-token-4Rt9';
const NGINX = '/usr/sbin/nginx';

let redis: TestRedis;
let procs: TwinProcess[] = [];
let nginx: ChildProcess | null = null;
let nginxOut = '';
let dir = '';
let url = '';
const clients: TestClient[] = [];

/** The example with this test's ports, temp folders in `dir`, and a log of which process served each connection. */
function config(listen: number, upstreams: [number, number]): string {
  const example = readFileSync('docs/examples/nginx.conf', 'utf8');
  const local = [
    `client_body_temp_path ${dir}/body;`,
    `proxy_temp_path ${dir}/proxy;`,
    `fastcgi_temp_path ${dir}/fastcgi;`,
    `uwsgi_temp_path ${dir}/uwsgi;`,
    `scgi_temp_path ${dir}/scgi;`,
    `log_format upstream '$upstream_addr';`,
    `access_log ${dir}/upstream.log upstream;`,
  ].join('\n  ');
  const text = example
    .replace('worker_processes auto;', 'worker_processes 1;')
    .replace('listen 8080;', `listen 127.0.0.1:${listen};`)
    .replace('127.0.0.1:8081', `127.0.0.1:${upstreams[0]}`)
    .replace('127.0.0.1:8082', `127.0.0.1:${upstreams[1]}`)
    .replace('http {', `http {\n  ${local}`);
  expect(text).toContain(`127.0.0.1:${upstreams[1]}`); // the example still has the lines this test fills in
  return text;
}

/** Resolves once `port` accepts TCP connections (polled; a loaded machine may take a while). */
async function listening(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms: ${nginxOut}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function client(token?: string, transports: string[] = ['websocket']): Promise<TestClient> {
  const socket: TestClient = connect(url, {
    auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) },
    transports,
    forceNew: true,
    reconnection: false,
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'linetwin-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers run as nobody when the test runs as root
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) chmodSync((mkdirSync(join(dir, sub)), join(dir, sub)), 0o777);
  const [front, p1, p2] = [await freePort(), await freePort(), await freePort()];
  url = `http://127.0.0.1:${front}`;
  const args = (port: number): string[] => ['--port', String(port), '--scene', 'test/fixtures/short-line.yaml', '--redis', redis.url];
  procs.push(await startTwinProcess([...args(p1), '--allow-origin', url], TOKEN));
  procs.push(await startTwinProcess([...args(p2), '--allow-origin', url], TOKEN));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, config(front, [p1, p2]));
  nginx = spawn(NGINX, ['-p', dir, '-c', conf, '-g', `daemon off; pid ${dir}/nginx.pid; error_log stderr;`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nginx.stdout!.on('data', (d: Buffer) => (nginxOut += d.toString()));
  nginx.stderr!.on('data', (d: Buffer) => (nginxOut += d.toString()));
  await listening(front);
}, 120_000);

const browsers: Array<{ socket: TwinSocket; client: TwinClient; store: TwinStore }> = [];

afterAll(async () => {
  for (const b of browsers) {
    b.client.dispose();
    b.socket.close();
  }
  for (const c of clients) c.close();
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((resolve) => nginx!.once('exit', resolve));
    nginx.kill('SIGQUIT');
    await gone;
  }
  await Promise.all(procs.map((p) => p.stop()));
  procs = [];
  await redis?.stop();
});

describe('nginx in front of two processes', () => {
  it('viewers through nginx land on both processes and watch the same line; an operator through it intervenes', async () => {
    const viewers = await Promise.all(Array.from({ length: 6 }, () => client()));
    const snapshots = await Promise.all(
      viewers.map(async (v) => {
        const res = await request<{ snapshot: Snapshot }>(v, 'session:join', {});
        if (!res.ok) throw new Error(res.error);
        return res.snapshot;
      }),
    );
    expect(new Set(snapshots.map((s) => s.session.id))).toEqual(new Set(['main']));
    await Promise.all(viewers.map((v) => nextEvent(v, 'sim:frame', () => true, 20_000)));
    await Promise.all(viewers.map((v) => nextEvent(v, 'sim:kpi', () => true, 20_000)));

    const op = await client(TOKEN);
    await request(op, 'session:join', {});
    const logged = viewers.map((v) =>
      nextEvent(v, 'sim:log', (entries) => entries.some((e) => e.kind === 'intervention' && e.station === 'M1'), 20_000),
    );
    const ack = await request(op, 'control:intervene', { type: 'fault', station: 'M1', duration: 10 });
    expect(ack.ok).toBe(true);
    await Promise.all(logged);

    // nginx logs a WebSocket connection when it closes: both processes served some
    for (const c of [...viewers, op]) c.close();
    const deadline = Date.now() + 20_000;
    let served = new Set<string>();
    while (served.size < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      served = new Set(readFileSync(join(dir, 'upstream.log'), 'utf8').split('\n').filter(Boolean));
    }
    expect(served.size, nginxOut).toBe(2);
  });

  it('long-polling is refused: a cluster speaks WebSocket only, so it needs no sticky sessions', async () => {
    await expect(client(undefined, ['polling'])).rejects.toThrow();
  });

  it("the owner dies behind nginx: the browser's net module reconnects through it and shows the same session going on", async () => {
    for (let i = 0; i < 4; i++) {
      const tokens = createTokenStore(memoryStorage());
      const store = createTwinStore();
      const socket = openTwinSocket(url, () => tokens.get());
      browsers.push({ socket, store, client: connectTwin(socket, { store, frames: createFrameBuffer(), tokens, target: {} }) });
    }
    const DEADLINE = { timeout: 30_000, interval: 100 };
    await vi.waitFor(() => expect(browsers.every((b) => b.store.getState().session?.id === 'main')).toBe(true), DEADLINE);
    const before = Math.max(...browsers.map((b) => b.store.getState().session!.simTime));
    await procs[0]!.stop('SIGKILL'); // the first process started runs the default session
    await vi.waitFor(() => {
      for (const b of browsers) {
        const state = b.store.getState();
        expect(state.connection).toBe('connected');
        expect(state.session?.id).toBe('main');
        expect(state.session!.simTime).toBeGreaterThan(before + 2); // speed 1: running again, a few seconds on
      }
    }, DEADLINE);
    expect(procs[1]!.output()).toMatch(/took over session main /);
    // least_conn spread the four: some were on the dead process and joined again after reconnecting
    expect(browsers.some((b) => b.store.getState().joins > 1)).toBe(true);
  }, 90_000);
});
