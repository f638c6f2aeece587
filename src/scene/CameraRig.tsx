import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { PerspectiveCamera, Vector3, type Camera } from 'three';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import type { FrameBuffer } from '../state/frameBuffer.ts';
import { slotOfPart, type PartTable } from '../state/partTable.ts';
import { displayTime } from '../state/simClock.ts';
import { overviewPose, stationPose, type Pose } from './cameraPoses.ts';
import type { LineLayout } from './layout.ts';
import { partPosition, type Point3 } from './partMotion.ts';

/**
 * Orbit controls plus the camera presets: fit the line on load, fly to the overview or to a station on
 * request (store.camera), and follow a part along the line. Flights ease in useFrame; grabbing the mouse
 * cancels a flight (the user is in charge), while following keeps the target on the part as you orbit.
 */

const goalPos = new Vector3();
const goalTarget = new Vector3();
const delta = new Vector3();
const partAt: Point3 = { x: 0, y: 0, z: 0 };

/** Seconds-based easing rate of camera flights (1/s). */
const EASE = 4;

/** What following a part moves and reads. */
interface FollowScene {
  frames: FrameBuffer;
  layout: LineLayout;
  camera: Camera;
  controls: OrbitControlsImpl;
}

/** Prefer a part that just left a source, so the camera rides along the whole line; -1 if no part is on its way. */
function pickPart(table: PartTable, layout: LineLayout, now: number): number {
  let best = -1,
    bestT = -Infinity;
  for (let i = 0; i < table.count; i++) {
    const s = table.dense[i]!;
    if (table.endT[s]! <= now) continue;
    const fromSource = (layout.stations[table.from[s]!]?.info.inputs.length ?? 1) === 0;
    const score = table.t0[s]! + (fromSource ? 1e9 : 0);
    if (score > bestT) {
      bestT = score;
      best = s;
    }
  }
  return best;
}

/** One frame of following: keeps `follow.id` (or a newly picked part) in view, easing over `dt` s. */
function followPart(dt: number, { frames, layout, camera, controls }: FollowScene, follow: { id: number }): void {
  const table = frames.parts;
  let slot = follow.id >= 0 ? slotOfPart(table, follow.id) : -1;
  const now = displayTime(frames.clock, performance.now());
  if (slot < 0 || table.endT[slot]! <= now) {
    slot = pickPart(table, layout, now);
    if (slot < 0) return;
    follow.id = table.id[slot]!;
  }
  if (!partPosition(layout, table.from[slot]!, table.to[slot]!, table.t0[slot]!, table.t1[slot]!, now, partAt)) return;
  // Move camera and target together so the user's orbit angle and distance are kept while following.
  goalTarget.set(partAt.x, partAt.y, partAt.z);
  delta
    .copy(goalTarget)
    .sub(controls.target)
    .multiplyScalar(1 - Math.exp(-6 * Math.min(dt, 0.1)));
  controls.target.add(delta);
  camera.position.add(delta);
  if (camera.position.distanceTo(controls.target) > 14) {
    goalPos.copy(camera.position).sub(controls.target).setLength(8).add(controls.target);
    camera.position.lerp(goalPos, 0.05);
  }
  controls.update();
}

export function CameraRig({ layout }: { layout: LineLayout }) {
  const { frames } = useRuntime();
  const controls = useThree((s) => s.controls) as OrbitControlsImpl | null;
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const request = useTwin((s) => s.camera);
  const flying = useRef(false);
  const follow = useRef<{ on: boolean; id: number }>({ on: false, id: -1 });

  const flyTo = (pose: Pose, instant: boolean): void => {
    goalPos.set(...pose.position);
    goalTarget.set(...pose.target);
    if (instant && controls) {
      camera.position.copy(goalPos);
      controls.target.copy(goalTarget);
      controls.update();
      flying.current = false;
    } else flying.current = true;
  };
  const fov = camera instanceof PerspectiveCamera ? camera.fov : 45;

  // Fit the line whenever a new layout arrives (first snapshot, another scene).
  useEffect(() => {
    if (!controls) return;
    follow.current.on = false;
    flyTo(overviewPose(layout, fov, size.width / Math.max(1, size.height)), true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, controls]);

  useEffect(() => {
    if (!controls || request.nonce === 0) return;
    follow.current.on = false;
    if (request.kind === 'overview') flyTo(overviewPose(layout, fov, size.width / Math.max(1, size.height)), false);
    else if (request.kind === 'station') {
      const st = layout.stations.find((s) => s.id === request.id);
      if (st) {
        delta.copy(camera.position).sub(controls.target);
        flyTo(stationPose(st, [delta.x, delta.y, delta.z]), false);
      }
    } else {
      follow.current = { on: true, id: -1 };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request.nonce, controls]);

  useEffect(() => {
    if (!controls) return;
    const onStart = (): void => {
      flying.current = false;
    };
    controls.addEventListener('start', onStart);
    return () => controls.removeEventListener('start', onStart);
  }, [controls]);

  useFrame((_, dt) => {
    if (!controls) return;
    if (follow.current.on) followPart(dt, { frames, layout, camera, controls }, follow.current);
    if (flying.current) {
      const k = 1 - Math.exp(-EASE * Math.min(dt, 0.1));
      camera.position.lerp(goalPos, k);
      controls.target.lerp(goalTarget, k);
      if (camera.position.distanceTo(goalPos) < 0.02 && controls.target.distanceTo(goalTarget) < 0.02) flying.current = false;
      controls.update();
    }
  });

  return <OrbitControls makeDefault enableDamping dampingFactor={0.12} maxPolarAngle={Math.PI * 0.47} minDistance={2} maxDistance={400} />;
}
