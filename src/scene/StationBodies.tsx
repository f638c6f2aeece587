import { useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { Color, type InstancedMesh, MeshStandardMaterial, Object3D, type BufferGeometry } from 'three';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { selectStation, type ViewMode } from '../state/store.ts';
import { heatColor } from './heatColor.ts';
import type { LineLayout } from './layout.ts';
import { gltfUrlOf, type ModelKind } from './modelKinds.ts';
import { buildModel } from './models/primitives.ts';
import { MODEL_DEFS } from './models/stationModels.ts';

/**
 * Station models: one InstancedMesh per model kind, so draw calls depend on how many kinds a line uses, not
 * on how many stations it has. In state view the vertex colours show; in heat-map view a material without
 * vertex colours lets each instance's colour (utilisation or bottleneck share) paint the whole machine.
 */

const geometries = new Map<ModelKind, BufferGeometry>();
/** The merged geometry of a model kind (built once per page). */
export function modelGeometry(kind: ModelKind): BufferGeometry {
  let g = geometries.get(kind);
  if (!g) {
    g = buildModel(MODEL_DEFS[kind]().prims);
    geometries.set(kind, g);
  }
  return g;
}

/** The material of procedural station models in state view (vertex colours). */
export const stateMaterial = new MeshStandardMaterial({ vertexColors: true, roughness: 0.55, metalness: 0.15 });
const heatMaterial = new MeshStandardMaterial({ vertexColors: false, roughness: 0.6, metalness: 0.05 });
const WHITE = new Color(1, 1, 1);
const GREY = new Color('#8b929b');
const dummy = new Object3D();
const scratch = new Color();

/** Which per-station KPI a heat-map view shows (offset into the 3-tuple of KpiFrame.perStation). */
const HEAT_OFFSET: Record<Exclude<ViewMode, 'state'>, number> = { utilisation: 0, bottleneck: 1 };

function KindMesh({ kind, indices, layout, mode }: { kind: ModelKind; indices: number[]; layout: LineLayout; mode: ViewMode }) {
  const { store, frames } = useRuntime();
  const ref = useRef<InstancedMesh>(null);
  const seen = useRef(-1);
  const geometry = modelGeometry(kind);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    indices.forEach((s, i) => {
      const st = layout.stations[s]!;
      dummy.position.set(st.x, 0, st.z);
      dummy.rotation.set(0, st.rotation, 0);
      dummy.updateMatrix();
      mesh.setMatrixAt(i, dummy.matrix);
      mesh.setColorAt(i, WHITE);
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere(); // for raycasting (picking) and culling of the moved instances
    seen.current = -1; // recolour on the next frame
  }, [indices, layout]);

  // Heat colours change once a second (KPI frames): recolour only when they or the mode did.
  const seenMode = useRef<ViewMode | null>(null);
  useFrame(() => {
    const mesh = ref.current;
    if (!mesh || (seen.current === frames.kpiVersion && seenMode.current === mode)) return;
    seen.current = frames.kpiVersion;
    seenMode.current = mode;
    for (let i = 0; i < indices.length; i++) {
      const s = indices[i]!;
      if (mode === 'state') mesh.setColorAt(i, WHITE);
      else if (layout.stations[s]!.info.servers > 0)
        mesh.setColorAt(i, heatColor(frames.perStation[s * 3 + HEAT_OFFSET[mode]] ?? 0, scratch));
      else mesh.setColorAt(i, GREY);
    }
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });

  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    if (e.instanceId === undefined) return;
    e.stopPropagation();
    const st = layout.stations[indices[e.instanceId]!];
    if (st) selectStation(store, st.id);
  };

  return (
    <instancedMesh
      ref={ref}
      args={[geometry, undefined, indices.length]}
      material={mode === 'state' ? stateMaterial : heatMaterial}
      onClick={onClick}
      onPointerOver={(e) => {
        e.stopPropagation();
        document.body.style.cursor = 'pointer';
      }}
      onPointerOut={() => {
        document.body.style.cursor = '';
      }}
      name={`stations:${kind}`}
    />
  );
}

/** All station models of the line. */
export function StationBodies({ layout }: { layout: LineLayout }) {
  const mode = useTwin((s) => s.viewMode);
  const groups = useMemo(() => {
    const byKind = new Map<ModelKind, number[]>();
    for (const st of layout.stations) {
      if (st.kind === 'conveyor' || gltfUrlOf(st.info)) continue; // glTF stations: see GltfStations
      const list = byKind.get(st.kind) ?? [];
      list.push(st.index);
      byKind.set(st.kind, list);
    }
    return [...byKind];
  }, [layout]);
  return (
    <group name="stations">
      {groups.map(([kind, indices]) => (
        <KindMesh key={`${kind}:${indices.length}`} kind={kind} indices={indices} layout={layout} mode={mode} />
      ))}
    </group>
  );
}
