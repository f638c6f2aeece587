import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import type { EditorEstimate, SceneIssueWire } from '../../server/protocol/editor.ts';
import { parseScene, SceneError } from '../../server/scene/index.ts';
import { runReplication, settingsFor } from '../../server/scene/run.ts';
import { tempDir } from '../experiments/helpers.ts';
import { createClientPool, request, startTestServer } from '../helpers/liveServer.ts';

/**
 * The editor's reading side on a real server with a real socket.io client: opening a scene gives its file's text
 * byte for byte; a quick estimate of a bundled line comes back in seconds with intervals that hold the engine's own
 * answer; a text that does not parse gets exactly the issues `twin validate` prints; a newer estimate supersedes an
 * older one. Any viewer may do all of this.
 */

const tmp = tempDir();
let server: RunningServer;
const pool = createClientPool(() => server);

beforeAll(async () => {
  server = await startTestServer({ savedScenesDir: join(tmp.dir, 'saved'), estimateWorkers: 2 });
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
  tmp.remove();
});

type EstimateAck = { ok: true; estimate: EditorEstimate } | { ok: false; error: string; issues?: SceneIssueWire[] };

describe('editor:open', () => {
  it('gives a bundled scene its exact text, to a viewer', async () => {
    const viewer = await pool.client();
    for (const key of ['bottling', 'two-machine']) {
      const res = await request<{ name: string; text: string; saved: boolean }>(viewer, 'editor:open', { scene: key });
      expect(res).toEqual({ ok: true, name: key, text: readFileSync(`scenes/${key}.yaml`, 'utf8'), saved: false });
    }
  });

  it('refuses an unknown scene and a key that is a path', async () => {
    const viewer = await pool.client();
    const unknown = await request(viewer, 'editor:open', { scene: 'nope' });
    expect(unknown).toEqual({ ok: false, error: 'no scene "nope"' });
    const path = await request(viewer, 'editor:open', { scene: '../package.json' });
    expect(path.ok).toBe(false);
    if (!path.ok) expect(path.error).toMatch(/^invalid editor:open: scene: a scene key/);
  });
});

describe('editor:estimate', () => {
  it('estimates a bundled line: the intervals hold the engine run of the whole scene', async () => {
    const viewer = await pool.client();
    const text = readFileSync('scenes/two-machine.yaml', 'utf8');
    const res = (await request(viewer, 'editor:estimate', { text })) as EstimateAck;
    if (!res.ok) throw new Error(res.error);
    const e = res.estimate;
    expect(e.replications).toBe(5);
    expect(e.warmupSeconds).toBe(86_400);
    expect(e.horizonSeconds).toBeGreaterThan(e.warmupSeconds);
    expect(e.horizonSeconds).toBeLessThan(30 * 86_400); // the budget ran out before the scene's 30 days
    for (const kpi of [e.throughputPerHour, e.oee, e.kWhPerGoodPart]) expect(kpi.halfWidth).toBeGreaterThan(0);
    // `twin run scenes/two-machine.yaml`: the whole 30 days, replication 0 (the engine's own report)
    const scene = parseScene(text, 'two-machine.yaml');
    const direct = runReplication(scene, settingsFor(scene, {}));
    expect(Math.abs(e.throughputPerHour.mean - direct.throughputPerHour)).toBeLessThanOrEqual(e.throughputPerHour.halfWidth);
    expect(Math.abs(e.oee.mean - direct.oee)).toBeLessThanOrEqual(e.oee.halfWidth);
    expect(Math.abs(e.kWhPerGoodPart.mean - direct.energy.kWhPerGoodPart)).toBeLessThanOrEqual(e.kWhPerGoodPart.halfWidth);
    expect(e.bottleneck?.station).toBe(direct.bottleneck);
    expect(e.bottleneck!.share).toBeGreaterThan(0.5);
    expect(e.bottleneck!.share).toBeLessThanOrEqual(1);
    expect(e.seconds).toBeGreaterThan(0);
  }, 60_000);

  it('estimates the busiest bundled line in seconds once the workers run (an editor:open starts them)', async () => {
    const viewer = await pool.client();
    expect((await request(viewer, 'editor:open', { scene: 'bottling' })).ok).toBe(true);
    const text = readFileSync('scenes/bottling.yaml', 'utf8');
    const started = Date.now();
    const res = (await request(viewer, 'editor:estimate', { text })) as EstimateAck;
    const wall = (Date.now() - started) / 1000;
    if (!res.ok) throw new Error(res.error);
    // a budget of events stops bottling (30,000 bottles an hour) well before its week
    expect(res.estimate.horizonSeconds).toBeLessThan(86_400);
    expect(res.estimate.throughputPerHour.halfWidth).toBeGreaterThan(0);
    expect(wall).toBeLessThan(15); // 2-3.5 s on a loaded two-core machine (docs/editor-server.md)
  }, 60_000);

  it('answers the same text with the same estimate (event budgets, never wall time, decide the horizon)', async () => {
    const viewer = await pool.client();
    const text = readFileSync('scenes/balanced-five.yaml', 'utf8');
    const a = (await request(viewer, 'editor:estimate', { text })) as EstimateAck;
    const b = (await request(viewer, 'editor:estimate', { text })) as EstimateAck;
    if (!a.ok || !b.ok) throw new Error('estimate refused');
    expect({ ...a.estimate, seconds: 0 }).toEqual({ ...b.estimate, seconds: 0 });
    const direct = runReplication(parseScene(text, 'b.yaml'), settingsFor(parseScene(text, 'b.yaml'), {}));
    expect(Math.abs(a.estimate.throughputPerHour.mean - direct.throughputPerHour)).toBeLessThanOrEqual(
      a.estimate.throughputPerHour.halfWidth,
    );
  }, 30_000);

  it('answers a text that does not parse with the issues parseScene gives', async () => {
    const viewer = await pool.client();
    const broken = readFileSync('scenes/two-machine.yaml', 'utf8').replace('cycleTime', 'cycleTme');
    const res = (await request(viewer, 'editor:estimate', { text: broken, name: 'mine' })) as EstimateAck;
    let expected: SceneError | null = null;
    try {
      parseScene(broken, 'mine.yaml');
    } catch (e) {
      expected = e as SceneError;
    }
    expect(expected).toBeInstanceOf(SceneError);
    expect(res).toEqual({ ok: false, error: expected!.message, issues: expected!.issues });
    expect(expected!.issues.length).toBeGreaterThan(0);
    // YAML that is not YAML: the syntax error with its line, as `twin validate` prints it
    const syntax = (await request(viewer, 'editor:estimate', { text: 'stations: [\n  - {id: A' })) as EstimateAck;
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.issues?.[0]?.message).toMatch(/^YAML syntax error at line \d+/);
  });

  it('a newer estimate from the same connection supersedes the older one', async () => {
    const viewer = await pool.client();
    const older = request(viewer, 'editor:estimate', { text: readFileSync('scenes/cnc-cell.yaml', 'utf8') });
    const newer = request(viewer, 'editor:estimate', { text: readFileSync('scenes/two-machine.yaml', 'utf8') });
    expect(await older).toEqual({ ok: false, error: 'superseded' });
    const res = (await newer) as EstimateAck;
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.estimate.warmupSeconds).toBe(86_400); // two-machine's, not cnc-cell's
  }, 30_000);

  it('refuses payloads that are not a scene text, with the reason', async () => {
    const viewer = await pool.client();
    const cases: Array<[unknown, RegExp]> = [
      [{}, /^invalid editor:estimate: text: /],
      [{ text: '' }, /text: the scene text is empty/],
      [{ text: 42 }, /^invalid editor:estimate: text: /],
      [{ text: 'x: 1', extra: true }, /^invalid editor:estimate: /],
      [{ text: 'x'.repeat(15_001) }, /the scene text is too large: at most 15,000 bytes/],
    ];
    for (const [payload, error] of cases) {
      const res = await request(viewer, 'editor:estimate', payload);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toMatch(error);
    }
  });
});
