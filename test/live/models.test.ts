import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sceneAssetFile } from '../../server/live/sceneAssets.ts';
import type { RunningServer } from '../../server/live/server.ts';
import { loadScene, SceneError } from '../../server/scene/index.ts';
import { applyModelPolicy } from '../../server/scene/models.ts';
import { tempDir } from '../experiments/helpers.ts';
import { twin } from '../helpers/cli.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';

/**
 * Scenes may name glTF models only inside the scenes folder (served under /scene-assets/) or on https hosts the
 * operator allowed; anything else is refused when the scene is loaded for serving, with the station and why.
 */

const tmp = tempDir();
afterAll(() => tmp.remove());
const scenes = join(tmp.dir, 'scenes');
mkdirSync(join(scenes, 'models'), { recursive: true });
mkdirSync(join(scenes, 'scenarios'), { recursive: true });
writeFileSync(join(scenes, 'models', 'press.glb'), 'glTF-binary');
writeFileSync(join(scenes, 'scenarios', 'quiz.yaml'), 'answer: M2');
writeFileSync(join(tmp.dir, 'outside.glb'), 'secret');
symlinkSync(join(tmp.dir, 'outside.glb'), join(scenes, 'models', 'link.glb'));

/** Writes a copy of the two-machine scene whose M1 names `model`, and returns its file. */
function sceneWith(name: string, model: string): string {
  const text = readFileSync('scenes/two-machine.yaml', 'utf8').replace('  - id: M1\n', `  - id: M1\n    model: ${JSON.stringify(model)}\n`);
  const file = join(scenes, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const policy = { scenesDir: scenes, allowHosts: ['models.example.com'] };
const modelOf = (scene: { line: { stations: Array<{ id: string; model?: string | undefined }> } }): string | undefined =>
  scene.line.stations.find((s) => s.id === 'M1')!.model;

describe('the model policy', () => {
  it('a file inside the scenes folder becomes its route; an https model on an allowed host stays; names are left alone', async () => {
    expect(modelOf(applyModelPolicy(await loadScene(sceneWith('inside', 'models/press.glb')), policy))).toBe(
      '/scene-assets/models/press.glb',
    );
    const remote = 'https://models.example.com/line/press.glb';
    expect(modelOf(applyModelPolicy(await loadScene(sceneWith('remote', remote)), policy))).toBe(remote);
    expect(modelOf(applyModelPolicy(await loadScene(sceneWith('named', 'cnc-5axis')), policy))).toBe('cnc-5axis');
  });

  it('anything else is refused with the station and the reason', async () => {
    const refused: Array<[string, RegExp]> = [
      [
        'https://evil.example/x.glb',
        /station "M1": model "https:\/\/evil\.example\/x\.glb" is on evil\.example, a host the operator did not allow \(twin serve --allow-model-host evil\.example\)/,
      ],
      ['http://models.example.com/x.glb', /uses http:; a remote model must be https/],
      ['javascript:alert(1)//x.glb', /uses javascript:/],
      ['../outside.glb', /is outside the scenes folder/],
      ['models/link.glb', /is outside the scenes folder/],
      ['/etc/x.glb', /must be a path relative to the scene file/],
      ['models/missing.glb', /does not exist/],
    ];
    for (const [model, message] of refused) {
      const scene = await loadScene(sceneWith('bad', model));
      let error: unknown = null;
      try {
        applyModelPolicy(scene, policy);
      } catch (e) {
        error = e;
      }
      expect(error, model).toBeInstanceOf(SceneError);
      expect((error as SceneError).message, model).toMatch(message);
      expect((error as SceneError).message).toMatch(/bad\.yaml: stations\[1\]\.model/);
    }
  });

  it('the route serves model files inside the folder only', () => {
    expect(sceneAssetFile(scenes, 'models/press.glb')).toBe(join(scenes, 'models', 'press.glb'));
    for (const path of [
      '../outside.glb',
      'models/..%2F..%2Foutside.glb',
      'models/link.glb',
      'scenarios/quiz.yaml',
      'inside.yaml',
      'models/%E0.glb',
      '',
    ])
      expect(sceneAssetFile(scenes, path), path).toBeNull();
  });
});

describe('serving', () => {
  let server: RunningServer | null = null;
  const pool = createClientPool(() => server!);
  afterAll(async () => {
    pool.closeAll();
    await server?.close();
  });

  it('twin serve with a default scene naming a model on another host stops with exit 2 and names it', async () => {
    const { code, stderr } = await twin(
      'serve',
      '--no-build',
      '--no-persist',
      '--port',
      '0',
      '--scene',
      sceneWith('evil', 'https://evil.example/x.glb'),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: .*evil\.yaml: stations\[1\]\.model: station "M1": model "https:\/\/evil\.example\/x\.glb" is on evil\.example/,
    );
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a catalog scene with a refused model is left out with a warning; a good one is served with its model', async () => {
    const warnings: string[] = [];
    sceneWith('evil', 'https://evil.example/x.glb');
    server = await startTestServer({
      sceneFile: sceneWith('inside', 'models/press.glb'),
      scenesDir: scenes,
      warn: (w) => warnings.push(w),
    });
    expect(warnings.join('\n')).toMatch(/evil\.yaml: .*evil\.example/);
    const c = await pool.client();
    const list = await request<{ scenes: Array<{ key: string }> }>(c, 'session:list', {});
    expect(list.ok && list.scenes.map((s) => s.key)).not.toContain('evil');
    const joined = await request<{ snapshot: { stations: Array<{ id: string; model?: string }> } }>(c, 'session:join', {});
    expect(joined.ok && joined.snapshot.stations.find((s) => s.id === 'M1')!.model).toBe('/scene-assets/models/press.glb');
    const res = await fetch(`${server.url}/scene-assets/models/press.glb`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('model/gltf-binary');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ data: blob:/);
    expect(await res.text()).toBe('glTF-binary');
    expect((await fetch(`${server.url}/scene-assets/scenarios/quiz.yaml`)).status).toBe(404);
    expect((await fetch(`${server.url}/scene-assets/models/link.glb`)).status).toBe(404);
  });

  it('an experiment variant opened live gets the same model URL as its scene', async () => {
    const op = await pool.client(TEST_TOKEN);
    const text = 'name: M2\nscene: ../inside.yaml\nhorizon: 1h\nwarmup: 10min\nreplications: 2\nvariants:\n  - name: baseline\n';
    const finished = nextEvent(op, 'experiment:finished', () => true, 60_000);
    const started = await request<{ progress: { runId: number } }>(op, 'experiment:start', { text, file: 'm2.yaml' });
    expect(started).toEqual({ ok: true, progress: expect.anything() });
    const runId = started.ok ? started.progress.runId : -1;
    await finished;
    const live = await request<{ session: { id: string } }>(op, 'experiment:live', { run: runId, variant: 'baseline' });
    expect(live.ok).toBe(true);
    const joined = await request<{ snapshot: { stations: Array<{ id: string; model?: string }> } }>(op, 'session:join', {
      session: live.ok ? live.session.id : '',
    });
    expect(joined.ok && joined.snapshot.stations.find((s) => s.id === 'M1')!.model).toBe('/scene-assets/models/press.glb');
  }, 90_000);
});
