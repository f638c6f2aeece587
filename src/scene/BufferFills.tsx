import { useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Color, type InstancedMesh, MeshStandardMaterial, Object3D } from 'three';
import { useRuntime } from '../net/runtime.tsx';
import type { LineLayout } from './layout.ts';
import { fillGeometry } from './models/looks.ts';

/**
 * How full each buffer is: a block on the buffer's deck growing along the flow with the level, teal when
 * there is room, amber when nearly full, red when full (the machine upstream is about to block).
 */

/** Deck geometry of the buffer model (m): block spans DECK_LEN at 100 %. */
const DECK_LEN = 1.3,
  DECK_Y = 0.81,
  BLOCK_H = 0.28,
  BLOCK_W = 0.85;
/** Level drawn as full for buffers without a capacity. */
const UNBOUNDED_SCALE = 20;

const material = new MeshStandardMaterial({ roughness: 0.6 });
const dummy = new Object3D();
const TEAL = new Color('#14b8a6'),
  AMBER = new Color('#f59e0b'),
  RED = new Color('#ef4444');

/** Fill share of a buffer from its level and capacity (null capacity: unlimited). */
function fillShare(level: number, capacity: number | null): number {
  if (!(level > 0)) return 0;
  const cap = capacity === null ? Math.max(UNBOUNDED_SCALE, level) : capacity;
  return cap > 0 ? Math.min(1, level / cap) : 1;
}

/** Fill blocks of all buffers. */
export function BufferFills({ layout }: { layout: LineLayout }) {
  const { frames } = useRuntime();
  const ref = useRef<InstancedMesh>(null);
  const seen = useRef(-1);
  const buffers = useMemo(() => layout.stations.filter((s) => s.kind === 'buffer'), [layout]);

  useFrame(() => {
    const mesh = ref.current;
    if (!mesh || seen.current === frames.version) return;
    seen.current = frames.version;
    for (let i = 0; i < buffers.length; i++) {
      const st = buffers[i]!;
      const f = fillShare(frames.levels[st.index] ?? 0, st.info.capacity);
      dummy.position.set(st.x - (st.dirX * DECK_LEN) / 2, DECK_Y, st.z - (st.dirZ * DECK_LEN) / 2);
      dummy.rotation.set(0, st.rotation, 0);
      dummy.scale.set(Math.max(0.001, f * DECK_LEN), BLOCK_H, BLOCK_W);
      dummy.updateMatrix();
      mesh.setMatrixAt(i, dummy.matrix);
      mesh.setColorAt(i, f >= 0.999 ? RED : f >= 0.75 ? AMBER : TEAL);
    }
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });

  if (buffers.length === 0) return null;
  return (
    <instancedMesh
      key={buffers.length}
      ref={ref}
      args={[fillGeometry(), material, buffers.length]}
      frustumCulled={false}
      name="buffer-fills"
    />
  );
}
