import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import type { SessionInfo } from '../../server/protocol/events.ts';
import type { TrainingReport } from '../../server/protocol/training.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, type TestClient } from '../helpers/liveServer.ts';
import { tempDir } from '../experiments/helpers.ts';
import { ok } from './helpers.ts';

/**
 * A trainer's removal of a trainee is part of the class's journal: a restarted server brings the class back
 * without the removed trainee, still refuses that trainee's id, and still counts who joined from which address.
 */

const tmp = tempDir();
const sessionsDb = join(tmp.dir, 'sessions.db');
let server: RunningServer | undefined;
const pool = createClientPool(() => server!);
const start = (): Promise<RunningServer> =>
  startTestServer({
    sceneFile: 'test/fixtures/training/line.yaml',
    scenesDir: 'test/fixtures/training',
    sessionsDb,
    maxTraineesPerAddress: 2,
  });
afterAll(async () => {
  pool.closeAll();
  await server?.close();
  tmp.remove();
});

/** A new connection in the class `code`, said hello as `name` (with the id `trainee` it kept, if given). */
async function hello(code: string, name: string, trainee?: string): Promise<{ c: TestClient; res: Awaited<ReturnType<typeof request>> }> {
  const c = await pool.client();
  await ok(request(c, 'session:join', { session: code }));
  return { c, res: await request<{ trainee: string }>(c, 'training:hello', trainee ? { name, trainee } : { name }) };
}
const idOf = (res: Awaited<ReturnType<typeof request>>): string => {
  if (!res.ok) throw new Error(`refused: ${res.error}`);
  return (res as unknown as { trainee: string }).trainee;
};
/** A report without who is connected now (connections do not survive a restart). */
const offline = (r: TrainingReport): TrainingReport => ({ ...r, trainees: r.trainees.map((t) => ({ ...t, connected: false })) });

describe('a removed trainee, across a restart', () => {
  it('stays removed, and the per-address count comes back with the class', async () => {
    server = await start();
    const trainer = await pool.client(TEST_TOKEN);
    const { session } = await ok<{ session: SessionInfo }>(request(trainer, 'training:start', { scenario: 'quick' }));
    await ok(request(trainer, 'session:join', { session: session.id }));
    idOf((await hello(session.code, 'Anna')).res);
    const fake = idOf((await hello(session.code, 'Fake')).res);
    await ok(request(trainer, 'training:remove', { trainee: fake }));
    idOf((await hello(session.code, 'Ben')).res); // the freed place
    const report = (await ok<{ report: TrainingReport }>(request(trainer, 'training:console', {}))).report;
    expect(report.trainees.map((t) => t.name)).toEqual(['Anna', 'Ben']);
    pool.closeAll();
    await server.close();

    server = await start();
    const trainer2 = await pool.client(TEST_TOKEN);
    await ok(request(trainer2, 'session:join', { session: session.code }));
    const restored = (await ok<{ report: TrainingReport }>(request(trainer2, 'training:console', {}))).report;
    expect(JSON.stringify(offline(restored))).toBe(JSON.stringify(offline(report)));
    expect((await hello(session.code, 'Fake', fake)).res).toEqual({ ok: false, error: 'the trainer removed you from this class' });
    expect((await hello(session.code, 'Carl')).res).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^2 trainees of this class joined from your network address/),
    });
  });
});
