import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { LineSpec } from '../../server/sim/spec.ts';
import { parseScene } from '../../server/scene/index.ts';
import { EXAMPLE } from './helpers.ts';

describe('the README example', () => {
  const scene = parseScene(EXAMPLE, 'two-machine.yaml');

  it('parses into the expected LineSpec', () => {
    const expected: LineSpec = {
      name: 'Two-machine line',
      stations: [
        { id: 'IN', type: 'source' },
        {
          id: 'M1',
          type: 'machine',
          cycleTime: { dist: 'exponential', mean: 1 },
          idealCycleTime: 1,
          servers: 1,
          failures: {
            timeToFailure: { dist: 'exponential', mean: 90 },
            timeToRepair: { dist: 'exponential', mean: 10 },
            basis: 'operating',
          },
          scrap: 0,
          power: { working: 12, starved: 3, blocked: 3, down: 0.5, setup: 3, maintenance: 0.5, off: 0, standby: 0 },
        },
        { id: 'B1', type: 'buffer', capacity: 5 },
        {
          id: 'M2',
          type: 'machine',
          cycleTime: { dist: 'exponential', mean: 1.2 },
          idealCycleTime: 1.2,
          servers: 1,
          scrap: 0.01,
          power: { working: 0, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 },
        },
        { id: 'OUT', type: 'sink' },
      ],
      edges: [
        { from: 'IN', to: 'M1' },
        { from: 'M1', to: 'B1' },
        { from: 'B1', to: 'M2' },
        { from: 'M2', to: 'OUT' },
      ],
    };
    expect(scene.line).toStrictEqual(expected);
  });

  it('reads the run in seconds, with no shifts and no energy prices', () => {
    expect(scene.run).toEqual({ horizon: 30 * 86_400, warmup: 86_400, seed: 1 });
    expect(scene.line.shifts).toBeUndefined();
    expect(scene.energy).toEqual({});
    expect(scene).toMatchObject({ file: 'two-machine.yaml', name: 'Two-machine line' });
    expect(scene.description).toBeUndefined();
  });

  it('keeps the given layout and places IN before M1 and OUT after M2', () => {
    expect(scene.layout).toEqual({
      IN: { x: -3, z: 0, rotation: 0 },
      M1: { x: 0, z: 0, rotation: 0 },
      B1: { x: 3, z: 0, rotation: 0 },
      M2: { x: 6, z: 0, rotation: 0 },
      OUT: { x: 9, z: 0, rotation: 0 },
    });
  });

  it('is what scenes/two-machine.yaml holds, apart from its description', async () => {
    const file = await readFile(new URL('../../scenes/two-machine.yaml', import.meta.url), 'utf8');
    const fromFile = parseScene(file, 'two-machine.yaml');
    expect(fromFile.description).toMatch(/buffer/);
    expect({ ...fromFile, description: undefined }).toEqual({ ...scene, description: undefined });
  });

  it('is accepted as JSON too', () => {
    const json = JSON.stringify(
      {
        name: 'Two-machine line',
        run: { horizon: '30d', warmup: '1d', seed: 1 },
        stations: [
          { id: 'IN', type: 'source' },
          {
            id: 'M1',
            type: 'machine',
            cycleTime: { dist: 'exponential', mean: '1s' },
            failures: { mtbf: '90s', mttr: '10s' },
            power: { working: 12, starved: 3, blocked: 3, down: 0.5 },
          },
          { id: 'B1', type: 'buffer', capacity: 5 },
          { id: 'M2', type: 'machine', cycleTime: { dist: 'exponential', mean: '1.2s' }, scrap: 0.01 },
          { id: 'OUT', type: 'sink' },
        ],
        layout: { M1: { x: 0, z: 0 }, B1: { x: 3, z: 0 }, M2: { x: 6, z: 0 } },
      },
      null,
      2,
    );
    expect(parseScene(json, 'two-machine.json')).toEqual({ ...scene, file: 'two-machine.json' });
  });
});
