import { useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Color, type InstancedMesh, MeshBasicMaterial, Object3D, Vector3 } from 'three';
import { useRuntime } from '../net/runtime.tsx';
import { STATE_STYLES, WARNING_STYLE } from '../state/statePalette.ts';
import type { LineLayout } from './layout.ts';
import { LAMP_STEP, lampGeometry } from './models/looks.ts';
import { MODEL_DEFS } from './models/stationModels.ts';
import type { ModelKind } from './modelKinds.ts';

/**
 * The stack light on every machine, one lamp per unit (up to MAX_LAMPS stacked), all in one InstancedMesh.
 * Lamps are unlit (MeshBasicMaterial, no tone mapping) so the state colour reads at any light, and are
 * recoloured in the first render after the frame buffer changed (`userData.version` says which version they show).
 * A unit with an open condition warning blinks between amber (WARNING_STYLE) and its state colour, BLINK_S each.
 */

/** Half period of a warning's blink, in wall seconds. */
const BLINK_S = 0.5;

/** Most lamps stacked on one station; more units share the top lamp's colour with the station state. */
const MAX_LAMPS = 4;

const material = new MeshBasicMaterial({ toneMapped: false });
/** Lamp colours by state code, a little over 1 so they glow against the lit scene. */
const LAMP_COLORS = STATE_STYLES.map((s) => new Color(s.color).multiplyScalar(1.25));
const WARNING_COLOR = new Color(WARNING_STYLE.color).multiplyScalar(1.25);
const dummy = new Object3D();
const local = new Vector3();
const Y_AXIS = new Vector3(0, 1, 0);

/** Which unit of which station each lamp shows. */
interface Lamp {
  station: number;
  unit: number;
  x: number;
  y: number;
  z: number;
}

function lampsOf(layout: LineLayout): Lamp[] {
  const lamps: Lamp[] = [];
  const anchors = new Map<ModelKind, [number, number, number] | null>();
  for (const st of layout.stations) {
    if (st.kind === 'conveyor' || st.info.servers <= 0) continue;
    if (!anchors.has(st.kind)) anchors.set(st.kind, MODEL_DEFS[st.kind]().lamp);
    const at = anchors.get(st.kind);
    if (!at) continue;
    for (let u = 0; u < Math.min(MAX_LAMPS, st.info.servers); u++) {
      local.set(at[0], at[1] + u * LAMP_STEP, at[2]).applyAxisAngle(Y_AXIS, st.rotation);
      lamps.push({ station: st.index, unit: u, x: st.x + local.x, y: local.y, z: st.z + local.z });
    }
  }
  return lamps;
}

/** The stack lights of all machines. */
export function StackLights({ layout }: { layout: LineLayout }) {
  const { frames } = useRuntime();
  const ref = useRef<InstancedMesh>(null);
  const seen = useRef(-1);
  const lamps = useMemo(() => lampsOf(layout), [layout]);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    lamps.forEach((l, i) => {
      dummy.position.set(l.x, l.y, l.z);
      dummy.updateMatrix();
      mesh.setMatrixAt(i, dummy.matrix);
      mesh.setColorAt(i, LAMP_COLORS[6]!);
    });
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    seen.current = -1;
  }, [lamps]);

  const blinkSeen = useRef(0);

  useFrame(() => {
    const mesh = ref.current;
    if (!mesh) return;
    // the blink phase (wall clock, so it blinks while paused too) only matters while some station warns; without
    // warnings lamps change with frames alone
    const warnings = frames.readings.stationWarned;
    const blink = warnings.includes(1) ? (Math.floor(performance.now() / 1000 / BLINK_S) % 2) + 1 : 0;
    if (seen.current === frames.version && blinkSeen.current === blink) return;
    seen.current = frames.version;
    blinkSeen.current = blink;
    for (let i = 0; i < lamps.length; i++) {
      const l = lamps[i]!;
      const n = frames.unitCount[l.station] ?? 0;
      if (blink === 1 && l.unit < n && frames.readings.warned[frames.unitOffset[l.station]! + l.unit] === 1) {
        mesh.setColorAt(i, WARNING_COLOR);
        continue;
      }
      // the top lamp of a station with more units than lamps shows the station's overall state
      const code =
        l.unit === MAX_LAMPS - 1 && n > MAX_LAMPS
          ? frames.stationState[l.station]!
          : l.unit < n
            ? frames.unitState[frames.unitOffset[l.station]! + l.unit]!
            : 6;
      mesh.setColorAt(i, LAMP_COLORS[code] ?? LAMP_COLORS[6]!);
    }
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    // Which frame-buffer version the colours show: the store (and the DOM) can be a render ahead of the lamps,
    // so a test reads the lamps once they caught up instead of in between (test/e2e/app.test.ts).
    mesh.userData.version = frames.version;
    mesh.userData.blink = blink;
  });

  if (lamps.length === 0) return null;
  return <instancedMesh key={lamps.length} ref={ref} args={[lampGeometry(), material, lamps.length]} name="stack-lights" />;
}
