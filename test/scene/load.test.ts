import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene, SceneError } from '../../server/scene/index.ts';
import { EXAMPLE } from './helpers.ts';

describe('loadScene', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linetwin-scene-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .yml and .json files, naming the scene after its path', async () => {
    await writeFile(join(dir, 'line.yml'), EXAMPLE);
    await writeFile(
      join(dir, 'line.json'),
      `\uFEFF${JSON.stringify({
        name: 'j',
        stations: [
          { id: 'IN', type: 'source' },
          { id: 'M', type: 'machine', cycleTime: '1s' },
          { id: 'OUT', type: 'sink' },
        ],
      })}`,
    );
    expect((await loadScene(join(dir, 'line.yml'))).file).toBe(join(dir, 'line.yml'));
    expect((await loadScene(join(dir, 'line.json'))).line.edges).toHaveLength(2);
  });

  it('reports errors with the path of the file', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, EXAMPLE.replace('cycleTime: { dist: exponential, mean: 1s }', 'cycleTme: 1s'));
    await expect(loadScene(file)).rejects.toThrow(`${file}: stations[1].cycleTme: unknown key "cycleTme" (did you mean "cycleTime"?)`);
  });

  it('rejects a missing file and other file types as SceneErrors', async () => {
    await expect(loadScene(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml: cannot read the file: no such file/);
    await expect(loadScene(join(dir, 'line.txt'))).rejects.toBeInstanceOf(SceneError);
    await expect(loadScene(join(dir, 'line.txt'))).rejects.toThrow(/unsupported file type "\.txt"/);
  });
});
