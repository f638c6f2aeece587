import { useLayoutEffect, useRef, useState } from 'react';
import { useFrame } from '@react-three/fiber';
import { InstancedBufferAttribute, type InstancedMesh, MeshStandardMaterial } from 'three';
import type { ProductInfo } from '@protocol/events.ts';
import { useRuntime } from '../net/runtime.tsx';
import { END_LINGER } from '../state/partTable.ts';
import { displayTime } from '../state/simClock.ts';
import type { LineLayout } from './layout.ts';
import { PART_LOOKS } from './modelKinds.ts';
import { partGeometry, tintedPartGeometry } from './models/looks.ts';
import { partPosition, type Point3 } from './partMotion.ts';
import { createPartPalette, type PartPalette } from './partColors.ts';

/**
 * All moving parts: ONE InstancedMesh per part look, refilled every rendered frame from the part table.
 * Nothing here is React state per part: a frame loop walks the typed arrays, interpolates each part's
 * position at the estimated sim time and writes translations straight into the instance buffers.
 * Draw calls therefore stay at one per look whether ten parts are on the line or ten thousand. Parts drawn by
 * their tag (a product's colour, reject red: partColors.ts) go to a second, tinted mesh per look, mounted only
 * once the line has products or a tagged part: a one-product line without defects draws exactly as before.
 */

const material = new MeshStandardMaterial({ vertexColors: true, roughness: 0.45, metalness: 0.1 });
const pos: Point3 = { x: 0, y: 0, z: 0 };
const counts = new Int32Array(PART_LOOKS.length * 2); // plain meshes, then tinted ones
const LOOKS = PART_LOOKS.length;
const NO_PRODUCTS: readonly ProductInfo[] = [];

/** Lateral spread (m) of a part on a conveyor as wide as `width`: bottles on a mass table are not in a file. */
function lateralOffset(partId: number, width: number): number {
  if (width < 0.7) return 0;
  const h = Math.sin(partId * 12.9898) * 43758.5453; // cheap deterministic hash
  return (h - Math.floor(h) - 0.5) * (width - 0.3);
}

/** The parts of the line, at the clock's display time. */
export function Parts({ layout }: { layout: LineLayout }) {
  const { frames } = useRuntime();
  const [capacity, setCapacity] = useState(() => Math.max(1024, frames.parts.capacity));
  const [tagged, setTagged] = useState(() => frames.tagged);
  const meshes = useRef<Array<InstancedMesh | null>>([]);
  // per canvas (panes of a presentation show different lines): rebuilt when a snapshot brings other products
  const colours = useRef<{ of: readonly ProductInfo[]; palette: PartPalette }>({
    of: NO_PRODUCTS,
    palette: createPartPalette(NO_PRODUCTS),
  });

  // Instances never rotate or scale: set identity matrices once, then only translations change per frame.
  useLayoutEffect(() => {
    for (const [k, mesh] of meshes.current.entries()) {
      if (!mesh) continue;
      // tinted meshes get their colour buffer before their first draw, so their shader is built with it once
      if (k >= LOOKS && !mesh.instanceColor) mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3).fill(1), 3);
      const a = mesh.instanceMatrix.array as Float32Array;
      for (let i = 0; i < capacity; i++) {
        const b = i * 16;
        a[b] = 1;
        a[b + 5] = 1;
        a[b + 10] = 1;
        a[b + 15] = 1;
      }
      mesh.count = 0;
    }
  }, [capacity, tagged]);

  useFrame(() => {
    const table = frames.parts;
    if (table.capacity > capacity) {
      setCapacity(table.capacity);
      return;
    } // rare: the table doubled
    if (frames.tagged !== tagged) {
      setTagged(frames.tagged);
      return;
    } // rare: a new snapshot, or the first tagged part
    if (frames.products !== colours.current.of) colours.current = { of: frames.products, palette: createPartPalette(frames.products) }; // rare: a new snapshot
    const { palette } = colours.current;
    const now = displayTime(frames.clock, performance.now());
    counts.fill(0);
    const { looksAfter, looksInto, stations } = layout;
    const n = stations.length;
    for (let i = 0; i < table.count; i++) {
      const slot = table.dense[i]!;
      const endT = table.endT[slot]!;
      if (now >= endT + (table.scrap[slot] ? 0 : END_LINGER)) continue;
      const from = table.from[slot]!,
        to = table.to[slot]!;
      if (from >= n || to >= n) continue;
      if (!partPosition(layout, from, to, table.t0[slot]!, table.t1[slot]!, now, pos)) continue;
      const tag = table.tag[slot]!;
      const look = (from === to ? looksInto[to]! : looksAfter[from]!) + (tagged && palette.tinted[tag] ? LOOKS : 0);
      const mesh = meshes.current[look];
      if (!mesh || counts[look]! >= capacity) continue;
      const dest = stations[to]!;
      if (dest.kind === 'conveyor') {
        const off = lateralOffset(table.id[slot]!, dest.halfWidth * 2);
        pos.x += -dest.dirZ * off;
        pos.z += dest.dirX * off;
      }
      const b = counts[look]! * 16;
      const a = mesh.instanceMatrix.array as Float32Array;
      a[b + 12] = pos.x;
      a[b + 13] = pos.y;
      a[b + 14] = pos.z;
      if (look >= LOOKS) {
        const c = mesh.instanceColor!.array as Float32Array;
        const o = counts[look]! * 3;
        c[o] = palette.rgb[tag * 3]!;
        c[o + 1] = palette.rgb[tag * 3 + 1]!;
        c[o + 2] = palette.rgb[tag * 3 + 2]!;
      }
      counts[look]!++;
    }
    for (let k = 0; k < meshes.current.length; k++) {
      const mesh = meshes.current[k];
      if (!mesh) continue;
      mesh.count = counts[k]!;
      if (counts[k]! > 0) {
        mesh.instanceMatrix.needsUpdate = true;
        if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      }
    }
  });

  return (
    <group name="parts">
      {PART_LOOKS.map((look, k) => (
        <instancedMesh
          key={`${look}:${capacity}`}
          ref={(m) => {
            meshes.current[k] = m;
          }}
          args={[partGeometry(look), material, capacity]}
          frustumCulled={false}
          name={`parts:${look}`}
        />
      ))}
      {tagged &&
        PART_LOOKS.map((look, k) => (
          <instancedMesh
            key={`${look}:${capacity}:tinted`}
            ref={(m) => {
              meshes.current[LOOKS + k] = m;
            }}
            args={[tintedPartGeometry(look), material, capacity]}
            frustumCulled={false}
            name={`parts:${look}:tinted`}
          />
        ))}
    </group>
  );
}
