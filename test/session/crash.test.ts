import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import type { Ack, SessionInfo } from '../../server/protocol/events.ts';
import type { TrainingReport } from '../../server/protocol/training.ts';
import { loadScene } from '../../server/scene/index.ts';
import { replaySession } from '../../server/session/replay.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, type TestClient } from '../helpers/liveServer.ts';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../server/protocol/events.ts';
import { tempDir } from '../experiments/helpers.ts';

/**
 * `twin serve` killed with SIGKILL (as by the out-of-memory killer): the next server on the same data folder
 * brings every session back at the simulated time last saved (at most the save interval, 2 s of wall time, is
 * lost), with every intervention made before the kill, the engine exactly where a replay of scene + seed +
 * interventions puts it, and the training class with its trainees.
 */

const tmp = tempDir();
const sessionsDb = join(tmp.dir, 'sessions.db');
let server: RunningServer | undefined;
const pool = createClientPool(() => server!);
const sockets: TestClient[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  pool.closeAll();
  await server?.close();
  tmp.remove();
});

const ok = async <T extends object = object>(p: Promise<Ack<object>>): Promise<{ ok: true } & T> => {
  const res = await p;
  if (!res.ok) throw new Error(`refused: ${res.error}`);
  return res as { ok: true } & T;
};

/** `twin serve` in a child process on the test's data folder; resolves with its URL. */
async function startChild(): Promise<{ url: string; kill: () => Promise<NodeJS.Signals | null> }> {
  const child = spawn(
    process.execPath,
    ['server/twin.js', 'serve', '--no-build', '--port', '0', '--scene', 'test/fixtures/short-line.yaml'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TWIN_DATA_DIR: tmp.dir, TWIN_OPERATOR_TOKEN: TEST_TOKEN },
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await expect
    .poll(() => /at (http:\/\/\S+)/.exec(out)?.[1] ?? (child.exitCode !== null ? out : null), { timeout: 30_000 })
    .toMatch(/^http/);
  expect(out).toMatch(/sessions are kept in .*sessions\.db/);
  return {
    url: /at (http:\/\/\S+)/.exec(out)![1]!,
    kill: () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

async function connect(url: string, token?: string): Promise<TestClient> {
  const socket: TestClient = io(url, { auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) }, transports: ['websocket'] });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The simulated times the killed server saved, by session. */
function savedTimes(): Map<string, number> {
  const db = new Database(sessionsDb, { readonly: true, fileMustExist: true });
  try {
    return new Map(
      (db.prepare('SELECT id, sim_time FROM sessions').all() as Array<{ id: string; sim_time: number }>).map((r) => [r.id, r.sim_time]),
    );
  } finally {
    db.close();
  }
}

describe('a server killed with SIGKILL', () => {
  it('comes back with every session at its last saved time, every intervention, and its trainees', async () => {
    const child = await startChild();
    const operator = await connect(child.url, TEST_TOKEN);
    await ok(request(operator, 'session:join', {}));
    const onDefault = await ok<{ simTime: number }>(request(operator, 'control:intervene', { type: 'fault', station: 'M1', duration: 60 }));
    const own = (await ok<{ session: SessionInfo }>(request(operator, 'session:create', { scene: 'two-machine', speed: 500 }))).session;
    await ok(request(operator, 'session:join', { session: own.id }));
    const onOwn = await ok<{ simTime: number }>(
      request(operator, 'control:intervene', { type: 'set', station: 'B1', param: 'capacity', value: 1 }),
    );
    const training = (await ok<{ session: SessionInfo }>(request(operator, 'training:start', { scenario: 'breakdown-recovery' }))).session;
    const trainee = await connect(child.url);
    await ok(request(trainee, 'session:join', { session: training.code }));
    const { trainee: traineeId } = await ok<{ trainee: string }>(request(trainee, 'training:hello', { name: 'Carla' }));
    // wait for a save of the simulated time after all that, then kill the server too hard to say anything
    await expect
      .poll(
        () => {
          const t = savedTimes();
          return (t.get('s1') ?? 0) > onDefault.simTime && (t.get(own.id) ?? 0) > onOwn.simTime;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    // a second server on the same folder while the first runs: it warns and keeps its sessions in memory
    const warnings: string[] = [];
    const intruder = await startTestServer({ sessionsDb, warn: (w) => warnings.push(w) });
    await intruder.close();
    expect(warnings).toEqual([
      expect.stringMatching(/^sessions are not kept: .*sessions\.db belongs to another twin serve \(process \d+ on /),
    ]);
    expect(await child.kill()).toBe('SIGKILL');
    const saved = savedTimes();

    server = await startTestServer({ sceneFile: 'test/fixtures/short-line.yaml', scenesDir: 'scenes', sessionsDb });
    expect(server.registry.all().map((s) => [s.id, s.info().code, s.sim.now])).toEqual([
      ['s1', expect.any(String), saved.get('s1')],
      [own.id, own.code, saved.get(own.id)],
      [training.id, training.code, saved.get(training.id)],
    ]);
    const line = server.registry.get('s1')!;
    const mine = server.registry.get(own.id)!;
    expect(line.interventions).toEqual([{ t: onDefault.simTime, intervention: { type: 'fault', station: 'M1', duration: 60 } }]);
    expect(mine.interventions).toEqual([{ t: onOwn.simTime, intervention: { type: 'set', station: 'B1', param: 'capacity', value: 1 } }]);
    // exactly the engine a replay of scene + seed + interventions gives at that time
    for (const [s, file] of [
      [line, 'test/fixtures/short-line.yaml'],
      [mine, 'scenes/two-machine.yaml'],
    ] as const) {
      const replay = replaySession(await loadScene(file), s.seed, s.interventions, s.sim.now);
      expect(JSON.stringify(s.sim.report())).toBe(JSON.stringify(replay.report()));
    }
    const trainer = await pool.client(TEST_TOKEN);
    await ok(request(trainer, 'session:join', { session: training.code }));
    const { report } = await ok<{ report: TrainingReport }>(request(trainer, 'training:console', {}));
    expect(report.trainees.map((t) => [t.id, t.name])).toEqual([[traineeId, 'Carla']]);
    expect(report.state.status).toBe('lobby');
  }, 60_000);
});
