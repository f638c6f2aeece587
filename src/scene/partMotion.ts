import type { LineLayout, Path, StationGeom } from './layout.ts';
import { BELT_Y, showsArrivedParts, WORK_Y } from './layout.ts';

/**
 * Where a part is drawn at a given sim time, from its last move [from, to, t0, t1] (the part left `from` at
 * t0 and is in `to`, ready to leave at t1). Onto a conveyor it travels the whole path over [t0, t1], the
 * conveyor's transit. Into a machine, buffer or sink it travels the link in TRANSFER_S of sim time (or half
 * the window, if shorter) and then sits in the machine until t1, then on its outfeed while the machine is
 * blocked; into a buffer or sink it disappears, and the buffer's fill shows instead. Pure math, allocation-free: it runs for every part on every rendered frame.
 */

/** Sim seconds a part takes from one station into the next (not onto a conveyor). */
export const TRANSFER_S = 1.2;

/** A writable 3D point (a THREE.Vector3 fits). */
export interface Point3 {
  x: number;
  y: number;
  z: number;
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Share of its path a part has covered at `now` for a move into a station of `kind`. */
export function moveProgress(kind: StationGeom['kind'], t0: number, t1: number, now: number): number {
  const window = t1 - t0;
  if (kind === 'conveyor') return window > 0 ? clamp01((now - t0) / window) : 1;
  const travel = window > 0 ? Math.min(TRANSFER_S, window * 0.5) : TRANSFER_S;
  return clamp01((now - t0) / travel);
}

/** Machines (not conveyors, buffers, sources or sinks): a part done there waits at the out port. */
function holdsFinished(kind: StationGeom['kind']): boolean {
  return kind !== 'conveyor' && showsArrivedParts(kind);
}

/** Writes the point at share `f` (0..1) of the path's length into `out`. */
export function pointAlong(path: Path, f: number, out: Point3): void {
  const { pts, cum, total } = path;
  const d = f * total;
  const last = cum.length - 1;
  let i = 0;
  while (i < last - 1 && cum[i + 1]! < d) i++;
  const seg = last > 0 ? cum[i + 1]! - cum[i]! : 0;
  const u = seg > 1e-9 ? Math.min(1, Math.max(0, (d - cum[i]!) / seg)) : 1;
  const j = last > 0 ? i + 1 : 0;
  out.x = pts[i * 3]! + (pts[j * 3]! - pts[i * 3]!) * u;
  out.y = pts[i * 3 + 1]! + (pts[j * 3 + 1]! - pts[i * 3 + 1]!) * u;
  out.z = pts[i * 3 + 2]! + (pts[j * 3 + 2]! - pts[i * 3 + 2]!) * u;
}

/**
 * Position of a part at sim time `now`, written into `out`. Returns false when the part is not drawn:
 * it has arrived in a buffer, sink or source, or the stations are unknown.
 */
export function partPosition(layout: LineLayout, from: number, to: number, t0: number, t1: number, now: number, out: Point3): boolean {
  const n = layout.stations.length;
  const a = layout.stations[from],
    b = layout.stations[to];
  if (!a || !b) return false;
  const f = moveProgress(b.kind, t0, t1, now);
  if (from === to && !showsArrivedParts(b.kind)) return false;
  if (f >= 1 && !showsArrivedParts(b.kind)) return false;
  // A finished part that has not left yet (its machine is blocked) waits on the outfeed, in sight.
  if (now >= t1 && t1 > t0 && holdsFinished(b.kind)) {
    out.x = b.outX;
    out.y = BELT_Y;
    out.z = b.outZ;
    return true;
  }
  const p = layout.pathIndex[from * n + to]!;
  if (p >= 0) {
    pointAlong(layout.paths[p]!, from === to && b.kind !== 'conveyor' ? 1 : f, out);
    return true;
  }
  // A pair that is no edge of the layout (a newer server's rerouting): straight from a's exit to b's centre.
  out.x = a.outX + (b.x - a.outX) * f;
  out.y = WORK_Y;
  out.z = a.outZ + (b.z - a.outZ) * f;
  return true;
}
