import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { Frame, LogEntry, Snapshot } from '../../server/protocol/events.ts';
import { loadScene } from '../../server/scene/index.ts';
import { replaySession } from '../../server/session/replay.ts';
import { createSession } from '../../server/session/session.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';

/**
 * Wear on the live stream: condition readings in frames and snapshots, warnings in the log, the signal's lines in
 * the layout, the maintenance block in the inspector and crews in the KPI frame (test/fixtures/wear-line.yaml:
 * CNC under condition maintenance, LATHE run to failure, both sharing one fitter; DRILL without wear).
 */

const FIXTURE = 'test/fixtures/wear-line.yaml';
const scene = await loadScene(FIXTURE);
const CNC = 1,
  LATHE = 3;

/** [station, unit, value, stage, warned] tuples of a flat readings array. */
function tuples(flat: readonly number[] | undefined): number[][] {
  const out: number[][] = [];
  for (let i = 0; flat && i < flat.length; i += 5) out.push(flat.slice(i, i + 5));
  return out;
}

/** Runs a fresh session minute by minute for `hours`, keeping every frame and log entry. */
function watch(hours: number): { frames: Frame[]; log: LogEntry[]; session: ReturnType<typeof createSession> } {
  const session = createSession({ id: 's', code: 'c', sceneKey: 'wear-line', scene, speed: 1 });
  const frames: Frame[] = [];
  const log: LogEntry[] = [];
  for (let t = 60; t <= hours * 3600; t += 60) {
    session.fastForward(t);
    const frame = session.takeFrame();
    if (frame) frames.push(frame);
    log.push(...session.takeLog());
  }
  return { frames, log, session };
}

describe('readings, warnings and crews of a session', () => {
  const { frames, log, session } = watch(4);

  it('the layout carries each wearing machine signal, warning level, threshold and policy', () => {
    const stations = session.snapshot('viewer').stations;
    expect(stations[CNC]!.params!.care).toEqual({
      stages: 4,
      signal: { name: 'vibration', unit: 'mm/s', levels: [2, 3.5, 5.5, 8] },
      warnAt: 5,
      policy: 'condition',
      threshold: 5.5,
      every: null,
    });
    expect(stations[LATHE]!.params!.care).toMatchObject({ policy: 'none', threshold: null, warnAt: 5 });
    expect(stations[4]!.params!.care).toBeUndefined(); // DRILL: no wear, no policy
  });

  it('a frame carries at most one reading per wearing unit, only of wearing units, rounded to 0.01', () => {
    const withReadings = frames.filter((f) => f.readings !== undefined);
    expect(withReadings.length).toBeGreaterThan(100);
    for (const f of withReadings) {
      const rows = tuples(f.readings);
      expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
      for (const [station, unit, value, stage, warned] of rows) {
        expect([CNC, LATHE]).toContain(station);
        expect(unit).toBe(0);
        expect(Math.round(value! * 100) / 100).toBe(value);
        expect(stage).toBeGreaterThanOrEqual(1);
        expect(stage).toBeLessThanOrEqual(4);
        expect([0, 1]).toContain(warned);
      }
    }
    // frames of a minute without a reading (the machine down or in service) carry no readings key at all
    expect(frames.some((f) => f.readings === undefined)).toBe(true);
  });

  it('a warning is logged with the reading, shows on the reading tuples, and clears when the machine is serviced', () => {
    const warnings = log.filter((e) => e.kind === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]!.text).toMatch(/^(CNC|LATHE) warning: vibration \d+(\.\d+)? mm\/s above 5$/);
    const cnc = frames.flatMap((f) => tuples(f.readings).filter((r) => r[0] === CNC));
    const raised = cnc.findIndex((r) => r[4] === 1);
    expect(raised).toBeGreaterThanOrEqual(0);
    expect(cnc.slice(raised).some((r) => r[4] === 0)).toBe(true); // the condition service cleared it
  });

  it('a late joiner gets the latest reading of each wearing unit in the snapshot', () => {
    const snap: Snapshot = session.snapshot('viewer');
    expect(tuples(snap.readings).map((r) => r[0])).toEqual([CNC, LATHE]);
  });

  it('KPI frames carry the crews, the inspector the maintenance block', () => {
    const kpi = session.kpi();
    expect(kpi.crews).toHaveLength(1);
    const crew = kpi.crews![0]!;
    expect(crew).toMatchObject({ id: 'fitters', size: 1 });
    expect(crew.busy).toBeGreaterThanOrEqual(0);
    expect(crew.busy).toBeLessThanOrEqual(1);
    expect(crew.jobs).toBeGreaterThan(0);
    const details = session.details('CNC')!;
    expect(details.maintenance).toMatchObject({ scoredOn: 'run-to-failure twin' });
    expect(details.maintenance!.services).toBeGreaterThan(0);
    expect(session.details('DRILL')!.maintenance).toBeUndefined();
  });
});

describe('maintenance interventions', () => {
  const fresh = () => createSession({ id: 's', code: 'c', sceneKey: 'wear-line', scene, speed: 1 });
  const MAINTENANCE = 5; // state code

  it('service now takes the machine into maintenance at once and counts as a service', () => {
    const session = fresh();
    session.fastForward(600);
    session.takeFrame();
    expect(session.intervene({ type: 'service', station: 'LATHE' })).toBeNull();
    const frame = session.takeFrame()!;
    expect(frame.states.slice(0, 3)).toEqual([LATHE, 0, MAINTENANCE]);
    expect(session.takeLog().some((e) => e.kind === 'intervention' && e.text === 'service of LATHE started by operator')).toBe(true);
    // a second one while it is in service changes nothing
    expect(session.intervene({ type: 'service', station: 'LATHE' })).toBe('LATHE is down or already being serviced');
    session.fastForward(3600);
    expect(session.details('LATHE')!.maintenance!.services).toBe(1);
  });

  it('refuses machines without wear or policy, and policies that cannot change live, with what to do', () => {
    const session = fresh();
    expect(session.intervene({ type: 'service', station: 'DRILL' })).toMatch(/^DRILL has no wear, crew or maintenance policy/);
    expect(session.intervene({ type: 'set', station: 'DRILL', param: 'threshold', value: 5 })).toMatch(/^DRILL has no wear/);
    expect(session.intervene({ type: 'set', station: 'B1', param: 'policy', value: 'condition' })).toMatch(/^B1 has no wear/);
    // LATHE runs to failure with no threshold in the scene: condition maintenance would never act
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'policy', value: 'condition' })).toBe(
      'LATHE has no threshold: set one first (param threshold)',
    );
    expect(session.interventions).toHaveLength(0);
  });

  it('a policy switched live acts on this run only: the run-to-failure twin still fails, so failures are avoided', () => {
    const session = fresh();
    session.fastForward(600);
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'threshold', value: 5.5 })).toBeNull();
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'policy', value: 'condition' })).toBeNull();
    expect(session.details('LATHE')!.params!.care).toMatchObject({ policy: 'condition', threshold: 5.5 });
    session.fastForward(8 * 3600);
    const m = session.details('LATHE')!.maintenance!;
    expect(m.services).toBeGreaterThan(2);
    expect(m.scoredOn).toBe('run-to-failure twin');
    expect(m.failuresAvoided).toBeGreaterThan(0);
  });

  it('switches to the time policy live once it has an interval, and back to none', () => {
    const session = fresh();
    session.fastForward(600);
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'policy', value: 'time' })).toBe(
      'LATHE has no service interval: set one first (param every)',
    );
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'every', value: 0 })).toBe('every must be a duration > 0');
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'every', value: 1800 })).toBeNull();
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'policy', value: 'time' })).toBeNull();
    expect(session.details('LATHE')!.params!.care).toMatchObject({ policy: 'time', every: 1800 });
    const before = session.details('LATHE')!;
    session.fastForward(600 + 4 * 3600);
    const now = session.details('LATHE')!;
    // LATHE's 25 s parts: a service after every 72 parts (1800 s of work), give or take the part at either end
    const parts = now.processed - before.processed;
    const services = now.maintenance!.services - before.maintenance!.services;
    expect(parts).toBeGreaterThan(200);
    expect(Math.abs(services - parts / 72)).toBeLessThanOrEqual(1);
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'policy', value: 'none' })).toBeNull();
    session.fastForward(600 + 4 * 3600 + 20 * 60); // a service that had begun ends
    const after = session.details('LATHE')!.maintenance!.services;
    session.fastForward(600 + 8 * 3600);
    expect(session.details('LATHE')!.maintenance!.services).toBe(after);
  });

  it('a warning stays open through an injected fault and clears when the repair renews the wear', () => {
    const session = fresh();
    const lathe = () => tuples(session.snapshot('viewer').readings).find((r) => r[0] === LATHE);
    let t = 0;
    while (lathe()?.[4] !== 1 && t < 8 * 3600) session.fastForward((t += 60));
    expect(lathe()![4]).toBe(1); // LATHE runs to failure, so its warning stays open until the failure or a repair
    session.takeFrame();
    expect(session.intervene({ type: 'fault', station: 'LATHE', duration: 600 })).toBeNull();
    session.fastForward(t + 300);
    expect(lathe()![4]).toBe(1); // down, but the wear is what it was
    session.fastForward(t + 660);
    expect(lathe()![4]).toBe(0); // the repair ended: stage 1 again (failures.renewsWear defaults to true)
    expect(session.takeFrame()!.readings).toBeDefined();
  });

  it('scene + seed + intervention log replays a session with maintenance interventions exactly', () => {
    const session = fresh();
    session.fastForward(900);
    expect(session.intervene({ type: 'service', station: 'LATHE' })).toBeNull();
    session.fastForward(2 * 3600);
    expect(session.intervene({ type: 'set', station: 'CNC', param: 'threshold', value: 7 })).toBeNull();
    session.fastForward(3 * 3600);
    expect(session.intervene({ type: 'set', station: 'CNC', param: 'policy', value: 'predictive' })).toBeNull();
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'threshold', value: 6 })).toBeNull();
    expect(session.intervene({ type: 'set', station: 'LATHE', param: 'policy', value: 'condition' })).toBeNull();
    session.fastForward(5 * 3600);
    expect(session.intervene({ type: 'set', station: 'CNC', param: 'every', value: 2400 })).toBeNull();
    expect(session.intervene({ type: 'set', station: 'CNC', param: 'policy', value: 'time' })).toBeNull();
    session.fastForward(6 * 3600 + 17);
    const replay = replaySession(scene, session.seed, session.interventions, session.sim.now);
    expect(JSON.stringify(replay.report())).toBe(JSON.stringify(session.sim.report()));
    // and the interventions mattered: without them the run differs
    const plain = replaySession(scene, session.seed, [], session.sim.now);
    expect(JSON.stringify(plain.report())).not.toBe(JSON.stringify(session.sim.report()));
  });
});

describe('on the wire', () => {
  let server: RunningServer;
  const pool = createClientPool(() => server);
  beforeAll(async () => {
    server = await startTestServer({ sceneFile: FIXTURE });
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('viewers receive readings in frames, warnings in the log and crews in KPIs', async () => {
    const op = await pool.client(TEST_TOKEN);
    await request(op, 'session:join', {});
    const viewer = await pool.client();
    await request(viewer, 'session:join', {});
    const frame = nextEvent(viewer, 'sim:frame', (f) => (f.readings?.length ?? 0) > 0, 60_000);
    const warning = nextEvent(viewer, 'sim:log', (entries) => entries.some((e) => e.kind === 'warning'), 60_000);
    const kpi = nextEvent(viewer, 'sim:kpi', (k) => (k.crews?.length ?? 0) === 1, 60_000);
    expect((await request(op, 'control:speed', { speed: 600 })).ok).toBe(true);
    expect(tuples((await frame).readings)[0]).toHaveLength(5);
    expect((await warning).find((e) => e.kind === 'warning')!.station).toMatch(/^(CNC|LATHE)$/);
    expect((await kpi).crews![0]!.id).toBe('fitters');
  }, 90_000);

  it('only operators service or change the policy, and the schema names what is wrong', async () => {
    const op = await pool.client(TEST_TOKEN);
    await request(op, 'session:join', {});
    const viewer = await pool.client();
    await request(viewer, 'session:join', {});
    expect((await request(viewer, 'control:intervene', { type: 'service', station: 'CNC' })).ok).toBe(false);
    const weekly = await request(op, 'control:intervene', { type: 'set', station: 'CNC', param: 'policy', value: 'weekly' });
    expect(weekly.ok).toBe(false);
    if (!weekly.ok) expect(weekly.error).toMatch(/value/);
    const time = await request(op, 'control:intervene', { type: 'set', station: 'CNC', param: 'policy', value: 'time' });
    expect(time.ok).toBe(false);
    if (!time.ok) expect(time.error).toBe('CNC has no service interval: set one first (param every)');
    const drill = await request(op, 'control:intervene', { type: 'service', station: 'DRILL' });
    expect(drill.ok).toBe(false);
    if (!drill.ok) expect(drill.error).toMatch(/DRILL has no wear/);
    expect((await request(op, 'control:intervene', { type: 'set', station: 'CNC', param: 'threshold', value: 6 })).ok).toBe(true);
  });
});
