import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';

const ROOT = fileURLToPath(new URL('../../scenes', import.meta.url));
const SKIPPED_FOLDERS = new Set(['experiments', 'scenarios', 'stories']);

/** Every .yaml/.yml/.json under `dir`, leaving out folders of experiment and scenario files. */
function sceneFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sceneFiles(path);
    return /\.(ya?ml|json)$/i.test(entry.name) ? [path] : [];
  });
}

const files = sceneFiles(ROOT);

describe('bundled scenes', () => {
  it.each(['two-machine.yaml', 'balanced-five.yaml', 'bottling.yaml'])('include %s, with a description', async (name) => {
    expect(files).toContain(join(ROOT, name));
    expect((await loadScene(join(ROOT, name))).description ?? '').not.toBe('');
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s parses and places every station', async (_name, file) => {
    const scene = await loadScene(file);
    expect(Object.keys(scene.layout).sort()).toEqual(scene.line.stations.map((s) => s.id).sort());
  });
});

describe('the bottling line', () => {
  it('makes the filler the slowest machine, with faster machines on both sides (the V-curve)', async () => {
    const scene = await loadScene(join(ROOT, 'bottling.yaml'));
    const rates = scene.line.stations.flatMap((s) => (s.type === 'machine' ? [[s.id, 3600 / s.idealCycleTime] as const] : []));
    const filler = rates.find(([id]) => id === 'FILL');
    expect(filler?.[1]).toBeCloseTo(36_000);
    const i = rates.findIndex(([id]) => id === 'FILL');
    for (let k = 1; k < rates.length; k++) {
      const [slower, faster] = k <= i ? [rates[k], rates[k - 1]] : [rates[k - 1], rates[k]];
      expect(faster?.[1], `${faster?.[0]} vs ${slower?.[0]}`).toBeGreaterThan(slower?.[1] ?? Infinity);
    }
    expect(scene.line.shifts?.length).toBeGreaterThan(0);
    expect(scene.energy.pricePerKWh).toBeGreaterThan(0);
    expect(scene.energy.co2PerKWh).toBeGreaterThan(0);
  });
});
