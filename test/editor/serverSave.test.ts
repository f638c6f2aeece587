import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import type { SceneInfo, SessionInfo, ListedSession, Snapshot } from '../../server/protocol/events.ts';
import { MAX_EDITOR_STATIONS } from '../../server/protocol/editor.ts';
import { tempDir } from '../experiments/helpers.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';

/**
 * The editor's writing side on a real server with a real socket.io client: saving is an operator action, writes
 * `<name>.yaml` in the saved-scenes folder byte for byte and lists it in session:list with `saved: true`; a name
 * can never write anywhere else (checked on the disk); oversize texts and lines are refused with their limit;
 * running an edited text starts a session of that very scene.
 */

const tmp = tempDir();
const savedDir = join(tmp.dir, 'data', 'scenes');
let server: RunningServer;
const pool = createClientPool(() => server);

beforeAll(async () => {
  // a generous rate limit: the tests send many refused saves in a row (each costs 5 tokens of the default 40)
  server = await startTestServer({ savedScenesDir: savedDir, estimateWorkers: 1, limits: { rate: 1_000, burst: 1_000 } });
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
  tmp.remove();
});

/** Every file under the temporary folder, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => relative(dir, join(dir, f)))
    .sort();
}

/** A small valid line, with a comment and a key order the file must keep. */
const EDITED = `# an edited line: comments and key order stay as written
name: Edited line
run: { horizon: 2h, warmup: 10min, seed: 3 }
stations:
  - { id: IN, type: source }
  - id: M1
    type: machine
    cycleTime: { dist: exponential, mean: 20s }
  - { id: OUT, type: sink }
`;

describe('editor:save', () => {
  it('is refused to a viewer, and nothing is written', async () => {
    const viewer = await pool.client();
    const res = await request(viewer, 'editor:save', { name: 'mine', text: EDITED });
    expect(res).toEqual({ ok: false, error: 'operator token required: viewers can watch but not control' });
    expect(filesUnder(tmp.dir)).toEqual([]);
  });

  it('writes <name>.yaml byte for byte as an operator; session:list then lists it apart, saved: true', async () => {
    const operator = await pool.client(TEST_TOKEN);
    const res = await request<{ key: string; file: string }>(operator, 'editor:save', { name: 'my-line_2', text: EDITED });
    expect(res).toEqual({ ok: true, key: 'my-line_2', file: join(savedDir, 'my-line_2.yaml') });
    expect(readFileSync(join(savedDir, 'my-line_2.yaml'), 'utf8')).toBe(EDITED);
    expect(filesUnder(tmp.dir)).toEqual([join('data', 'scenes', 'my-line_2.yaml')]);

    const viewer = await pool.client();
    const list = await request<{ sessions: ListedSession[]; scenes: SceneInfo[] }>(viewer, 'session:list', {});
    if (!list.ok) throw new Error(list.error);
    const mine = list.scenes.find((s) => s.key === 'my-line_2');
    expect(mine).toEqual({ key: 'my-line_2', name: 'Edited line', description: '', stations: 3, saved: true });
    expect(list.scenes.filter((s) => s.saved).map((s) => s.key)).toEqual(['my-line_2']);
    expect(list.scenes.find((s) => s.key === 'bottling')?.saved).toBeUndefined();
    // saved after the bundled ones
    expect(list.scenes.findIndex((s) => s.saved)).toBe(list.scenes.length - 1);

    // it opens again as written, and saving it again replaces it
    expect(await request(viewer, 'editor:open', { scene: 'my-line_2' })).toEqual({
      ok: true,
      name: 'my-line_2',
      text: EDITED,
      saved: true,
    });
    const changed = EDITED.replace('mean: 20s', 'mean: 25s');
    expect((await request(operator, 'editor:save', { name: 'my-line_2', text: changed })).ok).toBe(true);
    expect(readFileSync(join(savedDir, 'my-line_2.yaml'), 'utf8')).toBe(changed);
    // and a session of it can be created like any scene
    const created = await request<{ session: SessionInfo }>(operator, 'session:create', { scene: 'my-line_2' });
    expect(created.ok && created.session.sceneName).toBe('Edited line');
  });

  it('refuses names that could leave the folder or shadow a bundled scene; nothing is written outside', async () => {
    const operator = await pool.client(TEST_TOKEN);
    const before = filesUnder(tmp.dir);
    const names = [
      '../evil',
      '..',
      '.',
      '',
      'a/b',
      'a\\b',
      '/etc/passwd',
      'C:\\evil',
      'evil.yaml',
      '.hidden',
      'x'.repeat(65),
      'name with space',
      'bottling',
      'Bottling',
      'short-line', // the default session's scene is bundled too
      'nul',
    ];
    for (const name of names) {
      const res = await request(operator, 'editor:save', { name, text: EDITED });
      expect(res.ok, name).toBe(false);
      if (!res.ok) expect(res.error, name).toMatch(/not a scene name|invalid editor:save: name|bundled scene|reserved/);
    }
    expect(filesUnder(tmp.dir)).toEqual(before);
    expect(readFileSync('scenes/bottling.yaml', 'utf8')).not.toBe(EDITED);
  });

  it('refuses an oversize text and a line with too many stations, naming the limit', async () => {
    const operator = await pool.client(TEST_TOKEN);
    const before = filesUnder(tmp.dir);
    const big = `${EDITED}# ${'x'.repeat(15_100)}\n`;
    const tooBig = await request(operator, 'editor:save', { name: 'big', text: big });
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok) expect(tooBig.error).toMatch(/the scene text is too large: at most 15,000 bytes/);

    const many = Array.from({ length: MAX_EDITOR_STATIONS }, (_, i) => `  - { id: B${i}, type: buffer, capacity: 1 }`).join('\n');
    const crowded = `name: Crowded\nstations:\n  - { id: IN, type: source }\n  - { id: M1, type: machine, cycleTime: 1s }\n${many}\n  - { id: OUT, type: sink }\n`;
    const tooMany = await request<object>(operator, 'editor:save', { name: 'crowded', text: crowded });
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.error).toContain(`the line has 203 stations: the editor takes at most ${MAX_EDITOR_STATIONS}`);
    // the same limits for estimates and runs
    for (const event of ['editor:estimate', 'editor:run'] as const) {
      const res = await request(operator, event, { text: crowded });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toContain(`at most ${MAX_EDITOR_STATIONS}`);
    }
    expect(filesUnder(tmp.dir)).toEqual(before);
  });

  it('refuses a text that does not parse, with the issues, and writes nothing', async () => {
    const operator = await pool.client(TEST_TOKEN);
    const before = filesUnder(tmp.dir);
    const res = await request(operator, 'editor:save', { name: 'broken', text: EDITED.replace('type: machine', 'type: machin') });
    expect(res.ok).toBe(false);
    expect((res as { issues?: Array<{ file: string; line?: number }> }).issues?.[0]).toMatchObject({ file: 'broken.yaml', line: 7 });
    expect(filesUnder(tmp.dir)).toEqual(before);
  });
});

describe('editor:run', () => {
  it('is refused to a viewer', async () => {
    const viewer = await pool.client();
    const count = server.registry.all().length;
    const res = await request(viewer, 'editor:run', { text: EDITED });
    expect(res.ok).toBe(false);
    expect(server.registry.all().length).toBe(count);
  });

  it('starts a private session of the edited scene as an operator; a new run replaces it', async () => {
    const operator = await pool.client(TEST_TOKEN);
    const res = await request<{ session: SessionInfo }>(operator, 'editor:run', { text: EDITED, name: 'sketch' });
    if (!res.ok) throw new Error(res.error);
    expect(res.session).toMatchObject({ scene: 'sketch', sceneName: 'Edited line', seed: 3, simTime: 600 });
    const session = server.registry.get(res.session.id)!;
    expect(session.scene.line.stations.map((s) => s.id)).toEqual(['IN', 'M1', 'OUT']);
    expect(session.scene.line.stations[1]).toMatchObject({ cycleTime: { dist: 'exponential', mean: 20 } });

    // the operator watches it; a viewer without the join code cannot
    const joined = await request<{ snapshot: Snapshot }>(operator, 'session:join', { session: res.session.id });
    expect(joined.ok && joined.snapshot.stations.map((s) => s.id)).toEqual(['IN', 'M1', 'OUT']);
    const viewer = await pool.client();
    expect((await request(viewer, 'session:join', { session: res.session.id })).ok).toBe(false);
    expect((await request(viewer, 'session:join', { session: res.session.code })).ok).toBe(true);

    const again = await request<{ session: SessionInfo }>(operator, 'editor:run', { text: EDITED });
    if (!again.ok) throw new Error(again.error);
    expect(again.session.scene).toBe('edited');
    expect(server.registry.get(res.session.id)).toBeNull();
  });
});

describe('the saved-scenes folder at start', () => {
  it('a server started on the folder lists what was saved; invalid files and bad names are left out with a warning', async () => {
    writeFileSync(join(savedDir, 'broken.yaml'), 'stations: [');
    writeFileSync(join(savedDir, 'bottling.yaml'), EDITED); // a bundled key: never shadows the bundled scene
    writeFileSync(join(savedDir, 'notes.txt'), 'not a scene');
    const warnings: string[] = [];
    const second = await startTestServer({ savedScenesDir: savedDir, warn: (text) => warnings.push(text) });
    try {
      const client = createClientPool(() => second);
      const viewer = await client.client();
      const list = await request<{ scenes: SceneInfo[] }>(viewer, 'session:list', {});
      if (!list.ok) throw new Error(list.error);
      expect(list.scenes.filter((s) => s.saved).map((s) => s.key)).toEqual(['my-line_2']);
      expect(list.scenes.find((s) => s.key === 'bottling')).toMatchObject({ name: expect.stringMatching(/bottling/i) });
      expect(warnings.some((w) => w.includes('broken.yaml'))).toBe(true);
      expect(warnings.some((w) => w.includes('bottling.yaml') && w.includes('bundled scene'))).toBe(true);
      client.closeAll();
    } finally {
      await second.close();
    }
  });
});
