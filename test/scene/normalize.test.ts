import { describe, expect, it } from 'vitest';
import type { MachineSpec, StationSpec } from '../../server/sim/spec.ts';
import { parseScene, type Scene } from '../../server/scene/index.ts';
import { lineWith } from './helpers.ts';

function parse(text: string): Scene {
  return parseScene(text, 'scene.yaml');
}

function station(scene: Scene, id: string): StationSpec {
  const found = scene.line.stations.find((s) => s.id === id);
  if (!found) throw new Error(`no station ${id}`);
  return found;
}

function machine(fields: string): MachineSpec {
  return station(parse(lineWith(`  - { id: M1, type: machine, ${fields} }`)), 'M1') as MachineSpec;
}

describe('normalization', () => {
  it('fills run defaults: 30 days, no warm-up, seed 1', () => {
    expect(parse(lineWith('  - { id: M1, type: machine, cycleTime: 1 }')).run).toEqual({ horizon: 2_592_000, warmup: 0, seed: 1 });
  });

  it('reads bare durations as constant distributions', () => {
    expect(machine('cycleTime: 2.5s').cycleTime).toEqual({ dist: 'constant', value: 2.5 });
    expect(machine('cycleTime: 3').cycleTime).toEqual({ dist: 'constant', value: 3 });
  });

  it('converts every time parameter of a distribution to seconds', () => {
    expect(machine('cycleTime: { dist: triangular, min: 1min, mode: 90s, max: 2min }').cycleTime).toEqual({
      dist: 'triangular',
      min: 60,
      mode: 90,
      max: 120,
    });
    expect(machine('cycleTime: { dist: empirical, values: [1s, 1min], weights: [3, 1] }').cycleTime).toEqual({
      dist: 'empirical',
      values: [1, 60],
      weights: [3, 1],
    });
  });

  it('defaults the ideal cycle time to the distribution mean', () => {
    expect(machine('cycleTime: { dist: uniform, min: 1, max: 3 }').idealCycleTime).toBe(2);
    expect(machine('cycleTime: { dist: triangular, min: 1, mode: 2, max: 6 }').idealCycleTime).toBe(3);
    expect(machine('cycleTime: { dist: weibull, shape: 1, scale: 5 }').idealCycleTime).toBeCloseTo(5, 9);
    expect(machine('cycleTime: { dist: weibull, shape: 2, scale: 10 }').idealCycleTime).toBeCloseTo(8.862269, 5);
    expect(machine('cycleTime: { dist: empirical, values: [1, 4], weights: [3, 1] }').idealCycleTime).toBe(1.75);
    expect(machine('cycleTime: { dist: normal, mean: 60, sd: 1 }').idealCycleTime).toBeCloseTo(60, 9);
    expect(machine('cycleTime: { dist: normal, mean: 0, sd: 1 }').idealCycleTime).toBeCloseTo(Math.sqrt(2 / Math.PI), 6);
    expect(machine('cycleTime: 1, idealCycleTime: 0.8s').idealCycleTime).toBe(0.8);
  });

  it('fills machine defaults', () => {
    expect(machine('cycleTime: 1')).toEqual({
      id: 'M1',
      type: 'machine',
      cycleTime: { dist: 'constant', value: 1 },
      idealCycleTime: 1,
      servers: 1,
      scrap: 0,
      power: { working: 0, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 },
    });
  });

  it('reads power with idle for starved and blocked, setup = starved and maintenance = down', () => {
    expect(machine('cycleTime: 1, power: { working: 10, idle: 2, down: 1 }').power).toEqual({
      working: 10,
      starved: 2,
      blocked: 2,
      down: 1,
      setup: 2,
      maintenance: 1,
      off: 0,
      standby: 0,
    });
    expect(machine('cycleTime: 1, power: { working: 10, idle: 2, blocked: 3, setup: 5, maintenance: 4, off: 0.1 }').power).toEqual({
      working: 10,
      starved: 2,
      blocked: 3,
      down: 0,
      setup: 5,
      maintenance: 4,
      off: 0.1,
      standby: 0.1, // standby defaults to off: a machine without standby never uses it
    });
  });

  it('reads the three forms of failures', () => {
    const fromAvailability = machine('cycleTime: 1, failures: { availability: 0.9, mttr: 1min, basis: calendar }').failures;
    expect(fromAvailability).toMatchObject({ timeToRepair: { dist: 'exponential', mean: 60 }, basis: 'calendar' });
    expect(fromAvailability?.timeToFailure).toEqual({ dist: 'exponential', mean: expect.closeTo(540, 9) }); // 0.9 x 60 / 0.1
    expect(
      machine('cycleTime: 1, failures: { timeToFailure: { dist: weibull, shape: 1.5, scale: 2h }, timeToRepair: 5min }').failures,
    ).toEqual({
      timeToFailure: { dist: 'weibull', shape: 1.5, scale: 7200 },
      timeToRepair: { dist: 'constant', value: 300 },
      basis: 'operating',
    });
  });

  it('reads setup and maintenance', () => {
    const m = machine(
      'cycleTime: 1, setup: { every: 500, duration: 15min }, maintenance: { every: 40h, duration: { dist: uniform, min: 1h, max: 2h } }',
    );
    expect(m.setup).toEqual({ every: 500, duration: { dist: 'constant', value: 900 } });
    expect(m.maintenance).toEqual({ policy: 'time', every: 144_000, duration: { dist: 'uniform', min: 3600, max: 7200 } });
  });

  it('reads buffers, conveyors and sources', () => {
    const scene = parse(
      'name: x\nstations:\n  - { id: IN, type: source, interarrival: { dist: exponential, mean: 2s }, model: crate }\n' +
        '  - { id: B1, type: buffer, capacity: unlimited }\n  - { id: C1, type: conveyor, length: 6, speed: 0.5 }\n' +
        '  - { id: M1, type: machine, cycleTime: 1 }\n  - { id: OUT, type: sink }\n',
    );
    expect(station(scene, 'IN')).toEqual({ id: 'IN', type: 'source', model: 'crate', interarrival: { dist: 'exponential', mean: 2 } });
    expect(station(scene, 'B1')).toEqual({ id: 'B1', type: 'buffer', capacity: Infinity });
    expect(station(scene, 'C1')).toEqual({ id: 'C1', type: 'conveyor', length: 6, speed: 0.5, pitch: 0.5 });
  });

  it('builds edges from flow, with routing, and defaults assembly inputs to one per upstream station', () => {
    const scene = parse(`name: parallel
stations:
  - { id: IN, type: source }
  - { id: M1, type: machine, cycleTime: 1 }
  - { id: M2a, type: machine, cycleTime: 2 }
  - { id: M2b, type: machine, cycleTime: 2 }
  - { id: B2, type: buffer, capacity: 4 }
  - { id: CAPS, type: source, interarrival: 1s }
  - { id: ASM, type: assembly, cycleTime: 1 }
  - { id: OUT, type: sink }
flow: { IN: M1, M1: [M2a, M2b], M2a: B2, M2b: B2, B2: ASM, CAPS: ASM, ASM: OUT }
routing: { M1: roundRobin }
`);
    expect(scene.line.edges).toEqual([
      { from: 'IN', to: 'M1' },
      { from: 'M1', to: 'M2a' },
      { from: 'M1', to: 'M2b' },
      { from: 'M2a', to: 'B2' },
      { from: 'M2b', to: 'B2' },
      { from: 'B2', to: 'ASM' },
      { from: 'CAPS', to: 'ASM' },
      { from: 'ASM', to: 'OUT' },
    ]);
    expect(scene.line.routing).toEqual({ M1: 'roundRobin' });
    expect((station(scene, 'ASM') as MachineSpec).inputs).toEqual({ B2: 1, CAPS: 1 });
    // Automatic layout: one spacing after an input; the second parallel machine moves aside.
    expect(scene.layout['M2a']).toEqual({ x: 6, z: 0, rotation: 0 });
    expect(scene.layout['M2b']).toEqual({ x: 6, z: 3, rotation: 0 });
  });

  it('stores layout rotation in radians and energy prices as given', () => {
    const scene = parse(
      lineWith(
        '  - { id: M1, type: machine, cycleTime: 1 }',
        'layout: { M1: { x: 2, z: -1, rotation: 90 } }\nenergy: { pricePerKWh: 0.2, co2PerKWh: 0.4 }\n',
      ),
    );
    expect(scene.layout['M1']).toEqual({ x: 2, z: -1, rotation: Math.PI / 2 });
    expect(scene.layout['IN']).toEqual({ x: -1, z: -1, rotation: 0 });
    expect(scene.energy).toEqual({ pricePerKWh: 0.2, co2PerKWh: 0.4 });
  });

  it('accepts YAML anchors and merge keys', () => {
    const scene = parse(
      'name: x\nstations:\n  - { id: IN, type: source }\n  - &m { id: M1, type: machine, cycleTime: 2s }\n  - { <<: *m, id: M2 }\n  - { id: OUT, type: sink }\n',
    );
    expect((station(scene, 'M2') as MachineSpec).cycleTime).toEqual({ dist: 'constant', value: 2 });
  });
});
