import type { StationInfo } from '@protocol/events.ts';
import { modelKindOf, partLooksAfter, type ModelKind } from './modelKinds.ts';

/**
 * The line's geometry on the floor, computed once per snapshot layout: where each station stands, which way
 * parts flow through it, its in and out ports, the transfer links drawn between neighbouring stations, and
 * the polyline every part follows from one station to the next. Pure data: the renderers and the part
 * interpolation read it; nothing here touches three.js.
 *
 * Axes: x and z on the floor (m), y up. A station's rotation r turns its local +x (the flow direction) to
 * (cos r, -sin r) in the floor plane, the same convention as three.js `rotation.y`.
 */

/** Height of conveyor belts and transfer links (m): parts ride on top. */
export const BELT_Y = 0.8;
/** Height at which parts sit inside a machine (m). */
export const WORK_Y = 0.95;

/** One station on the floor. */
export interface StationGeom {
  index: number;
  id: string;
  info: StationInfo;
  kind: ModelKind | 'conveyor';
  x: number;
  z: number;
  rotation: number;
  dirX: number;
  dirZ: number;
  /** Half the footprint along and across the flow (m). */
  halfLength: number;
  halfWidth: number;
  /** Top of the model (m): labels float above it. */
  height: number;
  inX: number;
  inZ: number;
  outX: number;
  outZ: number;
}

/** A straight conveyor piece (conveyor stations and transfer links alike). */
export interface BeltSegment {
  ax: number;
  az: number;
  bx: number;
  bz: number;
  width: number;
  station: number;
}

/** A polyline with cumulative lengths, for placing a part by distance travelled. */
export interface Path {
  /** x,y,z triples. */
  pts: Float32Array;
  /** Cumulative length at each point. */
  cum: Float32Array;
  total: number;
}

/** Everything about the line's geometry. */
export interface LineLayout {
  stations: StationGeom[];
  belts: BeltSegment[];
  /** Path index for the move from station a to b at `pathIndex[a * n + b]`; -1 when the pair is no edge. */
  pathIndex: Int32Array;
  paths: Path[];
  /** Look of parts leaving each station (index into PART_LOOKS). */
  looksAfter: Uint8Array;
  /** Look of parts inside each station: that of its first input's output. */
  looksInto: Uint8Array;
  bounds: { minX: number; maxX: number; minZ: number; maxZ: number; cx: number; cz: number; size: number };
}

const FOOTPRINT: Record<ModelKind | 'conveyor', [length: number, width: number, height: number]> = {
  cnc: [2.0, 1.5, 2.1],
  press: [1.6, 1.6, 2.8],
  robot: [2.4, 2.4, 2.2],
  filler: [2.2, 2.2, 2.3],
  labeller: [1.8, 1.6, 1.8],
  oven: [3.2, 1.5, 1.9],
  inspection: [1.6, 1.2, 2.0],
  packer: [2.4, 1.6, 2.0],
  palletizer: [2.2, 2.2, 2.6],
  depalletizer: [2.2, 2.2, 2.6],
  generic: [1.8, 1.4, 1.9],
  source: [1.4, 1.4, 1.3],
  sink: [1.4, 1.4, 1.2],
  buffer: [1.4, 1.0, 1.2],
  conveyor: [2, 0.5, 1.0],
};

/** Belt width of a conveyor station by its model (m): mass conveyors for bottles are wide tables. */
function conveyorWidth(info: Pick<StationInfo, 'model'>): number {
  const m = (info.model ?? '').toLowerCase();
  return /mass|accum|table/.test(m) ? 1.2 : /pack|case|pallet/.test(m) ? 0.8 : 0.5;
}

function stationGeom(info: StationInfo, index: number): StationGeom {
  const kind = info.type === 'conveyor' ? 'conveyor' : modelKindOf(info);
  const [len, wid, height] = FOOTPRINT[kind];
  const rotation = Number.isFinite(info.rotation) ? info.rotation : 0;
  const dirX = Math.cos(rotation),
    dirZ = -Math.sin(rotation);
  const halfLength = kind === 'conveyor' ? Math.max(0.5, info.length ?? len) / 2 : len / 2;
  const halfWidth = kind === 'conveyor' ? conveyorWidth(info) / 2 : wid / 2;
  const x = Number.isFinite(info.x) ? info.x : 0,
    z = Number.isFinite(info.z) ? info.z : 0;
  return {
    index,
    id: info.id,
    info,
    kind,
    x,
    z,
    rotation,
    dirX,
    dirZ,
    halfLength,
    halfWidth,
    height,
    inX: x - dirX * halfLength,
    inZ: z - dirZ * halfLength,
    outX: x + dirX * halfLength,
    outZ: z + dirZ * halfLength,
  };
}

function makePath(points: number[]): Path {
  const n = points.length / 3;
  const cum = new Float32Array(n);
  for (let i = 1; i < n; i++) {
    const dx = points[i * 3]! - points[i * 3 - 3]!,
      dy = points[i * 3 + 1]! - points[i * 3 - 2]!,
      dz = points[i * 3 + 2]! - points[i * 3 - 1]!;
    cum[i] = cum[i - 1]! + Math.hypot(dx, dy, dz);
  }
  return { pts: new Float32Array(points), cum, total: cum[n - 1] ?? 0 };
}

/** The floor route from a's out port to b's in port: straight if aligned, else an L along a's flow first. */
function route(a: StationGeom, b: StationGeom): Array<[number, number]> {
  const start: [number, number] = [a.outX, a.outZ],
    end: [number, number] = [b.inX, b.inZ];
  const aligned = Math.abs(start[0] - end[0]) < 0.05 || Math.abs(start[1] - end[1]) < 0.05;
  if (aligned) return [start, end];
  const corner: [number, number] = Math.abs(a.dirX) >= Math.abs(a.dirZ) ? [end[0], start[1]] : [start[0], end[1]];
  return [start, corner, end];
}

const holdsParts = (k: StationGeom['kind']): boolean => k !== 'source' && k !== 'sink' && k !== 'buffer' && k !== 'conveyor';

/** Computes the layout of a snapshot's stations. */
export function computeLayout(infos: readonly StationInfo[]): LineLayout {
  const stations = infos.map(stationGeom);
  const n = stations.length;
  const byId = new Map(stations.map((s) => [s.id, s]));
  const belts: BeltSegment[] = [];
  const paths: Path[] = [];
  const pathIndex = new Int32Array(n * n).fill(-1);

  for (const s of stations) {
    if (s.kind === 'conveyor') belts.push({ ax: s.inX, az: s.inZ, bx: s.outX, bz: s.outZ, width: s.halfWidth * 2, station: s.index });
  }
  for (const a of stations) {
    for (const outId of a.info.outputs ?? []) {
      const b = byId.get(outId);
      if (!b) continue;
      const floor = route(a, b);
      for (let i = 1; i < floor.length; i++) {
        const [ax, az] = floor[i - 1]!,
          [bx, bz] = floor[i]!;
        if (Math.hypot(bx - ax, bz - az) > 0.15) belts.push({ ax, az, bx, bz, width: 0.45, station: -1 });
      }
      const pts: number[] = [];
      for (const [x, z] of floor) pts.push(x, BELT_Y, z);
      if (b.kind === 'conveyor') pts.push(b.outX, BELT_Y, b.outZ);
      else pts.push(b.x, holdsParts(b.kind) ? WORK_Y : BELT_Y, b.z);
      pathIndex[a.index * n + b.index] = paths.length;
      paths.push(makePath(pts));
    }
    // Parts inside a station at snapshot time (from === to): along a conveyor, or at the machine's work point.
    const self = a.kind === 'conveyor' ? [a.inX, BELT_Y, a.inZ, a.outX, BELT_Y, a.outZ] : [a.x, WORK_Y, a.z, a.x, WORK_Y, a.z];
    pathIndex[a.index * n + a.index] = paths.length;
    paths.push(makePath(self));
  }

  let minX = Infinity,
    maxX = -Infinity,
    minZ = Infinity,
    maxZ = -Infinity;
  for (const s of stations) {
    const r = Math.max(s.halfLength, s.halfWidth);
    minX = Math.min(minX, s.x - r);
    maxX = Math.max(maxX, s.x + r);
    minZ = Math.min(minZ, s.z - r);
    maxZ = Math.max(maxZ, s.z + r);
  }
  if (n === 0) {
    minX = -5;
    maxX = 5;
    minZ = -5;
    maxZ = 5;
  }
  const bounds = { minX, maxX, minZ, maxZ, cx: (minX + maxX) / 2, cz: (minZ + maxZ) / 2, size: Math.max(maxX - minX, maxZ - minZ, 4) };
  const looksAfter = partLooksAfter(infos);
  const looksInto = Uint8Array.from(stations, (s) => {
    const input = s.info.inputs?.[0] !== undefined ? byId.get(s.info.inputs[0]) : undefined;
    return input ? looksAfter[input.index]! : looksAfter[s.index]!;
  });
  return { stations, belts, pathIndex, paths, looksAfter, looksInto, bounds };
}

/** True for station kinds where a part that arrived is drawn (machines); elsewhere arrived parts are hidden. */
export function showsArrivedParts(kind: StationGeom['kind']): boolean {
  return holdsParts(kind) || kind === 'conveyor';
}
