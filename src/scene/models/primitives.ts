import {
  BoxGeometry,
  type BufferGeometry,
  Color,
  CylinderGeometry,
  Euler,
  Float32BufferAttribute,
  Matrix4,
  Quaternion,
  Vector3,
} from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';

/**
 * Low-poly models as lists of coloured boxes and cylinders, merged into one BufferGeometry with vertex
 * colours. One geometry per model kind lets every station of that kind be one InstancedMesh: a whole line
 * of machines costs a handful of draw calls however many stations it has.
 */

/** A box: size [x, y, z] centred at `at`. */
export interface BoxPrim {
  box: [number, number, number];
  at: [number, number, number];
  color: string;
  rot?: [number, number, number];
}
/** A cylinder along y: [radiusTop, radiusBottom, height, segments] centred at `at`. */
export interface CylPrim {
  cyl: [number, number, number, number?];
  at: [number, number, number];
  color: string;
  rot?: [number, number, number];
}
/** One piece of a model. */
export type Prim = BoxPrim | CylPrim;

const m = new Matrix4();
const q = new Quaternion();
const e = new Euler();
const one = new Vector3(1, 1, 1);
const pos = new Vector3();
const c = new Color();

function piece(p: Prim): BufferGeometry {
  const g = 'box' in p ? new BoxGeometry(...p.box) : new CylinderGeometry(p.cyl[0], p.cyl[1], p.cyl[2], p.cyl[3] ?? 12);
  g.deleteAttribute('uv'); // untextured: saves a third of the vertex data
  const r = p.rot ?? [0, 0, 0];
  m.compose(pos.set(...p.at), q.setFromEuler(e.set(r[0], r[1], r[2])), one);
  g.applyMatrix4(m);
  c.set(p.color); // ColorManagement turns the sRGB hex into linear working space
  const n = g.getAttribute('position').count;
  const colors = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    colors[i * 3] = c.r;
    colors[i * 3 + 1] = c.g;
    colors[i * 3 + 2] = c.b;
  }
  g.setAttribute('color', new Float32BufferAttribute(colors, 3));
  return g;
}

/** Merges primitives into one vertex-coloured geometry (colours are sRGB hex, stored linear by ColorManagement). */
export function buildModel(prims: readonly Prim[]): BufferGeometry {
  const parts = prims.map(piece);
  const merged = mergeGeometries(parts, false);
  for (const p of parts) p.dispose();
  if (!merged) throw new Error('model primitives could not be merged');
  merged.computeBoundingSphere();
  merged.computeBoundingBox();
  return merged;
}
