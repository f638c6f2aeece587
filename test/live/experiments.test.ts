import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { SessionInfo, Snapshot } from '../../server/protocol/events.ts';
import type {
  ExperimentFileInfo,
  ExperimentFinished,
  ExperimentProgressInfo,
  ExperimentResultWire,
  ExperimentRunInfo,
  ExperimentScene,
} from '../../server/protocol/experiments.ts';
import { experimentCsv } from '../../server/experiments/csv.ts';
import { openDatabase } from '../../server/storage/db.ts';
import { createRunsRepository } from '../../server/storage/runs.ts';
import { tempDir } from '../experiments/helpers.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN, waitFor, type TestClient } from '../helpers/liveServer.ts';

/**
 * Experiments through the live server: the real server on an ephemeral port, real socket.io-client
 * connections, experiments on worker threads, the runs in a SQLite file in a temporary TWIN_DATA_DIR.
 */

const tmp = tempDir();
const dbFile = join(tmp.dir, 'linetwin.db');
let server: RunningServer;
let operator: TestClient;
let viewer: TestClient;
const pool = createClientPool(() => server);
const client = pool.client;

/** A tiny experiment on the two-machine line: 2 variants x `reps` replications of `horizon`. */
const experiment = (
  opts: { horizon?: string; reps?: number; set?: string; name?: string } = {},
): string => `name: ${opts.name ?? 'Faster M2?'}
scene: ../two-machine.yaml
horizon: ${opts.horizon ?? '1h'}
warmup: 10min
replications: ${opts.reps ?? 2}
variants:
  - name: baseline
  - name: faster M2
    set: { ${opts.set ?? 'M2.cycleTime.mean: 1s'} }
`;

const storedRuns = () => {
  const db = openDatabase(dbFile);
  try {
    return createRunsRepository(db).list();
  } finally {
    db.close();
  }
};

const savedEnv = { data: process.env['TWIN_DATA_DIR'], workers: process.env['TWIN_EXPERIMENT_WORKERS'] };
const restoreEnv = (): void => {
  for (const [key, value] of [
    ['TWIN_DATA_DIR', savedEnv.data],
    ['TWIN_EXPERIMENT_WORKERS', savedEnv.workers],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
};

beforeAll(async () => {
  process.env['TWIN_DATA_DIR'] = tmp.dir; // read when the server's experiment service starts (first use)
  process.env['TWIN_EXPERIMENT_WORKERS'] = '1';
  server = await startTestServer({ sceneFile: 'scenes/two-machine.yaml' });
  operator = await client(TEST_TOKEN);
  viewer = await client();
});

afterAll(async () => {
  pool.closeAll();
  await server?.close();
  tmp.remove();
  restoreEnv();
});

describe('experiments on the live server', () => {
  it('lists the scenes with their parameter paths and the shipped experiment files', async () => {
    const res = await request<{ scenes: ExperimentScene[]; files: ExperimentFileInfo[]; running: null; workers: number }>(
      viewer,
      'experiment:catalog',
      {},
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const two = res.scenes.find((s) => s.key === 'two-machine')!;
    expect(two.stations.map((s) => s.id)).toEqual(['IN', 'M1', 'B1', 'M2', 'OUT']);
    expect(two.params).toContainEqual({ path: 'B1.capacity', value: '5' });
    expect(two.params).toContainEqual({ path: 'M1.failures', value: '{ mtbf: 90s, mttr: 10s }' });
    expect(res.files.map((f) => f.key)).toContain('buffer-sizing');
    expect(res.files.find((f) => f.key === 'buffer-sizing')!.scene).toBe('two-machine');
    expect(res.running).toBeNull();
    expect(res.workers).toBe(1);
    const file = await request<{ file: string; text: string }>(viewer, 'experiment:file', { key: 'buffer-sizing' });
    expect(file.ok && file.text).toContain('B1.capacity: [0, 1, 2, 5, 10]');
    const missing = await request(viewer, 'experiment:file', { key: '../two-machine' });
    expect(missing.ok).toBe(false); // keys only: no way to name a path
  });

  it('refuses a viewer: running experiments costs CPU', async () => {
    const res = await request(viewer, 'experiment:start', { text: experiment(), file: 'tiny.yaml' });
    expect(res).toEqual({ ok: false, error: expect.stringMatching(/operator token required/) });
    expect(existsSync(dbFile)).toBe(false); // nothing stored, nothing run
  });

  it('rejects a bad path before running, naming it', async () => {
    const res = await request(operator, 'experiment:start', { text: experiment({ set: 'M2.cycleTme.mean: 1s' }), file: 'tiny.yaml' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatch(
      /tiny\.yaml: variants\[1\]\.set\["M2\.cycleTme\.mean"\]: M2 has no "cycleTme" to change \(did you mean "cycleTime"\?\)/,
    );
    const unknownScene = await request(operator, 'experiment:start', {
      text: experiment().replace('two-machine', 'nope'),
      file: 'tiny.yaml',
    });
    expect(!unknownScene.ok && unknownScene.error).toMatch(/tiny\.yaml: scene: no scene "nope" on this server/);
    const badRank = await request(operator, 'experiment:start', { text: experiment(), file: 'tiny.yaml', rank: 'thruput' });
    expect(!badRank.ok && badRank.error).toMatch(/rank: unknown KPI "thruput"/);
    const history = await request<{ runs: ExperimentRunInfo[] }>(operator, 'experiment:history', {});
    expect(history.ok && history.runs).toEqual([]);
  });

  let runId = 0;
  it("runs an operator's experiment on workers, reports progress to watchers and stores the results", async () => {
    const watcher = await client();
    await request(watcher, 'experiment:catalog', {}); // a viewer watching the Experiments view
    const progress: ExperimentProgressInfo[] = [];
    watcher.on('experiment:progress', (p) => progress.push(p));
    const finished = nextEvent(watcher, 'experiment:finished', () => true, 30_000);

    const res = await request<{ progress: ExperimentProgressInfo }>(operator, 'experiment:start', {
      text: experiment(),
      file: 'tiny.yaml',
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    runId = res.progress.runId;
    expect(runId).toBeGreaterThan(0);
    expect(res.progress).toMatchObject({ name: 'Faster M2?', scene: 'two-machine', done: 0, total: 4, workers: 1 });

    const again = await request(operator, 'experiment:start', { text: experiment({ name: 'Another' }), file: 'other.yaml' });
    expect(!again.ok && again.error).toMatch(/an experiment is already running \(run \d+, "Faster M2\?"/);

    const end: ExperimentFinished = await finished;
    expect(end).toMatchObject({ runId, status: 'done', kept: 4, total: 4 });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ runId, done: 4, total: 4, computed: 4 });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));

    const opened = await request<{ run: ExperimentRunInfo; text: string; result: ExperimentResultWire }>(viewer, 'experiment:open', {
      run: runId,
    });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.run).toMatchObject({ id: runId, status: 'done', jobsStored: 4, file: 'tiny.yaml', scene: 'two-machine' });
    expect(opened.text).toBe(experiment());
    const result = opened.result;
    expect(result.variants.map((v) => v.name)).toEqual(['baseline', 'faster M2']);
    expect(result.baseline).toBe('baseline');
    expect(result.settings).toMatchObject({ horizon: 3600, warmup: 600, replications: 2 });
    const faster = result.variants[1]!;
    expect(faster.diff['throughputPerHour']!.mean).toBeGreaterThan(0); // a faster bottleneck
    expect(typeof faster.ci95).toBe('object');

    // kept in the SQLite file under TWIN_DATA_DIR, as `twin history` reads it
    const runs = storedRuns();
    expect(runs[0]).toMatchObject({ id: runId, status: 'done', jobsStored: 4, name: 'Faster M2?' });
    const csv = await request<{ filename: string; csv: string }>(viewer, 'experiment:csv', { run: runId });
    expect(csv.ok).toBe(true);
    if (!csv.ok) return;
    expect(csv.filename).toBe(`run-${runId}-faster-m2.csv`);
    const db = openDatabase(dbFile);
    const summary = createRunsRepository(db).get(runId)!.summary;
    db.close();
    expect(csv.csv).toBe(experimentCsv(summary as ExperimentResultWire)); // the same file as --csv
    expect(csv.csv.split('\n')[0]).toBe('variant,variant_name,rank,kpi,mean,ci95,diff,diff_ci95,significant');
  }, 40_000);

  it('opens a variant as a live session (operators only)', async () => {
    const refused = await request(viewer, 'experiment:live', { run: runId, variant: 'faster M2' });
    expect(!refused.ok && refused.error).toMatch(/operator token required/);
    const unknown = await request(operator, 'experiment:live', { run: runId, variant: 'slower M2' });
    expect(!unknown.ok && unknown.error).toMatch(/has no variant "slower M2"/);
    const res = await request<{ session: SessionInfo }>(operator, 'experiment:live', { run: runId, variant: 'faster M2' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.session.sceneName).toBe('Two-machine line · faster M2');
    expect(res.session.scene).not.toBe('two-machine'); // a `?scene=two-machine` link still finds the plain line
    const joined = await request<{ snapshot: Snapshot }>(viewer, 'session:join', { session: res.session.id });
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    const m2 = joined.snapshot.stations.find((s) => s.id === 'M2')!;
    expect(m2.params?.cycleTimeMean).toBeCloseTo(1); // the variant's setting, not the scene's 1.2 s

    // it is the variant's first replication: run to the experiment's horizon, it ends with that job's KPIs
    await request(operator, 'session:join', { session: res.session.id });
    await request(operator, 'control:speed', { speed: 'max' });
    const session = server.registry.get(res.session.id)!;
    await waitFor(() => session.info().paused && session.sim.now === 3600, 20_000);
    const db = openDatabase(dbFile);
    const job = createRunsRepository(db)
      .jobs(runId)
      .find((j) => j.point === 'faster M2' && j.replication === 0)!;
    db.close();
    const live = session.sim.report() as unknown as Record<string, unknown>;
    const stored = job.result as Record<string, unknown>;
    for (const kpi of ['throughputPerHour', 'oee', 'wipMean', 'leadTimeMean', 'produced']) expect(live[kpi]).toEqual(stored[kpi]);
  });

  it('cancels a running experiment, keeps its finished jobs, and resumes it when launched again', async () => {
    const text = experiment({ horizon: '5d', reps: 20, name: 'Long one' });
    const firstJob = nextEvent(operator, 'experiment:progress', (p) => p.computed >= 1, 30_000);
    const res = await request<{ progress: ExperimentProgressInfo }>(operator, 'experiment:start', { text, file: 'long.yaml' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    await firstJob;
    const ended = nextEvent(operator, 'experiment:finished');
    const viewerCancel = await request(viewer, 'experiment:cancel', {});
    expect(viewerCancel.ok).toBe(false);
    const cancel = await request<{ runId: number }>(operator, 'experiment:cancel', {});
    expect(cancel).toEqual({ ok: true, runId: res.progress.runId });
    const end = await ended;
    expect(end.status).toBe('interrupted');
    expect(end.kept).toBeGreaterThanOrEqual(1);
    expect(end.kept).toBeLessThan(40);
    const run = storedRuns().find((r) => r.id === res.progress.runId)!;
    expect(run.status).toBe('interrupted');
    expect(run.jobsStored).toBe(end.kept);

    // the same text again continues the same run with what it kept
    const resumed = await request<{ progress: ExperimentProgressInfo }>(operator, 'experiment:start', { text, file: 'long.yaml' });
    expect(resumed.ok && resumed.progress).toMatchObject({ runId: res.progress.runId, resumed: true, reused: end.kept });
    const ended2 = nextEvent(operator, 'experiment:finished');
    await request(operator, 'experiment:cancel', {});
    expect((await ended2).status).toBe('interrupted');
    const nothing = await request(operator, 'experiment:cancel', {});
    expect(!nothing.ok && nothing.error).toMatch(/no experiment is running/);
  }, 40_000);

  it('aborts a running experiment when the server closes', async () => {
    const res = await request<{ progress: ExperimentProgressInfo }>(operator, 'experiment:start', {
      text: experiment({ horizon: '5d', reps: 20, name: 'Cut short' }),
      file: 'cut.yaml',
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    await nextEvent(operator, 'experiment:progress', (p) => p.computed >= 1, 30_000);
    pool.closeAll();
    await server.close();
    await waitFor(() => storedRuns().find((r) => r.id === res.progress.runId)?.status === 'interrupted', 10_000);
  }, 40_000);
});
