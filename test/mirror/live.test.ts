import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { KpiFrame, ListedSession, SessionInfo, Snapshot } from '../../server/protocol/events.ts';
import { readPlantLog } from '../../server/plantlog/read.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN, waitFor, type TestClient } from '../helpers/liveServer.ts';

/**
 * `twin serve --scene scenes/two-machine.yaml --mirror scenes/logs/two-machine.jsonl` over Socket.IO: the default
 * session replays the log, lists with its mirror, sends frames and KPIs, refuses interventions, takes speed changes,
 * and an operator forks a what-if from its state.
 */

const LOG = 'scenes/logs/two-machine.jsonl';
let server: RunningServer;
const pool = createClientPool(() => server);

beforeAll(async () => {
  server = await startTestServer({ sceneFile: 'scenes/two-machine.yaml', mirror: LOG, speed: 60 });
});
afterAll(async () => {
  pool.closeAll();
  await server?.close();
});

const join = async (c: TestClient, session?: string): Promise<Snapshot> => {
  const res = await request<{ snapshot: Snapshot }>(c, 'session:join', session ? { session } : {});
  if (!res.ok) throw new Error(res.error);
  return res.snapshot;
};

describe('a session mirroring a replayed plant log', () => {
  it('lists with its mirror, and sends frames and KPIs of the real line', async () => {
    const viewer = await pool.client();
    const snapshot = await join(viewer);
    expect(snapshot.session.mirror).toEqual({ source: 'replay', name: 'two-machine.jsonl' });
    const list = await request<{ sessions: ListedSession[] }>(viewer, 'session:list', {});
    expect(list.ok && list.sessions.find((s) => s.id === server.registry.defaultId)?.mirror).toEqual({
      source: 'replay',
      name: 'two-machine.jsonl',
    });
    const frame = await nextEvent(viewer, 'sim:frame', (f) => f.states.length > 0);
    expect(frame.t).toBeGreaterThan(0);
    const kpi = await nextEvent(viewer, 'sim:kpi', (k) => k.good > 0);
    expect(kpi.throughputPerHour).toBeGreaterThan(0);
  });

  it('refuses an intervention with a message, and refuses viewers a fork', async () => {
    const operator = await pool.client(TEST_TOKEN);
    await join(operator);
    const res = await request(operator, 'control:intervene', { type: 'fault', station: 'M1' });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatch(/mirrors two-machine\.jsonl.*takes no interventions/);
    const viewer = await pool.client();
    await join(viewer);
    const fork = await request(viewer, 'session:fork', { from: server.registry.defaultId });
    expect(fork.ok).toBe(false);
    expect(!fork.ok && fork.error).toMatch(/operator/);
    expect(server.registry.all()).toHaveLength(1);
  });

  it("forks a paused simulated session whose start is the mirror's state at the fork", async () => {
    const operator = await pool.client(TEST_TOKEN);
    await join(operator);
    const mirror = server.registry.get(server.registry.defaultId)!;
    await waitFor(() => mirror.sim.now > 30);
    expect((await request(operator, 'control:pause', {})).ok).toBe(true);
    const at = await join(operator);
    const res = await request<{ session: SessionInfo }>(operator, 'session:fork', { from: mirror.id, seed: 5 });
    if (!res.ok) throw new Error(res.error);
    expect(res.session.forkOf).toEqual({ session: mirror.id, t: at.session.simTime });
    expect(res.session).toMatchObject({ paused: true, seed: 5, simTime: at.session.simTime, scene: 'two-machine' });
    expect(res.session.mirror).toBeUndefined();
    const fork = await join(operator, res.session.id);
    expect(fork.states).toEqual(at.states);
    expect(fork.levels).toEqual(at.levels);
    const a = mirror.lineState();
    const b = server.registry.get(res.session.id)!.lineState();
    expect(b.t).toBe(a.t);
    expect(b.levels).toEqual(a.levels);
    for (const id of ['M1', 'M2']) expect(b.units[id]!.map((u) => u.state)).toEqual(a.units[id]!.map((u) => u.state));
    // the fork is a simulation: it takes interventions
    expect((await request(operator, 'control:intervene', { type: 'fault', station: 'M1', duration: 5 })).ok).toBe(true);
  });

  it("replays at any speed: at max it reaches the log's end with the log's count of good parts", async () => {
    const operator = await pool.client(TEST_TOKEN);
    await join(operator);
    expect((await request(operator, 'control:speed', { speed: 'max' })).ok).toBe(true);
    expect((await request(operator, 'control:resume', {})).ok).toBe(true);
    const log = await readPlantLog(LOG);
    const last = Math.floor(log.events.at(-1)!.t) + 1; // the replay ends at the log's end, up to the next second
    const end = await nextEvent(operator, 'session:info', (i) => i.paused && i.simTime === last, 30_000);
    expect(end.simTime).toBe(last);
    const kpi: KpiFrame = await nextEvent(operator, 'sim:kpi', (k) => k.t === last);
    const shipped = log.events.filter((e) => e.station === 'M2' && e.event === 'part' && e.result === 'good').length;
    expect(kpi.good).toBe(shipped);
    // resumed at max past its end, the replay stops and says why instead of running to the end of time
    const alarm = nextEvent(operator, 'sim:log', (entries) => entries.some((e) => e.kind === 'alarm'));
    expect((await request(operator, 'control:resume', {})).ok).toBe(true);
    expect((await alarm).find((e) => e.kind === 'alarm')!.text).toMatch(/cannot run to time Infinity: past the feed's end, choose a speed/);
    expect(server.registry.get(server.registry.defaultId)!.info()).toMatchObject({ paused: true, simTime: last });
  });
});
