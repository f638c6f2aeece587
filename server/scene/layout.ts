import type { StationId } from '../sim/index.ts';
import type { Placement } from './types.ts';

/** Distance between automatically placed neighbours, m. */
const STATION_SPACING = 3;

/** A station's position as written in the file (rotation in degrees). */
export interface PlacementFile {
  x: number;
  z: number;
  rotation?: number | undefined;
}

/**
 * Every station's placement: the file's where given (rotation converted to radians), the rest placed along x
 * one spacing after an already placed input (or before an already placed output), moved aside in z if taken.
 */
export function placeStations(
  ids: readonly StationId[],
  edges: ReadonlyArray<{ from: StationId; to: StationId }>,
  given: Readonly<Record<StationId, PlacementFile>> = {},
): Record<StationId, Placement> {
  const placed = new Map<StationId, Placement>();
  for (const id of ids) {
    const p = given[id];
    if (p) placed.set(id, { x: p.x, z: p.z, rotation: ((p.rotation ?? 0) * Math.PI) / 180 });
  }
  const place = (id: StationId, x: number, z: number): void => {
    let free = z;
    while ([...placed.values()].some((p) => Math.hypot(p.x - x, p.z - free) < 1)) free += STATION_SPACING;
    placed.set(id, { x, z: free, rotation: 0 });
  };
  let pending = ids.filter((id) => !placed.has(id));
  while (pending.length > 0) {
    let progress = false;
    for (const id of pending) {
      const before = edges.find((e) => e.to === id && placed.has(e.from));
      const after = edges.find((e) => e.from === id && placed.has(e.to));
      const anchor = before ? placed.get(before.from) : after ? placed.get(after.to) : undefined;
      if (anchor) {
        place(id, anchor.x + (before ? STATION_SPACING : -STATION_SPACING), anchor.z);
        progress = true;
      }
    }
    pending = pending.filter((id) => !placed.has(id));
    const [first] = pending;
    if (!progress && first !== undefined) {
      const xs = [...placed.values()].map((p) => p.x);
      place(first, xs.length > 0 ? Math.max(...xs) + STATION_SPACING : 0, 0);
      pending = pending.slice(1);
    }
  }
  return Object.fromEntries(ids.map((id) => [id, placed.get(id) ?? { x: 0, z: 0, rotation: 0 }]));
}
