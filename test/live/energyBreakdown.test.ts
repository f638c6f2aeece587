import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { EnergyBreakdown } from '../../server/protocol/events.ts';
import { MACHINE_STATE_CODES } from '../../server/protocol/states.ts';
import { loadScene } from '../../server/scene/index.ts';
import { createSession, type Session } from '../../server/session/session.ts';
import { energyBreakdown } from '../../server/session/energyBreakdown.ts';
import { createClientPool, request, startTestServer, type TestClient } from '../helpers/liveServer.ts';

/**
 * `energy:breakdown`, the energy view's data: kWh per machine and state, belts and base load, adding up to what
 * the report and the KPI frame say, and readable by viewers.
 */

/** Rounding on the wire is to 1e-6 kWh per figure: sums of a few dozen of them stay within this. */
const EPS = 1e-4;

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

async function sessionOf(file: string, seconds: number): Promise<Session> {
  const session = createSession({ id: 's', code: 'c', sceneKey: 'k', scene: await loadScene(file), speed: 1 });
  session.fastForward(seconds);
  return session;
}

/** Checks a breakdown against the report it came from. */
function expectAddsUp(session: Session, b: EnergyBreakdown): void {
  const r = session.sim.report();
  for (const m of b.machines) {
    expect(Object.keys(m.byState).sort()).toEqual([...MACHINE_STATE_CODES].sort());
    expect(sum(Object.values(m.byState))).toBeCloseTo(r.stations[m.id]!.energyKWh, 4);
    expect(m.kWh).toBeCloseTo(r.stations[m.id]!.energyKWh, 5);
  }
  for (const c of b.conveyors) expect(c.kWh).toBeCloseTo(r.stations[c.id]!.energyKWh, 5);
  const parts = sum(b.machines.map((m) => m.kWh)) + sum(b.conveyors.map((c) => c.kWh)) + b.baseLoadKWh;
  expect(Math.abs(parts - r.energy.kWh)).toBeLessThan(EPS);
  expect(Math.abs(b.kWh - session.kpi().kWh)).toBeLessThan(2e-3); // the KPI frame rounds to 1 Wh
  expect(b.kWhPerGoodPart).toBeCloseTo(r.energy.kWhPerGoodPart, 5);
  expect(b.good).toBe(r.produced.good);
}

describe('the energy breakdown', () => {
  it('on the energy test line: per machine the states sum to its kWh; machines, belt and base load to the line', async () => {
    const session = await sessionOf('test/fixtures/energy-line.yaml', 4 * 3600);
    const b = energyBreakdown(session.sim.report(), session.sim.view);
    expect(b.machines.map((m) => m.id)).toEqual(['M1', 'M2']);
    expect(b.conveyors.map((c) => c.id)).toEqual(['CV']);
    expect(b.baseLoadKWh).toBeGreaterThan(0);
    expect(b.conveyors[0]!.kWh).toBeGreaterThan(0);
    // both machines drop to standby between the source's irregular arrivals, and draw power there
    for (const m of b.machines) expect(m.byState.standby).toBeGreaterThan(0);
    expectAddsUp(session, b);
  });

  it('on the automotive body line (base load, skid conveyors, eleven machines) the same holds', async () => {
    const session = await sessionOf('scenes/automotive-body.yaml', 24 * 3600 + 12 * 3600); // the day's warm-up, then half a day
    const b = energyBreakdown(session.sim.report(), session.sim.view);
    expect(b.machines.length).toBeGreaterThanOrEqual(10);
    expect(b.good).toBeGreaterThan(0);
    expect(b.machines.every((m) => m.byState.working > 0)).toBe(true);
    expect(b.conveyors.length).toBeGreaterThan(0);
    expect(b.baseLoadKWh).toBeGreaterThan(0);
    expectAddsUp(session, b);
  });
});

describe('energy:breakdown on the wire', () => {
  let server: RunningServer;
  const pool = createClientPool(() => server);
  let viewer: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ sceneFile: 'test/fixtures/energy-line.yaml' });
    viewer = await pool.client(); // no token: a viewer
  });
  afterAll(async () => {
    pool.closeAll();
    await server?.close();
  });

  it('needs a joined session, then answers a viewer (it is not a control event) with the breakdown', async () => {
    const early = await request(viewer, 'energy:breakdown', {});
    expect(early).toEqual({ ok: false, error: expect.stringMatching(/join a session/) });
    expect((await request(viewer, 'session:join', {})).ok).toBe(true);
    const res = await request<{ breakdown: EnergyBreakdown }>(viewer, 'energy:breakdown', {});
    if (!res.ok) throw new Error(res.error);
    expect(res.breakdown.machines.map((m) => m.id)).toEqual(['M1', 'M2']);
    expect(res.breakdown.conveyors.map((c) => c.id)).toEqual(['CV']);
    expect(res.breakdown.kWh).toBeGreaterThanOrEqual(res.breakdown.baseLoadKWh);
    // a payload the schema does not know is refused, as for every request
    expect((await request(viewer, 'energy:breakdown', { station: 'M1' })).ok).toBe(false);
  });
});
