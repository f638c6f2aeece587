import { useEffect, useMemo } from 'react';
import { Canvas, useThree } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { overviewPose } from '../scene/cameraPoses.ts';
import { Floor } from '../scene/Floor.tsx';
import { computeLayout, type LineLayout } from '../scene/layout.ts';
import { planToStationInfos, type PlanModel } from './sceneModel.ts';

/**
 * The 3D view beside the plan, updated on every edit. The geometry is the live view's own (src/scene/layout.ts:
 * footprints by model, ports, transfer belts between stations) and so is the floor; the stations are plain
 * blocks in their type's colour, since the edited line has no running state to show.
 */

const COLOURS: Record<string, string> = {
  source: '#4f9d69',
  sink: '#5b6770',
  buffer: '#d9a441',
  conveyor: '#6b7b8c',
  inspection: '#7a5cc2',
  assembly: '#c8663b',
};
const MACHINE = '#3c78b5';

declare global {
  /** `window.__editor3d`: the preview's renderer, scene and camera, for browser tests. */
  interface Window {
    __editor3d?: { gl: unknown; scene: unknown; camera: unknown; stations: number };
  }
}

/** Keeps the camera on the whole line as it grows, and hands the renderer to browser tests. */
function Framing({ layout }: { layout: LineLayout }) {
  const { camera, size, gl, scene } = useThree();
  const { cx, cz, size: extent } = layout.bounds;
  useEffect(() => {
    const pose = overviewPose(layout, 42, size.width / Math.max(1, size.height));
    camera.position.set(...pose.position);
    camera.lookAt(...pose.target);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reframe when the line's extent changes, not on every edit
  }, [camera, size.width, size.height, cx, cz, extent]);
  useEffect(() => {
    window.__editor3d = { gl, scene, camera, stations: layout.stations.length };
  }, [gl, scene, camera, layout]);
  return <OrbitControls makeDefault target={[cx, 0.5, cz]} />;
}

function Stations({ layout }: { layout: LineLayout }) {
  return (
    <group name="stations">
      {layout.stations.map((s) => (
        <mesh key={s.id} position={[s.x, s.height / 2, s.z]} rotation-y={s.rotation} name={`station-${s.id}`}>
          <boxGeometry args={[s.halfLength * 2, s.height, s.halfWidth * 2]} />
          <meshLambertMaterial color={COLOURS[s.info.type] ?? MACHINE} />
        </mesh>
      ))}
      {layout.belts.map((b, i) => {
        const len = Math.hypot(b.bx - b.ax, b.bz - b.az);
        return (
          <mesh key={`belt-${i}`} position={[(b.ax + b.bx) / 2, 0.4, (b.az + b.bz) / 2]} rotation-y={-Math.atan2(b.bz - b.az, b.bx - b.ax)}>
            <boxGeometry args={[len, 0.8, b.width]} />
            <meshLambertMaterial color="#8b95a0" />
          </mesh>
        );
      })}
    </group>
  );
}

/** The 3D preview of a plan. */
export function Preview3D({ plan }: { plan: PlanModel }) {
  const layout = useMemo(() => computeLayout(planToStationInfos(plan)), [plan]);
  return (
    <div className="preview-3d" data-testid="preview-3d">
      <Canvas dpr={1} camera={{ fov: 42, near: 0.1, far: 800, position: [12, 16, 26] }} gl={{ antialias: false }}>
        <color attach="background" args={['#d4dae0']} />
        <ambientLight intensity={1.6} />
        <directionalLight position={[10, 20, 8]} intensity={1.8} />
        <Floor layout={layout} />
        <Stations layout={layout} />
        <Framing layout={layout} />
      </Canvas>
    </div>
  );
}
