import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { Ack, SessionInfo, Snapshot } from '../../server/protocol/events.ts';
import type { SceneCard, StorySessions, TaskResult, TrainingReport, TrainingState } from '../../server/protocol/training.ts';
import { createClientPool, nextEvent, request, runScenario, startTestServer, TEST_TOKEN, type TestClient } from '../helpers/liveServer.ts';

/** Training, stories and the scene picker on the real server, driven by real socket.io-client connections. */

let server: RunningServer;
const pool = createClientPool(() => server);
const client = pool.client;

beforeAll(async () => {
  server = await startTestServer({ sceneFile: 'test/fixtures/training/line.yaml', scenesDir: 'test/fixtures/training' });
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
});

type Ok<T> = { ok: true } & T;
/** The acknowledgement of a request that must succeed, typed as `T`. */
const ok = async <T extends object = object>(p: Promise<Ack<object>>): Promise<Ok<T>> => {
  const res = await p;
  if (!res.ok) throw new Error(`refused: ${res.error}`);
  return res as Ok<T>;
};

describe('a training session', () => {
  let session: SessionInfo;
  let trainer: TestClient, anna: TestClient, ben: TestClient;
  let annaId = '';

  it('a trainer starts a scenario: a new session waits in the lobby', async () => {
    trainer = await client(TEST_TOKEN);
    const list = await ok<{ scenarios: Array<{ key: string }> }>(request(trainer, 'training:list', {}));
    expect(list.scenarios.map((s) => s.key)).toEqual(['quick']);
    const started = await ok<{ session: SessionInfo; report: TrainingReport }>(
      request(trainer, 'training:start', { scenario: 'quick', speed: 60 }),
    );
    session = started.session;
    expect(session.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(started.report.state.status).toBe('lobby');
    await ok(request(trainer, 'session:join', { session: session.id }));
  });

  it('two trainees join by the code, without a token, and the console lists them', async () => {
    anna = await client();
    ben = await client();
    const reports: TrainingReport[] = [];
    trainer.on('training:report', (r) => reports.push(r));
    for (const [c, name] of [
      [anna, 'Anna'],
      [ben, 'Ben'],
    ] as const) {
      const joined = await ok<{ snapshot: Snapshot }>(request(c, 'session:join', { session: session.code.toLowerCase() }));
      expect(joined.snapshot.session.id).toBe(session.id);
      const hello = await ok<{ trainee: string; state: TrainingState }>(request(c, 'training:hello', { name }));
      expect(hello.state.code).toBe(session.code);
      if (name === 'Anna') annaId = hello.trainee;
    }
    await expect
      .poll(() => reports.at(-1)?.trainees.map((t) => [t.name, t.connected]))
      .toEqual([
        ['Anna', true],
        ['Ben', true],
      ]);
  });

  it('trainees cannot control the line or run the scenario', async () => {
    for (const [event, payload] of [
      ['control:pause', {}],
      ['control:intervene', { type: 'fault', station: 'M1' }],
      ['training:run', {}],
      ['training:skip', {}],
      ['training:console', {}],
    ] as const) {
      const res = await request(anna, event, payload);
      expect(res).toEqual({ ok: false, error: 'operator token required: viewers can watch but not control' });
    }
    expect(server.registry.get(session.id)!.interventions).toEqual([]);
  });

  it('the trainer runs it; trainees answer; scores come back to the trainer and to each trainee', async () => {
    const opened = nextEvent(anna, 'training:state', (s) => s.tasks.some((t) => t.id === 'sum'), 8000);
    await ok(runScenario(trainer));
    const state = await opened;
    expect(state.status).toBe('running');
    const sum = state.tasks.find((t) => t.id === 'sum')!;
    expect(sum).toMatchObject({ input: 'choice', options: ['3', '4', '5'], status: 'open', openedAt: 90 });
    expect(sum).not.toHaveProperty('answer'); // never the expected answer while open

    const annaResults = nextEvent(anna, 'training:results', (r) => r.score === 1);
    const right = await ok<{ result: TaskResult }>(request(anna, 'training:answer', { task: 'sum', answer: '1' }));
    const wrong = await ok<{ result: TaskResult }>(request(ben, 'training:answer', { task: 'sum', answer: '2' }));
    expect(right.result).toMatchObject({ correct: true, expected: '1' });
    expect(wrong.result).toMatchObject({ correct: false, answer: '2' });
    expect(await annaResults).toMatchObject({ trainee: annaId, score: 1, maxScore: 1 });
    const report = await nextEvent(trainer, 'training:report', (r) => r.trainees.every((t) => t.results.some((x) => x.answer !== null)));
    expect(report.trainees.map((t) => [t.name, t.score, t.maxScore])).toEqual([
      ['Anna', 1, 1],
      ['Ben', 0, 1],
    ]);
    expect(report.trainees[0]!.results[0]!.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('trainees act only as the scenario allows; their actions are logged interventions', async () => {
    const refused = await request(ben, 'training:act', { action: 'stop', station: 'M2' });
    expect(refused).toEqual({ ok: false, error: 'this scenario does not let trainees stop M2' });
    const done = await request(anna, 'training:act', { action: 'speed', station: 'M2', percent: 100 });
    expect(done.ok).toBe(true);
    const ivs = server.registry.get(session.id)!.interventions;
    expect(ivs.at(-1)?.intervention).toMatchObject({ type: 'set', station: 'M2', param: 'cycleTime' });
    // the event log says who acted: the trainee, not "the operator"
    expect(
      server.registry
        .get(session.id)!
        .snapshot('viewer')
        .log.filter((e) => e.kind === 'intervention')
        .at(-1)?.text,
    ).toMatch(/by trainee Anna$/);
    const bad = await request(anna, 'training:answer', { task: 'sum<script>', answer: '1' });
    expect(bad.ok).toBe(false); // validated: ids are plain
  });

  it('a trainee cannot answer for another session', async () => {
    // a second class with the same scenario
    const other = await ok<{ session: SessionInfo }>(request(trainer, 'training:start', { scenario: 'quick', speed: 60 }));
    await ok(request(anna, 'session:join', { session: other.session.code }));
    const res = await request(anna, 'training:answer', { task: 'sum', answer: '1' });
    expect(res).toEqual({ ok: false, error: 'say hello as a trainee of this session first' });
    // nor act, nor reuse her id of the first session to become someone there
    expect((await request(anna, 'training:act', { action: 'repair', station: 'M1' })).ok).toBe(false);
    const hello = await ok<{ trainee: string }>(request(anna, 'training:hello', { name: 'Anna', trainee: annaId }));
    expect(hello.trainee).not.toBe(annaId);
    // on the default line nothing of this exists
    const viewer = await client();
    await ok(request(viewer, 'session:join', {}));
    expect(await request(viewer, 'training:hello', { name: 'Eve' })).toEqual({
      ok: false,
      error: 'no training scenario runs in this session',
    });
    expect(await request(viewer, 'training:state', {})).toEqual({ ok: true, state: null });
  });

  it('skip and end: the scenario finishes with every task closed', async () => {
    const skipped = await ok<{ simTime: number }>(request(trainer, 'training:skip', {}));
    expect(skipped.simTime).toBeGreaterThan(90);
    const ended = await ok<{ report: TrainingReport }>(request(trainer, 'training:end', {}));
    expect(ended.report.state.status).toBe('finished');
    expect(ended.report.state.tasks.every((t) => t.status === 'closed')).toBe(true);
    expect(server.registry.get(session.id)!.info().paused).toBe(true);
  });
});

describe('stories and the scene picker', () => {
  it('a viewer opens a story: two sessions of the same scene, the after side changed at time 0', async () => {
    const viewer = await client();
    const res = await ok<StorySessions>(request(viewer, 'story:open', { story: 'quick' }));
    expect(res.story).toMatchObject({ key: 'quick', before: { title: 'Buffer of 5' }, after: { title: 'Buffer of 20' }, speed: 600 });
    expect(res.before.id).not.toBe(res.after.id);
    const before = await ok<{ snapshot: Snapshot }>(request(viewer, 'session:join', { session: res.before.id }));
    expect(before.snapshot.stations.find((s) => s.id === 'B1')?.capacity).toBe(5);
    const after = await ok<{ snapshot: Snapshot }>(request(viewer, 'session:join', { session: res.after.id }));
    expect(after.snapshot.stations.find((s) => s.id === 'B1')?.capacity).toBe(20);
    expect(server.registry.get(res.after.id)!.interventions).toEqual([
      { t: 0, intervention: { type: 'set', station: 'B1', param: 'capacity', value: 20 } },
    ]);
    // a second screen gets the same pair; a viewer cannot restart it while it runs
    const again = await ok<StorySessions>(request(viewer, 'story:open', { story: 'quick' }));
    expect([again.before.id, again.after.id]).toEqual([res.before.id, res.after.id]);
    expect(await request(viewer, 'story:open', { story: 'quick', restart: true })).toEqual({
      ok: false,
      error: 'the story is still running: it restarts by itself once both sides have ended',
    });
    expect((await request(viewer, 'story:open', { story: 'nope' })).ok).toBe(false);
  });

  it('the scene picker gets every scene with its layout and running sessions', async () => {
    const viewer = await client();
    const res = await ok<{ scenes: SceneCard[] }>(request(viewer, 'scenes:catalog', {}));
    const line = res.scenes.find((s) => s.key === 'line')!;
    expect(line).toMatchObject({
      name: 'Training test line',
      description: 'Two machines and a buffer, for the training tests.',
      stations: 5,
    });
    expect(line.layout.map((s) => [s.id, s.x])).toEqual([
      ['IN', -3],
      ['M1', 0],
      ['B1', 3],
      ['M2', 6],
      ['OUT', 9],
    ]);
    expect(line.layout[1]).not.toHaveProperty('params');
    expect(line.sessions.map((s) => s.id)).toContain(server.registry.defaultId);
  });
});
