import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import type { Ack, SessionInfo, Snapshot } from '../../server/protocol/events.ts';
import type { StorySessions, TaskResult, TrainingReport, TrainingState } from '../../server/protocol/training.ts';
import { createClientPool, nextEvent, request, runScenario, startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';
import { tempDir } from '../experiments/helpers.ts';
import { sessionState } from './helpers.ts';

/**
 * A restarted server brings back every session it kept: the default line, an operator's session, and a training
 * class with its trainees, their answers and scores, each at the simulated time it had reached, in the same
 * engine state, with the same join codes; trainees come back with the id their browser keeps and carry on.
 */

const tmp = tempDir();
const sessionsDb = join(tmp.dir, 'sessions.db');
let server: RunningServer | undefined;
const pool = createClientPool(() => server!);
const start = (): Promise<RunningServer> =>
  startTestServer({ sceneFile: 'test/fixtures/training/line.yaml', scenesDir: 'test/fixtures/training', sessionsDb });
afterAll(async () => {
  pool.closeAll();
  await server?.close();
  tmp.remove();
});

type Ok<T> = { ok: true } & T;
const ok = async <T extends object = object>(p: Promise<Ack<object>>): Promise<Ok<T>> => {
  const res = await p;
  if (!res.ok) throw new Error(`refused: ${res.error}`);
  return res as Ok<T>;
};
/** A report without who is connected now (connections do not survive a restart). */
const offline = (r: TrainingReport): TrainingReport => ({ ...r, trainees: r.trainees.map((t) => ({ ...t, connected: false })) });

describe('a server restarted on the same sessions database', () => {
  it('brings back every session, and a training class with its trainees, answers and scores', async () => {
    server = await start();
    const trainer = await pool.client(TEST_TOKEN);
    const { session } = await ok<{ session: SessionInfo }>(request(trainer, 'training:start', { scenario: 'quick', speed: 60 }));
    await ok(request(trainer, 'session:join', { session: session.id }));
    const ids: Record<string, string> = {};
    const trainees = { Anna: await pool.client(), Ben: await pool.client() };
    for (const [name, c] of Object.entries(trainees)) {
      await ok(request(c, 'session:join', { session: session.code }));
      ids[name] = (await ok<{ trainee: string }>(request(c, 'training:hello', { name }))).trainee;
    }
    const opened = nextEvent(trainees.Anna, 'training:state', (s) => s.tasks.some((t) => t.id === 'sum'), 15_000);
    await ok(runScenario(trainer));
    await opened;
    await ok(request(trainees.Anna, 'training:answer', { task: 'sum', answer: '1' }));
    await ok(request(trainees.Ben, 'training:answer', { task: 'sum', answer: '2' }));
    await ok(request(trainees.Anna, 'training:act', { action: 'speed', station: 'M2', percent: 100 }));
    // the scenario pauses itself at 4 min with a message; by then three more tasks are open
    await nextEvent(trainer, 'training:state', (s: TrainingState) => s.status === 'paused' && s.message?.text === 'Pause here', 30_000);
    await ok(request(trainees.Ben, 'training:answer', { task: 'first', answer: 'M2' }));
    await ok(request(trainees.Anna, 'training:answer', { task: 'energy', answer: 'M1' }));

    // the default line with an operator's intervention, and an operator's own session, paused
    const operator = await pool.client(TEST_TOKEN);
    await ok(request(operator, 'session:join', {}));
    await ok(request(operator, 'control:intervene', { type: 'fault', station: 'M1', duration: 30 }));
    const own = (await ok<{ session: SessionInfo }>(request(operator, 'session:create', { scene: 'line', speed: 10 }))).session;
    await ok(request(operator, 'session:join', { session: own.id }));
    await ok(request(operator, 'control:intervene', { type: 'set', station: 'B1', param: 'capacity', value: 2 }));
    await ok(request(operator, 'control:pause', {}));

    const report = (await ok<{ report: TrainingReport }>(request(trainer, 'training:console', {}))).report;
    expect(report.trainees.map((t) => [t.name, t.results.filter((r) => r.answer !== null).map((r) => [r.task, r.correct])])).toEqual([
      [
        'Anna',
        [
          ['sum', true],
          ['energy', true],
        ],
      ],
      [
        'Ben',
        [
          ['sum', false],
          ['first', true],
        ],
      ],
    ]);
    // a story's pair of sessions is not kept: opened again after a restart, it starts from the story's start
    const story = await ok<StorySessions>(request(operator, 'story:open', { story: 'quick' }));
    pool.closeAll();
    const first = server;
    await first.close();
    const storyIds = [story.before.id, story.after.id];
    expect(first.registry.all().map((s) => s.id)).toEqual(['s1', session.id, own.id, ...storyIds]);
    const before = new Map(
      first.registry
        .all()
        .filter((s) => !storyIds.includes(s.id))
        .map((s) => [s.id, { code: s.info().code, state: sessionState(s) }]),
    );

    server = await start();
    const after = new Map(server.registry.all().map((s) => [s.id, { code: s.info().code, state: sessionState(s) }]));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [id, was] of before) expect(after.get(id), id).toEqual(was);

    // the trainer's console shows the same class; Anna comes back with her id and carries on
    const trainer2 = await pool.client(TEST_TOKEN);
    await ok(request(trainer2, 'session:join', { session: session.code }));
    const restored = (await ok<{ report: TrainingReport }>(request(trainer2, 'training:console', {}))).report;
    expect(JSON.stringify(offline(restored))).toBe(JSON.stringify(offline(report)));
    const anna = await pool.client();
    await ok(request(anna, 'session:join', { session: session.code }));
    const hello = await ok<{ trainee: string; results: { score: number } }>(
      request(anna, 'training:hello', { name: 'Anna', trainee: ids['Anna'] }),
    );
    expect(hello.trainee).toBe(ids['Anna']);
    expect(hello.results.score).toBe(2);
    expect(await request(anna, 'training:answer', { task: 'sum', answer: '1' })).toEqual({
      ok: false,
      error: 'you have answered this task already',
    });
    const bn = await ok<{ result: TaskResult }>(request(anna, 'training:answer', { task: 'bn', answer: 'M2' }));
    expect(bn.result.task).toBe('bn');
    const running = nextEvent(anna, 'training:state', (s) => s.status === 'running');
    await ok(runScenario(trainer2));
    await running;
    // the plain session stayed paused, and its snapshot is the one it had
    const viewer = await pool.client();
    const joined = await ok<{ snapshot: Snapshot }>(request(viewer, 'session:join', { session: own.code }));
    expect(joined.snapshot.session).toMatchObject({ id: own.id, paused: true, speed: 10 });
    const reopened = await ok<StorySessions>(request(viewer, 'story:open', { story: 'quick' }));
    expect([reopened.before.id, reopened.after.id]).toEqual(['s4', 's5']); // new sessions, after the kept ones
    expect(server.registry.get('s4')!.interventions).toEqual([]);
  });
});
