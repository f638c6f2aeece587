import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type KpiFrame, type ListedSession, type Snapshot } from '../../server/protocol/events.ts';
import { loadScene } from '../../server/scene/index.ts';
import { replaySession } from '../../server/session/replay.ts';
import { kpiFrame, stationDetails } from '../../server/session/views.ts';
import type { Intervention } from '../../server/sim/index.ts';
import { nextEvent, request, type TestClient } from '../helpers/liveServer.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { startTwinProcess, type TwinProcess } from '../helpers/twinProcess.ts';
import { twin } from '../helpers/cli.ts';

/**
 * `twin serve --redis` on two processes sharing one Redis (docs/scale-live.md): a viewer on B watches and controls
 * a session A runs, and when A is killed B takes its sessions over and runs them on to the same KPIs as a replay.
 */

const TOKEN = 'cluster-operator-token-7Kq';
const SCENE = 'test/fixtures/short-line.yaml';

let redis: TestRedis;
let a: TwinProcess;
let b: TwinProcess;
const clients: TestClient[] = [];

async function client(url: string, token?: string): Promise<TestClient> {
  const socket: TestClient = connect(url, {
    auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) },
    transports: ['websocket'],
    forceNew: true,
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function join(socket: TestClient, session?: string): Promise<Snapshot> {
  const res = await request<{ snapshot: Snapshot }>(socket, 'session:join', session ? { session } : {});
  if (!res.ok) throw new Error(res.error);
  return res.snapshot;
}

beforeAll(async () => {
  redis = await startRedis();
  // A first: it claims the default session; B's viewers of it watch A's
  a = await startTwinProcess(['--port', '0', '--scene', SCENE, '--redis', redis.url], TOKEN);
  b = await startTwinProcess(['--port', '0', '--scene', SCENE, '--redis', redis.url], TOKEN);
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([a?.stop('SIGKILL'), b?.stop()]);
  await redis?.stop();
});

describe('two processes, one Redis', () => {
  it("B lists A's sessions, and a viewer on B watches A's default session: snapshot, frames and KPIs", async () => {
    const opA = await client(a.url, TOKEN);
    const created = await request<{ session: { id: string } }>(opA, 'session:create', { scene: 'short-line', speed: 5 });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const viewerB = await client(b.url);
    const list = await request<{ sessions: ListedSession[] }>(viewerB, 'session:list', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    const ids = list.sessions.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['main', created.session.id]));
    expect(new Set(ids).size).toBe(ids.length); // the default session once, though both processes were started with it
    expect(list.sessions.every((s) => s.code === undefined)).toBe(true); // viewers get no join codes, here neither

    const frame = nextEvent(viewerB, 'sim:frame', () => true, 20_000);
    const kpi = nextEvent(viewerB, 'sim:kpi', () => true, 20_000);
    const snapshot = await join(viewerB);
    expect(snapshot.session.id).toBe('main');
    expect(snapshot.stations.map((s) => s.id)).toEqual(['IN', 'M1', 'B1', 'M2', 'OUT']);
    expect((await frame).t).toBeGreaterThanOrEqual(snapshot.session.simTime);
    expect((await kpi).t).toBeGreaterThan(0);
  });

  it("an operator on B intervenes on A's session: acknowledged, and logged for a viewer on A", async () => {
    const opB = await client(b.url, TOKEN);
    const viewerA = await client(a.url);
    await join(opB);
    await join(viewerA);
    const logged = nextEvent(viewerA, 'sim:log', (entries) => entries.some((e) => e.kind === 'intervention' && e.station === 'M2'), 20_000);
    const ack = await request<{ simTime: number }>(opB, 'control:intervene', { type: 'fault', station: 'M2', duration: 30 });
    expect(ack.ok).toBe(true);
    await logged;
    // the owner's validation, for B's operator as for A's
    const bad = await request(opB, 'control:intervene', { type: 'fault', station: 'NOPE' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/NOPE/);
    const inspected = await request<{ details: { id: string } }>(opB, 'station:inspect', { station: 'M2' });
    expect(inspected.ok).toBe(true);
  });

  it('a viewer on B without the token is refused control of A’s session', async () => {
    const viewerB = await client(b.url);
    await join(viewerB);
    const res = await request(viewerB, 'control:intervene', { type: 'fault', station: 'M1' });
    expect(res).toEqual({ ok: false, error: expect.stringMatching(/operator token required/) });
    const wrong = await client(b.url, 'not-the-token-at-all');
    await join(wrong);
    expect((await request(wrong, 'control:pause', {})).ok).toBe(false);
  });

  it('refuses a fork what-if, which another process could not take over, and says why', async () => {
    const opA = await client(a.url, TOKEN);
    await join(opA);
    const res = await request(opA, 'session:fork', { from: 'main' });
    expect(res).toEqual({ ok: false, error: expect.stringMatching(/fork what-if is not available with --redis/) });
  });

  it('SIGKILL of A: B takes its session over and runs it to the horizon with the KPIs of a replay', async () => {
    const opA = await client(a.url, TOKEN);
    const created = await request<{ session: { id: string } }>(opA, 'session:create', { scene: 'short-line', speed: 400 });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const id = created.session.id;
    const opB = await client(b.url, TOKEN);
    const start = await join(opB, id);
    // an intervention through B, applied by A at an exact simulated time
    const fault: Intervention = { type: 'fault', station: 'M1', duration: 120 };
    const ack = await request<{ simTime: number }>(opB, 'control:intervene', fault);
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    const viewerA = await client(a.url);
    await join(viewerA, id);
    // let A run a while and publish its simulated time
    await nextEvent(opB, 'sim:kpi', (k) => k.t > start.session.simTime + 400, 30_000);

    const killedAt = Date.now();
    await a.stop('SIGKILL');
    // B's viewer stays connected: once B owns the session it gets a fresh snapshot, then frames again
    const resnapshot = await nextEvent(opB, 'sim:snapshot', (s) => s.session.id === id, 30_000);
    const recovered = Date.now() - killedAt;
    await nextEvent(opB, 'sim:frame', (f) => f.w > killedAt, 10_000);
    console.log(`takeover: the viewer on B had a snapshot ${recovered} ms after the SIGKILL (t=${resnapshot.session.simTime})`);
    expect(b.output()).toMatch(new RegExp(`took over session ${id} `));
    // A's viewer reconnects to B (as a client behind a proxy would) and rejoins the same session
    const again = await client(b.url);
    expect((await join(again, id)).session.id).toBe(id);

    const scene = await loadScene(SCENE);
    const horizon = scene.run.horizon;
    await nextEvent(opB, 'session:info', (info) => info.id === id && info.paused && info.simTime === horizon, 90_000);
    const last: KpiFrame = await nextEvent(opB, 'sim:kpi', (k) => k.t === horizon, 10_000);
    const replay = replaySession(scene, scene.run.seed, [{ t: ack.simTime, intervention: fault }], horizon);
    const report = replay.report();
    expect(JSON.stringify(last)).toBe(JSON.stringify(kpiFrame(report, replay.view)));
    // and every station's figures, as the inspector reads them from the report
    for (const st of replay.view.stations) {
      const res = await request<{ details: unknown }>(opB, 'station:inspect', { station: st.id });
      expect(res.ok).toBe(true);
      if (res.ok) expect(JSON.stringify(res.details)).toBe(JSON.stringify(stationDetails(report, st, scene.line)));
    }
  }, 180_000);
});

describe('a clean stop', () => {
  it('SIGTERM of a process hands its sessions over at once: another process takes them without waiting for the TTL', async () => {
    const c = await startTwinProcess(['--port', '0', '--scene', SCENE, '--redis', redis.url], TOKEN);
    try {
      const viewerC = await client(c.url);
      await join(viewerC); // main, which B runs since A died
      const snapshot = nextEvent(viewerC, 'sim:snapshot', (s) => s.session.id === 'main', 30_000);
      const stoppedAt = Date.now();
      await b.stop('SIGTERM');
      await snapshot.catch((e: Error) => {
        throw new Error(`${e.message}\nB:\n${b.output()}\nC:\n${c.output()}`);
      });
      console.log(`handover: the viewer on C had a snapshot ${Date.now() - stoppedAt} ms after B's SIGTERM`);
      expect(b.output()).toMatch(/stopping\.\.\./);
      expect(b.child.exitCode).toBe(0);
      expect(c.output()).toMatch(/took over session main /);
    } finally {
      await c.stop();
    }
  }, 120_000);
});

describe('--redis refused', () => {
  it('a bad URL or an unreachable Redis stops the start with exit 2 and a message, no stack trace', async () => {
    const bad = await twin('serve', '--no-build', '--port', '0', '--scene', SCENE, '--redis', 'http://127.0.0.1:6379');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--redis.*expected a Redis URL such as redis:\/\/127\.0\.0\.1:6379, got "http:\/\/127\.0\.0\.1:6379"/);
    const down = await twin('serve', '--no-build', '--port', '0', '--scene', SCENE, '--redis', 'redis://127.0.0.1:1');
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connection refused/);
    expect(down.stderr + bad.stderr).not.toMatch(/\n\s+at /);
  });
});
