import { useLayoutEffect, useRef } from 'react';
import type { ThreeEvent } from '@react-three/fiber';
import { type InstancedMesh, MeshStandardMaterial, Object3D } from 'three';
import { useRuntime } from '../net/runtime.tsx';
import { selectStation } from '../state/store.ts';
import type { LineLayout } from './layout.ts';
import { beltGeometry } from './models/looks.ts';

/**
 * Every conveyor on the floor, one InstancedMesh: conveyor stations at their length and width, plus the
 * short transfer links drawn between neighbouring stations so parts never float across bare floor.
 */

const material = new MeshStandardMaterial({ vertexColors: true, roughness: 0.7, metalness: 0.2 });
const dummy = new Object3D();

/** The conveyors and transfer links of the line. */
export function Belts({ layout }: { layout: LineLayout }) {
  const { store } = useRuntime();
  const ref = useRef<InstancedMesh>(null);
  const { belts } = layout;

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    belts.forEach((b, i) => {
      const dx = b.bx - b.ax,
        dz = b.bz - b.az;
      const len = Math.hypot(dx, dz);
      dummy.position.set((b.ax + b.bx) / 2, 0, (b.az + b.bz) / 2);
      dummy.rotation.set(0, Math.atan2(-dz, dx), 0); // local +x along the belt (see layout.ts axes)
      dummy.scale.set(len, 1, b.width);
      dummy.updateMatrix();
      mesh.setMatrixAt(i, dummy.matrix);
    });
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [belts]);

  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    const b = e.instanceId === undefined ? undefined : belts[e.instanceId];
    if (!b || b.station < 0) return;
    e.stopPropagation();
    selectStation(store, layout.stations[b.station]!.id);
  };

  if (belts.length === 0) return null;
  return <instancedMesh key={belts.length} ref={ref} args={[beltGeometry(), material, belts.length]} onClick={onClick} name="belts" />;
}
