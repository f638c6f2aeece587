import { ContactShadows } from '@react-three/drei';
import type { LineLayout } from './layout.ts';

/**
 * Hall lighting: a sky/floor hemisphere for soft fill, a key light from the front left and a weak rim light.
 * Shadows are contact shadows baked ONCE per layout (`frames={1}`) into a texture on a plane under the line:
 * the stations never move, so the soft shadow costs one texture lookup per floor pixel instead of shadow-map
 * filtering on every lit pixel, which on software GL was most of the frame time. Moving parts cast none.
 */
export function Lights({ layout }: { layout: LineLayout }) {
  const { cx, cz, minX, maxX, minZ, maxZ } = layout.bounds;
  const w = maxX - minX + 6,
    d = maxZ - minZ + 6;
  return (
    <>
      <hemisphereLight args={['#f4f7fb', '#5b6470', 1.25]} />
      <directionalLight position={[cx - 10, 30, cz + 16]} intensity={2.7} />
      <directionalLight position={[cx + 22, 10, cz - 14]} intensity={0.7} />
      <ContactShadows
        key={`${cx}:${cz}:${w}:${d}`}
        position={[cx, 0.01, cz]}
        width={w}
        height={d}
        scale={[w, d]}
        resolution={1024}
        far={3}
        blur={1.6}
        opacity={0.55}
        frames={1}
        color="#1e2630"
      />
    </>
  );
}
