import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Vector3 } from 'three';
import type { LineLayout } from './layout.ts';
import { useLabelLayer } from './labelLayer.tsx';

/** Height above a station's model where its label floats (m). */
const LABEL_LIFT = 0.5;

const v = new Vector3();

/** World anchor height of a station's label. */
function labelHeight(st: LineLayout['stations'][number]): number {
  return st.kind === 'conveyor' ? 1.3 : st.height + LABEL_LIFT;
}

/** What the projector last wrote, for one layout. */
interface Written {
  layout: LineLayout;
  last: Float32Array;
  seenEl: Array<HTMLElement | null>;
}

/**
 * Moves the DOM labels to their stations' projected screen positions every frame (only when they moved by
 * half a pixel, so a still camera writes nothing to the DOM) and hides labels behind the camera.
 */
export function LabelProjector({ layout }: { layout: LineLayout }) {
  const layer = useLabelLayer();
  // Last written position per label (NaN: hidden), so an unchanged label costs a comparison, not a DOM write;
  // renewed when the layout changes. Mutated in the frame loop only, hence a ref.
  const written = useRef<Written | null>(null);
  useFrame(({ camera, size }) => {
    const { stations } = layout;
    if (written.current?.layout !== layout) written.current = { layout, last: new Float32Array(stations.length * 2).fill(-1), seenEl: [] };
    const { last, seenEl } = written.current;
    for (let i = 0; i < stations.length; i++) {
      const el = layer.element(i);
      if (!el) continue;
      if (seenEl[i] !== el) {
        seenEl[i] = el;
        last[i * 2] = -1;
        last[i * 2 + 1] = -1;
      } // a new element: place it
      const st = stations[i]!;
      v.set(st.x, labelHeight(st), st.z).project(camera);
      const hidden = v.z > 1 || v.z < -1;
      const x = hidden ? NaN : Math.round(((v.x + 1) / 2) * size.width * 2) / 2;
      const y = hidden ? NaN : Math.round(((1 - v.y) / 2) * size.height * 2) / 2;
      const px = last[i * 2]!,
        py = last[i * 2 + 1]!;
      if (px === x && py === y) continue;
      if (hidden && Number.isNaN(px)) continue;
      if (Number.isNaN(px) !== hidden || px === -1) el.style.visibility = hidden ? 'hidden' : 'visible';
      last[i * 2] = x;
      last[i * 2 + 1] = y;
      if (!hidden) el.style.transform = `translate(${x}px, ${y}px) translate(-50%, -50%)`;
    }
  });
  return null;
}
