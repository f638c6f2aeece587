import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { ListedSession, SessionInfo } from '../../server/protocol/events.ts';
import type { SceneCard, TraineeRemoved, TrainingReport } from '../../server/protocol/training.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN, type TestClient } from '../helpers/liveServer.ts';
import { ok } from './helpers.ts';

/**
 * Nobody outside the room can lock a training class: viewers get no join codes in lists, a connection is one
 * trainee per class, one network address registers a bounded number of trainees, and the trainer can remove a
 * trainee.
 */

const PER_ADDRESS = 3; // every test connection comes from 127.0.0.1
let server: RunningServer;
const pool = createClientPool(() => server);
const client = pool.client;

beforeAll(async () => {
  server = await startTestServer({
    sceneFile: 'test/fixtures/training/line.yaml',
    scenesDir: 'test/fixtures/training',
    maxTraineesPerAddress: PER_ADDRESS,
  });
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
});

/** A new class in the lobby, and its trainer (in the session, receiving reports). */
async function newClass(): Promise<{ trainer: TestClient; session: SessionInfo }> {
  const trainer = await client(TEST_TOKEN);
  const { session } = await ok<{ session: SessionInfo }>(request(trainer, 'training:start', { scenario: 'quick' }));
  await ok(request(trainer, 'session:join', { session: session.id }));
  await ok(request(trainer, 'training:console', {}));
  return { trainer, session };
}

/** A new connection that joins the class by its code and says hello as `name`; resolves with its ack. */
async function trainee(code: string, name: string, c?: TestClient): Promise<{ c: TestClient; res: Awaited<ReturnType<typeof hello>> }> {
  const socket = c ?? (await client());
  await ok(request(socket, 'session:join', { session: code }));
  return { c: socket, res: await hello(socket, name) };
}
const hello = (c: TestClient, name: string, id?: string) =>
  request<{ trainee: string }>(c, 'training:hello', id === undefined ? { name } : { name, trainee: id });

describe('join codes', () => {
  it('a viewer lists sessions without join codes; an operator (the trainer) sees them', async () => {
    const { session } = await newClass();
    const viewer = await client();
    const listed = await ok<{ sessions: ListedSession[] }>(request(viewer, 'session:list', {}));
    expect(listed.sessions.map((s) => s.id)).toContain(session.id);
    for (const s of listed.sessions) expect(s).not.toHaveProperty('code');
    expect(JSON.stringify(listed)).not.toContain(session.code);

    const operator = await client(TEST_TOKEN);
    const full = await ok<{ sessions: ListedSession[] }>(request(operator, 'session:list', {}));
    expect(full.sessions.find((s) => s.id === session.id)?.code).toBe(session.code);
  });

  it('a viewer cannot join a class by its listed id (its snapshot would carry the code), only with the code', async () => {
    const { session } = await newClass();
    const viewer = await client();
    const byId = await request<{ snapshot: { session: SessionInfo } }>(viewer, 'session:join', { session: session.id });
    expect(byId).toEqual({ ok: false, error: `session "${session.id}" is a training class: join it with its code` });
    const byCode = await ok<{ snapshot: { session: SessionInfo } }>(
      request(viewer, 'session:join', { session: session.code.toLowerCase() }),
    );
    expect(byCode.snapshot.session.id).toBe(session.id);
  });

  it("the scene picker's running sessions carry no join codes for viewers", async () => {
    const viewer = await client();
    const cards = await ok<{ scenes: SceneCard[] }>(request(viewer, 'scenes:catalog', {}));
    const sessions = cards.scenes.flatMap((c) => c.sessions);
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) expect(s).not.toHaveProperty('code');
    const operator = await client(TEST_TOKEN);
    const full = await ok<{ scenes: SceneCard[] }>(request(operator, 'scenes:catalog', {}));
    expect(full.scenes.flatMap((c) => c.sessions).every((s) => typeof s.code === 'string')).toBe(true);
  });
});

describe('trainees per connection and per address', () => {
  it('a connection is one trainee of a class: a second registration is refused, the same trainee may say hello again', async () => {
    const { trainer, session } = await newClass();
    const { c, res } = await trainee(session.code, 'Anna');
    if (!res.ok) throw new Error(res.error);
    expect(await hello(c, 'Fake 1')).toEqual({
      ok: false,
      error: 'this page is a trainee of this class already: one trainee per browser tab',
    });
    expect((await hello(c, 'Fake 2', 'AAAAAAAAAAAA')).ok).toBe(false);
    // coming back (a reconnect) or changing the name is the same trainee
    expect(await ok<{ trainee: string }>(hello(c, 'Anna B', res.trainee))).toMatchObject({ trainee: res.trainee });
    const report = await ok<{ report: TrainingReport }>(request(trainer, 'training:console', {}));
    expect(report.report.trainees.map((t) => t.name)).toEqual(['Anna B']);
  });

  it(`one network address registers at most ${PER_ADDRESS} trainees of a class, with a clear error`, async () => {
    const { session } = await newClass();
    for (let i = 1; i <= PER_ADDRESS; i++) await ok((await trainee(session.code, `T${i}`)).res);
    const { res } = await trainee(session.code, 'One too many');
    expect(res).toEqual({
      ok: false,
      error: `${PER_ADDRESS} trainees of this class joined from your network address already: ask your trainer to remove one, or to allow more (TWIN_MAX_TRAINEES_PER_ADDRESS)`,
    });
    // the limit is per class: another class takes trainees from the same address
    const other = await newClass();
    await ok((await trainee(other.session.code, 'Elsewhere')).res);
  });
});

describe('the trainer removes a trainee', () => {
  it('acknowledged with the report; the trainee is told, can no longer answer or come back, and the place is free', async () => {
    const { trainer, session } = await newClass();
    const names = ['Anna', 'Ben', 'Fake'];
    const joined = new Map<string, { c: TestClient; id: string }>();
    for (const name of names) {
      const { c, res } = await trainee(session.code, name);
      if (!res.ok) throw new Error(res.error);
      joined.set(name, { c, id: res.trainee });
    }
    const fake = joined.get('Fake')!;
    expect((await trainee(session.code, 'Late')).res.ok).toBe(false); // the address is full

    // viewers and trainees cannot remove anyone; a bad id is refused by the schema
    const viewer = await client();
    await ok(request(viewer, 'session:join', { session: session.code }));
    expect(await request(viewer, 'training:remove', { trainee: fake.id })).toEqual({
      ok: false,
      error: 'operator token required: viewers can watch but not control',
    });
    expect((await request(trainer, 'training:remove', { trainee: '<script>' })).ok).toBe(false);
    expect((await request(trainer, 'training:remove', {})).ok).toBe(false);
    expect(await request(trainer, 'training:remove', { trainee: 'nobody-here' })).toEqual({
      ok: false,
      error: 'no trainee "nobody-here" in this class',
    });

    const told = nextEvent(fake.c, 'training:removed');
    const removed = await ok<{ report: TrainingReport }>(request(trainer, 'training:remove', { trainee: fake.id }));
    expect(removed.report.trainees.map((t) => t.name)).toEqual(['Anna', 'Ben']);
    expect(await told).toEqual<TraineeRemoved>({
      session: session.id,
      trainee: fake.id,
      reason: 'the trainer removed you from this class',
    });

    expect(await request(fake.c, 'training:answer', { task: 'sum', answer: '1' })).toEqual({
      ok: false,
      error: 'say hello as a trainee of this session first',
    });
    expect(await hello(fake.c, 'Fake again')).toEqual({ ok: false, error: 'the trainer removed you from this class' });
    expect(await hello(fake.c, 'Fake again', fake.id)).toEqual({ ok: false, error: 'the trainer removed you from this class' });
    const reload = await client(); // a reloaded tab with the id it kept
    await ok(request(reload, 'session:join', { session: session.code }));
    expect(await hello(reload, 'Fake', fake.id)).toEqual({ ok: false, error: 'the trainer removed you from this class' });
    // the place from that address is free again
    await ok((await trainee(session.code, 'Late', reload)).res);
  });
});
