import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { Snapshot } from '../../server/protocol/events.ts';
import { loadScene } from '../../server/scene/index.ts';
import { runReplication, settingsFor } from '../../server/scene/run.ts';
import { replaySession } from '../../server/session/replay.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN, waitFor } from '../helpers/liveServer.ts';

/** The real server on an ephemeral port, driven by real socket.io-client connections. */

let server: RunningServer;
const pool = createClientPool(() => server);
const client = pool.client;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
});

describe('joining and watching', () => {
  it('a client that joins without naming a session gets the default one, with layout and state', async () => {
    const viewer = await client();
    const res = await request<{ snapshot: Snapshot }>(viewer, 'session:join', {});
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const snap = res.snapshot;
    expect(snap.protocol).toBe(1);
    expect(snap.role).toBe('viewer');
    expect(snap.session.id).toBe(server.registry.defaultId);
    expect(snap.stations.map((s) => s.id)).toEqual(['IN', 'M1', 'B1', 'M2', 'OUT']);
    expect(snap.stations[1]!.params?.mttr).toBeCloseTo(10);
    expect(snap.states[1]).toHaveLength(1);
    expect(snap.stations[2]!.capacity).toBe(5);
    expect(snap.kpi).toHaveProperty('throughputPerHour');
    // it opens at the end of the scene's warm-up (10 min), with parts already on the line
    expect(snap.session.simTime).toBeGreaterThanOrEqual(600);
    expect(snap.parts.length).toBeGreaterThan(0);
  });

  it('frames and KPIs flow and the simulated clock advances in real time', async () => {
    // At 10x a repair of M1 (exponential, mean 10 s) stalls the line for about a wall second, not ten.
    const operator = await client(TEST_TOKEN);
    await request(operator, 'session:join', {});
    expect((await request(operator, 'control:speed', { speed: 10 })).ok).toBe(true);
    const viewer = await client();
    await request(viewer, 'session:join', {});
    const first = await nextEvent(viewer, 'sim:frame');
    const later = await nextEvent(viewer, 'sim:frame', (f) => f.t > first.t + 0.5);
    expect(later.t).toBeGreaterThan(first.t);
    const kpi = await nextEvent(viewer, 'sim:kpi');
    expect(kpi.perStation).toHaveLength(5 * 3);
    // a move is [part, from, to, t0, t1] with t1 >= t0
    const withMoves = await nextEvent(viewer, 'sim:frame', (f) => f.moves.length > 0);
    expect(withMoves.moves.length % 5).toBe(0);
    expect(withMoves.moves[4]!).toBeGreaterThanOrEqual(withMoves.moves[3]!);
    expect((await request(operator, 'control:speed', { speed: 1 })).ok).toBe(true);
  }, 30_000);

  it('two viewers of one session see the same simulated time', async () => {
    const a = await client(),
      b = await client();
    await request(a, 'session:join', {});
    await request(b, 'session:join', {});
    const [fa, fb] = await Promise.all([nextEvent(a, 'sim:kpi'), nextEvent(b, 'sim:kpi')]);
    expect(fa.t).toBe(fb.t);
  });

  it('lists sessions and the bundled scenes', async () => {
    const viewer = await client();
    const res = await request<{ sessions: unknown[]; scenes: Array<{ key: string }> }>(viewer, 'session:list', {});
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.scenes.map((s) => s.key)).toEqual(expect.arrayContaining(['two-machine', 'bottling', 'balanced-five']));
    expect(res.sessions.length).toBeGreaterThanOrEqual(1);
  });
});

describe('pacing does not change results', () => {
  it('a session run at max speed, with pauses, ends at the horizon with exactly the KPIs of `twin run`', async () => {
    const op = await client(TEST_TOKEN);
    const created = await request<{ session: { id: string } }>(op, 'session:create', { scene: 'short-line', speed: 500 });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    await request(op, 'session:join', { session: created.session.id });
    const session = server.registry.get(created.session.id)!;
    // pause and resume a few times while it runs, and change speed: none of this may change results
    const horizon = session.scene.run.horizon;
    // 'max' last: the engine runs in event chunks now and reaches this short horizon within a tick at max speed, and a
    // session resumed after its horizon runs on past it
    for (const speed of [500, 2000, 1000, 'max']) {
      await request(op, 'control:pause', {});
      await new Promise((r) => setTimeout(r, 30)); // wall time passing while paused is the point: it must change nothing
      await request(op, 'control:speed', { speed });
      await request(op, 'control:resume', {});
      const at = session.sim.now;
      await waitFor(() => session.sim.now > at || session.sim.now >= horizon); // it ran again before the next pause
    }
    await waitFor(() => session.info().paused && session.sim.now === horizon, 20_000);
    const scene = await loadScene('test/fixtures/short-line.yaml');
    const { engine: _engine, ...headless } = runReplication(scene, settingsFor(scene, {}));
    const live = session.sim.report();
    expect(JSON.stringify(live)).toBe(JSON.stringify({ ...headless, energy: live.energy }));
    expect(live.energy).toEqual({ ...headless.energy });
  });
});

describe('interventions', () => {
  it('an operator injects a fault: acknowledged, broadcast, logged, and the machine is down', async () => {
    const op = await client(TEST_TOKEN);
    const viewer = await client();
    await request(op, 'session:join', {});
    await request(viewer, 'session:join', {});
    const logged = nextEvent(viewer, 'sim:log', (entries) => entries.some((e) => e.kind === 'intervention' && e.station === 'M2'));
    const down = nextEvent(viewer, 'sim:frame', (f) => {
      for (let i = 0; i < f.states.length; i += 4) if (f.states[i] === 3 && f.states[i + 2] === 3) return true;
      return false;
    });
    const ack = await request<{ simTime: number }>(op, 'control:intervene', { type: 'fault', station: 'M2', duration: 30 });
    expect(ack.ok).toBe(true);
    await logged;
    await down;
    const repaired = await request(op, 'control:intervene', { type: 'repair', station: 'M2' });
    expect(repaired.ok).toBe(true);
  });

  it('scene + seed + intervention log replays the session exactly', async () => {
    const op = await client(TEST_TOKEN);
    const created = await request<{ session: { id: string } }>(op, 'session:create', { scene: 'two-machine', speed: 3000, seed: 11 });
    if (!created.ok) throw new Error(created.error);
    await request(op, 'session:join', { session: created.session.id });
    const session = server.registry.get(created.session.id)!;
    const steps: unknown[] = [
      { type: 'fault', station: 'M1', duration: 120 },
      { type: 'set', station: 'M2', param: 'cycleTime', value: { dist: 'exponential', mean: 0.9 } },
      { type: 'set', station: 'B1', param: 'capacity', value: 12 },
      { type: 'set', station: 'M1', param: 'mttr', value: 5 },
      { type: 'fault', station: 'M2' },
      { type: 'repair', station: 'M2' },
      { type: 'set', station: 'M2', param: 'power', value: { working: 20 } },
      { type: 'set', station: 'M2', param: 'scrap', value: 0.05 },
    ];
    for (const step of steps) {
      const at = session.sim.now;
      await waitFor(() => session.sim.now > at); // every intervention at a later sim time than the one before
      const ack = await request(op, 'control:intervene', step);
      expect(ack).toMatchObject({ ok: true });
    }
    await request(op, 'control:pause', {});
    expect(session.interventions).toHaveLength(steps.length);
    const replay = replaySession(session.scene, session.seed, session.interventions, session.sim.now);
    expect(JSON.stringify(replay.report())).toBe(JSON.stringify(session.sim.report()));
    expect(session.interventions[0]!.t).toBeGreaterThan(0);
  });

  it('an invalid intervention is refused and changes nothing', async () => {
    const op = await client(TEST_TOKEN);
    await request(op, 'session:join', {});
    const before = server.registry.get(server.registry.defaultId)!.interventions.length;
    const cases = [
      { type: 'fault', station: 'NOPE' },
      { type: 'set', station: 'B1', param: 'cycleTime', value: { dist: 'constant', value: 1 } },
      { type: 'set', station: 'M1', param: 'capacity', value: 3 },
      { type: 'set', station: 'M2', param: 'mttr', value: 4 }, // M2 has no failures
    ];
    for (const c of cases) {
      const ack = await request(op, 'control:intervene', c);
      expect(ack.ok).toBe(false);
    }
    expect(server.registry.get(server.registry.defaultId)!.interventions.length).toBe(before);
  });
});
