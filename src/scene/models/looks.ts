import type { BufferGeometry } from 'three';
import type { PartLook } from '../modelKinds.ts';
import { BELT_Y } from '../layout.ts';
import { buildModel, type Prim } from './primitives.ts';

/**
 * Geometries of parts, conveyors, buffer fill blocks and stack-light lamps. Parts stand on their origin
 * (y = 0 at their base) and are slightly larger than life so they read at line scale.
 */

const PART_PRIMS: Record<PartLook, Prim[]> = {
  // light aluminium with a copper boss: reads against dark belts and the grey floor alike
  workpiece: [
    { box: [0.36, 0.2, 0.36], at: [0, 0.1, 0], color: '#e3e8ee' },
    { cyl: [0.09, 0.09, 0.1, 12], at: [0, 0.25, 0], color: '#c2410c' },
  ],
  bottle: [
    { cyl: [0.065, 0.065, 0.2, 10], at: [0, 0.1, 0], color: '#3d7a4c' },
    { cyl: [0.03, 0.065, 0.07, 10], at: [0, 0.235, 0], color: '#3d7a4c' },
    { cyl: [0.027, 0.027, 0.06, 8], at: [0, 0.3, 0], color: '#3d7a4c' },
    { cyl: [0.031, 0.031, 0.02, 8], at: [0, 0.34, 0], color: '#c8372d' },
    { cyl: [0.066, 0.066, 0.07, 10], at: [0, 0.11, 0], color: '#f3efe2' }, // label
  ],
  pack: [
    { box: [0.42, 0.26, 0.3], at: [0, 0.13, 0], color: '#c9a46a' },
    { box: [0.43, 0.03, 0.31], at: [0, 0.2, 0], color: '#2f6f9f' },
  ],
  pallet: [
    { box: [0.9, 0.12, 0.75], at: [0, 0.06, 0], color: '#a16207' },
    { box: [0.85, 0.7, 0.72], at: [0, 0.47, 0], color: '#d6b370' },
    { box: [0.86, 0.05, 0.73], at: [0, 0.6, 0], color: '#e8dcc0' },
  ],
};

/** The prims of each look that make its body: white in the tinted geometry, so an instance colour paints them. */
const BODY_PRIMS: Record<PartLook, readonly number[]> = { workpiece: [0], bottle: [0, 1, 2], pack: [0], pallet: [1] };

const cache = new Map<string, BufferGeometry>();
function cached(key: string, make: () => BufferGeometry): BufferGeometry {
  let g = cache.get(key);
  if (!g) {
    g = make();
    cache.set(key, g);
  }
  return g;
}

/** Geometry of a part look (shared, never disposed: a handful of small buffers for the page's lifetime). */
export function partGeometry(look: PartLook): BufferGeometry {
  return cached(`part:${look}`, () => buildModel(PART_PRIMS[look]));
}

/**
 * The look with a white body, for parts drawn by their tag: the instance colour (a product's, or reject red)
 * multiplies the vertex colours, so the body takes it exactly and the details take a shade of it.
 */
export function tintedPartGeometry(look: PartLook): BufferGeometry {
  const body = BODY_PRIMS[look];
  return cached(`part:${look}:tinted`, () =>
    buildModel(PART_PRIMS[look].map((p, i) => (body.includes(i) ? { ...p, color: '#ffffff' } : p))),
  );
}

/** A conveyor piece 1 m long (x) and 1 m wide (z), scaled per instance to its length and width. */
export function beltGeometry(): BufferGeometry {
  return cached('belt', () =>
    buildModel([
      { box: [1, 0.04, 0.9], at: [0, BELT_Y - 0.02, 0], color: '#2b3038' },
      { box: [1, 0.07, 0.06], at: [0, BELT_Y + 0.015, 0.48], color: '#c5ccd4' },
      { box: [1, 0.07, 0.06], at: [0, BELT_Y + 0.015, -0.48], color: '#c5ccd4' },
      { box: [1, 0.12, 0.96], at: [0, BELT_Y - 0.1, 0], color: '#5d6b7e' },
      { box: [1, BELT_Y - 0.16, 0.12], at: [0, (BELT_Y - 0.16) / 2, 0], color: '#4a5565' },
      { box: [1, 0.04, 0.7], at: [0, 0.02, 0], color: '#4a5565' },
    ]),
  );
}

/** A unit cube standing on its base, for buffer fill blocks. */
export function fillGeometry(): BufferGeometry {
  return cached('fill', () => buildModel([{ box: [1, 1, 1], at: [0.5, 0.5, 0], color: '#ffffff' }]));
}

/** One stack-light lamp segment. */
export function lampGeometry(): BufferGeometry {
  return cached('lamp', () => buildModel([{ cyl: [0.11, 0.11, 0.2, 16], at: [0, 0, 0], color: '#ffffff' }]));
}

/** Lamp height (m): units of a multi-unit machine stack their lamps. */
export const LAMP_STEP = 0.21;
