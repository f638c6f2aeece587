import { describe, expect, it } from 'vitest';
import { BELT_Y, computeLayout, WORK_Y } from '../../src/scene/layout.ts';
import { overviewPose } from '../../src/scene/cameraPoses.ts';
import { PART_LOOKS, gltfUrlOf, modelKindOf, partLooksAfter } from '../../src/scene/modelKinds.ts';
import { moveProgress, partPosition, pointAlong, TRANSFER_S, type Point3 } from '../../src/scene/partMotion.ts';
import type { StationInfo } from '../../server/protocol/events.ts';
import { STATIONS } from './fakeLine.ts';

const layout = computeLayout(STATIONS);
const at: Point3 = { x: 0, y: 0, z: 0 };
const IN = 0,
  M1 = 1,
  CV = 2,
  B1 = 3,
  M2 = 4,
  OUT = 5;

describe('layout', () => {
  it('puts ports on the flow axis and conveyors at their length', () => {
    const cv = layout.stations[CV]!;
    expect(cv.inX).toBeCloseTo(5);
    expect(cv.outX).toBeCloseTo(9);
    const m1 = layout.stations[M1]!;
    expect(m1.kind).toBe('cnc');
    expect(m1.outX).toBeGreaterThan(m1.x);
  });

  it('turns the flow with the rotation like three.js rotation.y', () => {
    const rotated = computeLayout([{ ...STATIONS[2]!, rotation: -Math.PI / 2, inputs: [], outputs: [] }]).stations[0]!;
    expect(rotated.dirX).toBeCloseTo(0);
    expect(rotated.dirZ).toBeCloseTo(1); // -90 degrees: flow along +z
    expect(rotated.outZ).toBeCloseTo(2);
  });

  it('routes a link around a corner when stations are not aligned', () => {
    const a: StationInfo = { ...STATIONS[1]!, x: 0, z: 0, inputs: [], outputs: ['b'], id: 'a' };
    const b: StationInfo = { ...STATIONS[4]!, x: 5, z: 4, inputs: ['a'], outputs: [], id: 'b' };
    const l = computeLayout([a, b]);
    const path = l.paths[l.pathIndex[0 * 2 + 1]!]!;
    expect(path.pts.length / 3).toBe(4); // out port, corner, in port, work point
    expect(path.pts[4]).toBeCloseTo(path.pts[3 * 1 + 1]!); // flat at belt height
    expect(path.pts[5]).toBeCloseTo(0); // corner keeps a's z
  });

  it('fits the whole line into the overview', () => {
    const pose = overviewPose(layout, 42, 16 / 9);
    const [px, py, pz] = pose.position;
    const dist = Math.hypot(px - pose.target[0], py - pose.target[1], pz - pose.target[2]);
    const halfWidth = (layout.bounds.maxX - layout.bounds.minX) / 2;
    const hHalf = Math.atan(Math.tan((42 * Math.PI) / 360) * (16 / 9));
    expect(dist * Math.tan(hHalf)).toBeGreaterThanOrEqual(halfWidth);
  });
});

describe('part motion', () => {
  it('moves along a conveyor over the move window', () => {
    // M1 -> CV from t=10 to 18: the path runs from M1's out port over the link and the belt to CV's end
    const path = layout.paths[layout.pathIndex[M1 * 6 + CV]!]!;
    expect(partPosition(layout, M1, CV, 10, 18, 10, at)).toBe(true);
    expect(at.x).toBeCloseTo(layout.stations[M1]!.outX);
    expect(at.y).toBeCloseTo(BELT_Y);
    partPosition(layout, M1, CV, 10, 18, 14, at);
    const mid: Point3 = { x: 0, y: 0, z: 0 };
    pointAlong(path, 0.5, mid);
    expect(at.x).toBeCloseTo(mid.x);
    partPosition(layout, M1, CV, 10, 18, 30, at);
    expect(at.x).toBeCloseTo(layout.stations[CV]!.outX); // waits at the end
  });

  it('enters a machine in the transfer time, sits inside, then waits on the outfeed', () => {
    expect(moveProgress('generic', 0, 100, TRANSFER_S / 2)).toBeCloseTo(0.5);
    expect(moveProgress('generic', 0, 0.5, 0.25)).toBeCloseTo(1); // short cycles: half the window
    partPosition(layout, B1, M2, 0, 100, 50, at);
    expect(at.x).toBeCloseTo(layout.stations[M2]!.x);
    expect(at.y).toBeCloseTo(WORK_Y);
    partPosition(layout, B1, M2, 0, 100, 101, at);
    expect(at.x).toBeCloseTo(layout.stations[M2]!.outX); // finished, blocked: on the outfeed
  });

  it('hides parts that arrived in a buffer or sink, or sit in one at snapshot time', () => {
    expect(partPosition(layout, CV, B1, 0, 0, 0.1, at)).toBe(true); // still on its way
    expect(partPosition(layout, CV, B1, 0, 0, TRANSFER_S, at)).toBe(false);
    expect(partPosition(layout, M2, OUT, 0, 0, 5, at)).toBe(false);
    expect(partPosition(layout, B1, B1, 0, 1, 0.5, at)).toBe(false);
    expect(partPosition(layout, IN, IN, 0, 1, 0.5, at)).toBe(false);
    expect(partPosition(layout, 0, 42, 0, 1, 0.5, at)).toBe(false);
  });

  it('draws parts a snapshot put on a conveyor along it', () => {
    expect(partPosition(layout, CV, CV, 0, 8, 4, at)).toBe(true);
    expect(at.x).toBeCloseTo(layout.stations[CV]!.x);
  });

  it('allocates nothing per call (same output object, plain numbers)', () => {
    const out: Point3 = { x: 0, y: 0, z: 0 };
    for (let t = 0; t < 10; t += 0.5) partPosition(layout, M1, CV, 0, 8, t, out);
    expect(Object.keys(out)).toEqual(['x', 'y', 'z']);
  });
});

describe('models and part looks', () => {
  it('maps free-form model names to procedural models', () => {
    expect(modelKindOf({ type: 'machine', model: 'CNC-5axis' })).toBe('cnc');
    expect(modelKindOf({ type: 'machine', model: 'depalletizer' })).toBe('depalletizer');
    expect(modelKindOf({ type: 'machine', model: 'palletizer' })).toBe('palletizer');
    expect(modelKindOf({ type: 'machine', model: 'rinser' })).toBe('filler');
    expect(modelKindOf({ type: 'assembly' })).toBe('robot');
    expect(modelKindOf({ type: 'machine', model: 'mystery' })).toBe('generic');
  });

  it('recognises glTF model files, not other names or script URLs', () => {
    expect(gltfUrlOf({ model: 'models/press.glb' })).toBe('models/press.glb');
    expect(gltfUrlOf({ model: 'https://example.com/a.gltf' })).toBe('https://example.com/a.gltf');
    expect(gltfUrlOf({ model: 'javascript:alert(1).glb' })).toBeNull();
    expect(gltfUrlOf({ model: 'filler' })).toBeNull();
    expect(gltfUrlOf({})).toBeNull();
  });

  it('turns bottles into packs at the packer and into pallets at the palletizer', () => {
    const s = (id: string, model: string, inputs: string[], outputs: string[], type: StationInfo['type'] = 'machine'): StationInfo => ({
      id,
      type,
      model,
      x: 0,
      z: 0,
      rotation: 0,
      servers: 1,
      capacity: null,
      inputs,
      outputs,
    });
    const line = [
      s('in', '', [], ['fill'], 'source'),
      s('fill', 'filler', ['in'], ['pack']),
      s('pack', 'packer', ['fill'], ['pal']),
      s('pal', 'palletizer', ['pack'], ['out']),
      s('out', '', ['pal'], [], 'sink'),
    ];
    expect(Array.from(partLooksAfter(line), (k) => PART_LOOKS[k])).toEqual(['bottle', 'bottle', 'pack', 'pallet', 'pallet']);
  });
});
