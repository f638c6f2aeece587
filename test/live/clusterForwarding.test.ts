import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterLink, OwnerAnswer, OwnerRequest, OwnerRunner } from '../../server/live/clusterLink.ts';
import { startLiveServer, type RunningServer } from '../../server/live/server.ts';
import type { SessionInfo, Snapshot } from '../../server/protocol/events.ts';
import { loadSceneCatalog } from '../../server/scene/catalog.ts';
import { loadScene } from '../../server/scene/index.ts';
import { createRegistry, type SessionRegistry } from '../../server/session/registry.ts';
import { createClientPool, request } from '../helpers/liveServer.ts';

/**
 * The transport's side of `twin serve --redis` without Redis: a fake cluster link stands for the other processes.
 * What a connection asks about a session of another process is checked here first (the gate, the operator token)
 * and then forwarded; what another process forwards is validated again and run like a local request.
 */

const TOKEN = 'forwarding-operator-token-9';
const OTHER: SessionInfo = {
  id: 's2-1',
  code: 'ABCDEF',
  scene: 'two-machine',
  sceneName: 'Elsewhere',
  seed: 1,
  speed: 1,
  paused: false,
  simTime: 42,
  viewers: 3,
};

let server: RunningServer;
let registry: SessionRegistry;
let forwarded: OwnerRunner = () => null;
const calls: OwnerRequest[] = [];

const link: ClusterLink = {
  attach(_io, run) {
    forwarded = run;
    return {
      list: () => Promise.resolve([OTHER]),
      call(req): Promise<OwnerAnswer> {
        calls.push(req);
        if (req.session !== OTHER.id) return Promise.resolve({ ok: false, error: `no session "${req.session}"` });
        if (req.event === 'session:join') {
          const snapshot = { ...registry.get(registry.defaultId)!.snapshot(req.role), session: OTHER } satisfies Snapshot;
          return Promise.resolve({ ok: true, snapshot });
        }
        return Promise.resolve({ ok: true, simTime: 43 });
      },
    };
  },
  start: () => {},
  handOver: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

const pool = createClientPool(() => server);

beforeAll(async () => {
  const scene = await loadScene('test/fixtures/short-line.yaml');
  registry = createRegistry('short-line', scene, { start: scene.run.warmup });
  server = await startLiveServer({
    port: 0,
    host: '127.0.0.1',
    operatorToken: TOKEN,
    registry,
    catalog: await loadSceneCatalog('scenes', ['test/fixtures/short-line.yaml'], () => {}),
    cluster: link,
  });
});

afterAll(async () => {
  pool.closeAll();
  await server.close();
});

describe('sessions of other processes', () => {
  it('are listed with this process’s, without join codes for viewers', async () => {
    const viewer = await pool.client();
    const res = await request<{ sessions: Array<{ id: string; code?: string }> }>(viewer, 'session:list', {});
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.sessions.map((s) => s.id)).toEqual([registry.defaultId, OTHER.id]);
    expect(res.sessions.find((s) => s.id === OTHER.id)?.code).toBeUndefined();
  });

  it('are joined through their owner, and a control goes there only after the operator check here', async () => {
    calls.length = 0;
    const viewer = await pool.client();
    const joined = await request<{ snapshot: Snapshot }>(viewer, 'session:join', { session: OTHER.id });
    expect(joined.ok && joined.snapshot.session.id).toBe(OTHER.id);
    expect(calls).toEqual([{ session: OTHER.id, event: 'session:join', payload: { session: OTHER.id }, role: 'viewer' }]);
    const refused = await request(viewer, 'control:intervene', { type: 'fault', station: 'M1' });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/operator token required/) });
    expect(calls.length).toBe(1); // never forwarded

    const op = await pool.client(TOKEN);
    await request(op, 'session:join', { session: OTHER.id });
    const ack = await request(op, 'control:intervene', { type: 'fault', station: 'M1', duration: 5 });
    expect(ack).toEqual({ ok: true, simTime: 43 });
    expect(calls.at(-1)).toEqual({
      session: OTHER.id,
      event: 'control:intervene',
      payload: { type: 'fault', station: 'M1', duration: 5 },
      role: 'operator',
    });
    const unknown = await request(op, 'session:join', { session: 'nowhere' });
    expect(unknown).toEqual({ ok: false, error: 'no session "nowhere"' });
  });
});

describe('requests forwarded by other processes', () => {
  it('run on this process’s sessions after validation, and are not answered for sessions it does not run', () => {
    const local = registry.get(registry.defaultId)!;
    const viewers = local.viewers;
    const joined = forwarded({ session: local.id, event: 'session:join', payload: {}, role: 'viewer' });
    expect(joined?.ok && (joined['snapshot'] as Snapshot).session.id).toBe(local.id);
    expect(local.viewers).toBe(viewers + 1);
    forwarded({ session: local.id, event: 'session:leave', payload: {}, role: 'viewer' });
    expect(local.viewers).toBe(viewers);

    expect(forwarded({ session: local.id, event: 'control:intervene', payload: { type: 'bogus' }, role: 'operator' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid control:intervene/),
    });
    expect(
      forwarded({ session: local.id, event: 'control:intervene', payload: { type: 'fault', station: 'NOPE' }, role: 'operator' }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/NOPE/) });
    const applied = forwarded({
      session: local.id,
      event: 'control:intervene',
      payload: { type: 'set', station: 'M2', param: 'scrap', value: 0.02 },
      role: 'operator',
    });
    expect(applied).toEqual({ ok: true, simTime: local.sim.now });
    expect(local.interventions.at(-1)?.intervention).toEqual({ type: 'set', station: 'M2', param: 'scrap', value: 0.02 });
    expect(forwarded({ session: 'elsewhere', event: 'control:pause', payload: {}, role: 'operator' })).toBeNull();
  });
});
