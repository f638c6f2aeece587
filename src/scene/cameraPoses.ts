import type { LineLayout, StationGeom } from './layout.ts';

/**
 * Camera poses as plain numbers: the overview that fits the whole line in view and the close-up of one
 * station. Pure math so tests can check that the fit contains the line.
 */

/** A camera position looking at a target. */
export interface Pose {
  position: [number, number, number];
  target: [number, number, number];
}

// Overview direction: from the front (+z), a little to the right, about 40 degrees above the floor.
const DIR: [number, number, number] = (() => {
  const d: [number, number, number] = [0.18, 0.78, 1];
  const l = Math.hypot(...d);
  return [d[0] / l, d[1] / l, d[2] / l];
})();

/** The pose that shows the whole line for a camera of vertical field of view `fovDeg` and `aspect`. */
export function overviewPose(layout: LineLayout, fovDeg: number, aspect: number): Pose {
  const { minX, maxX, minZ, maxZ, cx, cz } = layout.bounds;
  const margin = 1.2; // m around the line: labels and walkways stay in view
  const halfW = (maxX - minX) / 2 + margin,
    halfD = (maxZ - minZ) / 2 + margin;
  const vHalf = (fovDeg * Math.PI) / 360;
  const hHalf = Math.atan(Math.tan(vHalf) * Math.max(0.3, aspect));
  // depth is seen at an angle: its projection is shortened by the elevation (sin of ~40 degrees)
  const dist = Math.max(halfW / Math.tan(hHalf), (halfD * 0.8 + 1.5) / Math.tan(vHalf), 8);
  const target: [number, number, number] = [cx, 0.5, cz];
  return { target, position: [cx + DIR[0] * dist, 0.5 + DIR[1] * dist, cz + DIR[2] * dist] };
}

/** A close-up of a station from the direction the camera looks now (`from` minus `to`), at a sensible height. */
export function stationPose(st: StationGeom, viewDir: [number, number, number]): Pose {
  let [dx, dy, dz] = viewDir;
  const l = Math.hypot(dx, dy, dz) || 1;
  dx /= l;
  dy /= l;
  dz /= l;
  if (dy < 0.45) {
    dy = 0.45;
    const h = Math.hypot(dx, dz) || 1;
    dx = (dx / h) * 0.89;
    dz = (dz / h) * 0.89;
  }
  const dist = Math.max(8.5, Math.max(st.halfLength, st.halfWidth) * 5.5);
  const target: [number, number, number] = [st.x, Math.min(1.2, st.height / 2), st.z];
  return { target, position: [target[0] + dx * dist, target[1] + dy * dist, target[2] + dz * dist] };
}
