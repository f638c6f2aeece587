import { useMemo } from 'react';
import type { LineLayout } from './layout.ts';

/**
 * The hall floor: one concrete slab and a painted yellow walkway border around the line, the way real lines
 * are marked. The slab covers most pixels on screen, so it is ONE plane with a Lambert material (no PBR
 * per pixel, no overdraw from stacked planes): on software GL this alone decides the frame time.
 */
export function Floor({ layout }: { layout: LineLayout }) {
  const { minX, maxX, minZ, maxZ, cx, cz, size } = layout.bounds;
  const stripes = useMemo(() => {
    const pad = 1.6;
    const w = maxX - minX + pad * 2,
      d = maxZ - minZ + pad * 2;
    const t = 0.12; // m, width of the painted line
    return [
      [cx, cz - d / 2, w + t, t],
      [cx, cz + d / 2, w + t, t],
      [cx - w / 2, cz, t, d],
      [cx + w / 2, cz, t, d],
    ] as Array<[number, number, number, number]>;
  }, [minX, maxX, minZ, maxZ, cx, cz]);
  const slab = Math.max(80, size * 3);
  return (
    <group name="floor">
      <mesh rotation-x={-Math.PI / 2} position={[cx, 0, cz]} name="floor-slab">
        <planeGeometry args={[slab, slab]} />
        <meshLambertMaterial color="#9aa1a8" />
      </mesh>
      {stripes.map(([x, z, w, d], i) => (
        <mesh key={i} rotation-x={-Math.PI / 2} position={[x, 0.006, z]}>
          <planeGeometry args={[w, d]} />
          <meshLambertMaterial color="#f2c200" />
        </mesh>
      ))}
      <gridHelper args={[slab, slab / 2, '#8f969d', '#8f969d']} position={[cx, 0.003, cz]} />
    </group>
  );
}
