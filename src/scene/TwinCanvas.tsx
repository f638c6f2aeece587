import { lazy, Suspense, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import { Belts } from './Belts.tsx';
import { BufferFills } from './BufferFills.tsx';
import { CameraRig } from './CameraRig.tsx';
import { Floor } from './Floor.tsx';
import { LabelProjector } from './LabelProjector.tsx';
import { Lights } from './Lights.tsx';
import { Parts } from './Parts.tsx';
import { gltfUrlOf } from './modelKinds.ts';
import { pickQuality } from './quality.ts';
import { SelectionRing } from './SelectionRing.tsx';
import { StackLights } from './StackLights.tsx';
import { StationBodies } from './StationBodies.tsx';
import { TestHooks } from './TestHooks.tsx';
import { useLayout } from './useLayout.ts';

/**
 * The 3D line. Static parts (floor, stations, conveyors) are rebuilt only when the layout changes; moving
 * and state-coloured parts update in their own frame loops from the FrameBuffer, never through React.
 */

const SKY = '#d4dae0';

// Loaded only by lines that name glTF models: the loader stays out of the main bundle.
const GltfStations = lazy(() => import('./GltfStations.tsx'));

/** Everything inside the canvas, for the current layout. */
function LineScene() {
  const layout = useLayout();
  const { size } = layout.bounds;
  const hasGltf = layout.stations.some((s) => gltfUrlOf(s.info));
  return (
    <>
      <color attach="background" args={[SKY]} />
      <fog attach="fog" args={[SKY, size * 2.2 + 30, size * 5 + 80]} />
      <Lights layout={layout} />
      <Floor layout={layout} />
      <StationBodies layout={layout} />
      {hasGltf ? (
        <Suspense fallback={null}>
          <GltfStations layout={layout} />
        </Suspense>
      ) : null}
      <Belts layout={layout} />
      <BufferFills layout={layout} />
      <StackLights layout={layout} />
      <Parts layout={layout} />
      <SelectionRing layout={layout} />
      <LabelProjector layout={layout} />
      <CameraRig layout={layout} />
      <TestHooks layout={layout} />
    </>
  );
}

/** The WebGL canvas with the line in it. */
export function TwinCanvas() {
  const [quality] = useState(() => pickQuality(window.location.search));
  return (
    <Canvas
      dpr={quality.dpr}
      camera={{ fov: 42, near: 0.1, far: 800, position: [12, 16, 26] }}
      gl={{ antialias: quality.antialias, powerPreference: 'high-performance' }}
      data-quality={quality.name}
      data-testid="twin-canvas"
    >
      <LineScene />
    </Canvas>
  );
}
