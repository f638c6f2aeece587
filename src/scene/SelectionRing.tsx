import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import type { Mesh } from 'three';
import { useTwin } from '../net/runtime.tsx';
import type { LineLayout } from './layout.ts';

/** A pulsing ring on the floor around the station the inspector shows. */
export function SelectionRing({ layout }: { layout: LineLayout }) {
  const ref = useRef<Mesh>(null);
  const selected = useTwin((s) => s.selected);
  const st = layout.stations.find((s) => s.id === selected);
  useFrame(({ clock }) => {
    if (ref.current) ref.current.scale.setScalar(1 + 0.06 * Math.sin(clock.elapsedTime * 4));
  });
  if (!st) return null;
  const r = Math.max(st.halfLength, st.halfWidth) + 0.35;
  return (
    <mesh ref={ref} position={[st.x, 0.02, st.z]} rotation-x={-Math.PI / 2} name="selection">
      <ringGeometry args={[r, r + 0.14, 48]} />
      <meshBasicMaterial color="#22d3ee" toneMapped={false} />
    </mesh>
  );
}
