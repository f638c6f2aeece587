import { Suspense, useMemo } from 'react';
import { useGLTF } from '@react-three/drei';
import type { ThreeEvent } from '@react-three/fiber';
import { Box3, Vector3, type Object3D } from 'three';
import { useRuntime } from '../net/runtime.tsx';
import { selectStation } from '../state/store.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import type { LineLayout, StationGeom } from './layout.ts';
import { gltfUrlOf, type ModelKind } from './modelKinds.ts';
import { modelGeometry, stateMaterial } from './StationBodies.tsx';

/**
 * Stations whose scene names a glTF/GLB file as model: the server hands it over as a URL the page may load
 * (`/scene-assets/models/press.glb` for a file in the scenes folder, or https on an allowed host; see
 * server/scene/models.ts). Each is loaded once (drei's useGLTF caches by URL, no Draco decoder from a CDN),
 * scaled to the station's footprint and stood on the floor. If a file does not load, the procedural model of
 * the station's kind stands in. This module is loaded lazily: lines without glTF never download the loader.
 */

const box = new Box3();
const size = new Vector3();
const centre = new Vector3();

/** Scales and moves a model so it fits the footprint (length x width, m) with its base on the floor. */
function fitted(source: Object3D, st: StationGeom): Object3D {
  const model = source.clone(true);
  box.setFromObject(model);
  box.getSize(size);
  box.getCenter(centre);
  const k = Math.min((st.halfLength * 2) / Math.max(size.x, 1e-3), (st.halfWidth * 2) / Math.max(size.z, 1e-3), 4 / Math.max(size.y, 1e-3));
  model.scale.multiplyScalar(k);
  model.position.set(-centre.x * k, -box.min.y * k, -centre.z * k);
  return model;
}

function GltfModel({ url, st }: { url: string; st: StationGeom }) {
  const { scene } = useGLTF(url, false);
  const model = useMemo(() => fitted(scene, st), [scene, st]);
  return <primitive object={model} />;
}

function Fallback({ st }: { st: StationGeom }) {
  return <mesh geometry={modelGeometry(st.kind as ModelKind)} material={stateMaterial} />;
}

/** All glTF stations of the line. */
export default function GltfStations({ layout }: { layout: LineLayout }) {
  const { store } = useRuntime();
  const stations = layout.stations.filter((s) => gltfUrlOf(s.info));
  return (
    <group name="gltf-stations">
      {stations.map((st) => (
        <group
          key={st.id}
          position={[st.x, 0, st.z]}
          rotation-y={st.rotation}
          onClick={(e: ThreeEvent<MouseEvent>) => {
            e.stopPropagation();
            selectStation(store, st.id);
          }}
        >
          <ErrorBoundary fallback={<Fallback st={st} />}>
            <Suspense fallback={<Fallback st={st} />}>
              <GltfModel url={gltfUrlOf(st.info)!} st={st} />
            </Suspense>
          </ErrorBoundary>
        </group>
      ))}
    </group>
  );
}
