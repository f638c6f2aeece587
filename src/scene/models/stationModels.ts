import type { ModelKind } from '../modelKinds.ts';
import type { Prim } from './primitives.ts';

/**
 * The procedural station models, in local coordinates: x along the flow (parts enter at -x, leave at +x),
 * z across, y up, origin on the floor at the station's centre. Footprints match FOOTPRINT in layout.ts.
 * Each model also says where its stack light sits; the lamp itself is drawn by StackLights (instanced, lit by
 * state), the pole is part of the model.
 */

/** A model: its primitives and the stack light's lowest lamp position (local). */
export interface ModelDef {
  prims: Prim[];
  lamp: [number, number, number] | null;
}

// A restrained industrial palette: light machine bodies, dark plinths, one accent colour per kind.
const BODY = '#e7e9ec',
  PLINTH = '#3b4350',
  STEEL = '#9aa3ad',
  DARK = '#1f2630',
  GLASS = '#24405e',
  PANEL = '#12161c';
const POLE = '#5b6470';

function pole(x: number, top: number, z: number, h = 0.3): Prim[] {
  return [{ cyl: [0.025, 0.025, h, 8], at: [x, top + h / 2, z], color: POLE }];
}

function lampAbove(x: number, top: number, z: number, h = 0.3): [number, number, number] {
  return [x, top + h + 0.1, z];
}

function cnc(): ModelDef {
  return {
    prims: [
      { box: [2.0, 0.15, 1.5], at: [0, 0.075, 0], color: PLINTH },
      { box: [1.8, 1.6, 1.3], at: [0, 0.95, 0], color: BODY },
      { box: [0.95, 0.75, 0.04], at: [-0.15, 1.05, 0.66], color: GLASS },
      { box: [1.82, 0.14, 1.32], at: [0, 1.68, 0], color: '#2563eb' },
      { box: [1.84, 0.08, 1.34], at: [0, 1.79, 0], color: STEEL },
      { box: [0.34, 0.5, 0.1], at: [0.68, 1.15, 0.7], color: PANEL },
      { box: [0.5, 0.55, 0.45], at: [-0.95, 0.42, -0.45], color: '#475569' },
      ...pole(0.75, 1.83, -0.5),
    ],
    lamp: lampAbove(0.75, 1.83, -0.5),
  };
}

function press(): ModelDef {
  const Y = '#f2b705';
  return {
    prims: [
      { box: [1.6, 0.5, 1.4], at: [0, 0.25, 0], color: PLINTH },
      { box: [1.2, 0.3, 1.0], at: [0, 0.65, 0], color: STEEL },
      { box: [0.26, 2.0, 1.2], at: [-0.66, 1.5, 0], color: Y },
      { box: [0.26, 2.0, 1.2], at: [0.66, 1.5, 0], color: Y },
      { box: [1.6, 0.6, 1.4], at: [0, 2.5, 0], color: Y },
      { box: [0.9, 0.45, 0.9], at: [0, 1.55, 0], color: '#b8c0c8' },
      { box: [0.8, 0.6, 0.06], at: [0, 1.1, 0.62], color: '#fb923c' }, // light curtain frame
      ...pole(0.6, 2.8, -0.55),
    ],
    lamp: lampAbove(0.6, 2.8, -0.55),
  };
}

function robot(): ModelDef {
  const F = '#facc15',
    R = '#f97316';
  const rails: Prim[] = [];
  for (const z of [-1.17, 1.17]) {
    rails.push(
      { box: [2.4, 0.05, 0.05], at: [0, 1.8, z], color: F },
      { box: [2.4, 0.05, 0.05], at: [0, 1.0, z], color: F },
      { box: [2.4, 0.05, 0.05], at: [0, 0.25, z], color: F },
    );
    for (const x of [-1.17, 0, 1.17]) rails.push({ box: [0.06, 1.85, 0.06], at: [x, 0.93, z], color: F });
  }
  rails.push({ box: [0.05, 0.05, 2.4], at: [-1.17, 1.8, 0], color: F }, { box: [0.05, 0.05, 2.4], at: [1.17, 1.8, 0], color: F });
  return {
    prims: [
      { box: [2.4, 0.05, 2.4], at: [0, 0.025, 0], color: '#4b5563' },
      ...rails,
      { box: [0.8, 0.85, 0.8], at: [0.45, 0.45, 0], color: STEEL },
      { cyl: [0.28, 0.32, 0.35, 16], at: [-0.45, 0.2, 0], color: R },
      { cyl: [0.2, 0.22, 0.25, 16], at: [-0.45, 0.5, 0], color: DARK },
      { box: [0.2, 0.9, 0.22], at: [-0.3, 1.0, 0], rot: [0, 0, -0.35], color: R },
      { box: [0.95, 0.17, 0.17], at: [0.15, 1.42, 0], rot: [0, 0, -0.25], color: R },
      { cyl: [0.07, 0.07, 0.25, 10], at: [0.6, 1.2, 0], color: DARK },
      { box: [0.5, 1.4, 0.45], at: [-0.85, 0.75, -0.85], color: BODY },
      { box: [0.3, 0.3, 0.04], at: [-0.85, 1.1, -0.62], color: PANEL },
      ...pole(-0.85, 1.45, -0.85),
    ],
    lamp: lampAbove(-0.85, 1.45, -0.85),
  };
}

function filler(): ModelDef {
  const prims: Prim[] = [
    { box: [2.2, 0.12, 2.2], at: [0, 0.06, 0], color: PLINTH },
    { cyl: [1.0, 1.0, 0.75, 28], at: [0, 0.5, 0], color: '#cfd6de' },
    { cyl: [0.95, 0.95, 0.18, 28], at: [0, 0.97, 0], color: '#94a3b8' },
    { cyl: [0.12, 0.12, 0.75, 10], at: [0, 1.4, 0], color: STEEL },
    { cyl: [0.55, 0.55, 0.35, 24], at: [0, 1.75, 0], color: '#e2e8f0' },
    { cyl: [1.06, 1.06, 0.06, 28], at: [0, 2.2, 0], color: '#3b82f6' },
  ];
  for (let i = 0; i < 14; i++) {
    const a = (i / 14) * Math.PI * 2;
    prims.push({ cyl: [0.045, 0.045, 0.32, 8], at: [Math.cos(a) * 0.78, 1.22, Math.sin(a) * 0.78], color: '#f1f5f9' });
  }
  for (const [x, z] of [
    [0.9, 0.9],
    [-0.9, 0.9],
    [0.9, -0.9],
    [-0.9, -0.9],
  ] as const) {
    prims.push({ cyl: [0.035, 0.035, 1.2, 8], at: [x * 0.82, 1.6, z * 0.82], color: STEEL });
  }
  prims.push({ box: [0.3, 0.55, 0.12], at: [0.7, 1.25, 1.02], color: PANEL });
  prims.push(...pole(0.75, 2.23, -0.75, 0.2));
  return { prims, lamp: lampAbove(0.75, 2.23, -0.75, 0.2) };
}

function labeller(): ModelDef {
  return {
    prims: [
      { box: [1.7, 0.9, 1.3], at: [0, 0.45, 0], color: BODY },
      { box: [1.72, 0.1, 1.32], at: [0, 0.92, 0], color: '#16a34a' },
      { cyl: [0.55, 0.55, 0.18, 24], at: [0, 1.06, 0], color: '#94a3b8' },
      { cyl: [0.1, 0.1, 0.5, 10], at: [0, 1.35, 0], color: STEEL },
      { box: [0.35, 0.6, 0.3], at: [0.1, 1.25, 0.62], color: '#15803d' },
      { cyl: [0.24, 0.24, 0.08, 20], at: [-0.35, 1.35, 0.62], rot: [Math.PI / 2, 0, 0], color: '#fef3c7' },
      { cyl: [0.24, 0.24, 0.08, 20], at: [0.55, 1.35, 0.62], rot: [Math.PI / 2, 0, 0], color: '#fef3c7' },
      ...pole(-0.7, 0.97, -0.5, 0.5),
    ],
    lamp: lampAbove(-0.7, 0.97, -0.5, 0.5),
  };
}

function oven(): ModelDef {
  const prims: Prim[] = [
    { box: [3.2, 0.2, 1.5], at: [0, 0.1, 0], color: PLINTH },
    { box: [3.0, 1.25, 1.35], at: [0, 0.82, 0], color: '#4b5563' },
    { box: [0.06, 0.3, 0.7], at: [-1.52, 0.9, 0], color: '#0b0d10' },
    { box: [0.06, 0.3, 0.7], at: [1.52, 0.9, 0], color: '#0b0d10' },
    { box: [2.8, 0.3, 1.15], at: [0, 1.6, 0], color: '#6b7280' },
    { cyl: [0.12, 0.12, 0.55, 12], at: [1.1, 2.0, -0.35], color: STEEL },
    { box: [0.3, 0.45, 0.08], at: [-1.2, 1.05, 0.7], color: PANEL },
  ];
  for (const x of [-1.0, 0, 1.0]) prims.push({ box: [0.12, 1.27, 1.37], at: [x, 0.82, 0], color: '#f97316' });
  prims.push(...pole(-1.3, 1.75, -0.45));
  return { prims, lamp: lampAbove(-1.3, 1.75, -0.45) };
}

function inspection(): ModelDef {
  return {
    prims: [
      { box: [1.6, 0.75, 0.7], at: [0, 0.375, 0], color: STEEL },
      { box: [0.14, 1.8, 0.14], at: [0, 0.9, 0.55], color: BODY },
      { box: [0.14, 1.8, 0.14], at: [0, 0.9, -0.55], color: BODY },
      { box: [0.5, 0.28, 1.26], at: [0, 1.86, 0], color: BODY },
      { box: [0.34, 0.3, 0.34], at: [0, 1.57, 0], color: PANEL },
      { cyl: [0.07, 0.07, 0.1, 12], at: [0, 1.37, 0], color: '#0ea5e9' },
      { box: [0.6, 0.05, 0.9], at: [0, 1.7, 0], color: '#f8fafc' },
      { box: [0.06, 0.42, 0.55], at: [0.75, 1.3, -0.55], color: '#0f172a' },
      { box: [0.04, 0.34, 0.47], at: [0.79, 1.3, -0.55], color: '#22d3ee' },
      ...pole(0.15, 2.0, -0.45, 0.2),
    ],
    lamp: lampAbove(0.15, 2.0, -0.45, 0.2),
  };
}

function packer(): ModelDef {
  return {
    prims: [
      { box: [2.4, 0.15, 1.6], at: [0, 0.075, 0], color: PLINTH },
      { box: [2.2, 1.45, 1.4], at: [0, 0.875, 0], color: BODY },
      { box: [0.8, 0.55, 0.04], at: [-0.5, 1.05, 0.71], color: GLASS },
      { box: [0.8, 0.55, 0.04], at: [0.45, 1.05, 0.71], color: GLASS },
      { box: [2.22, 0.12, 1.42], at: [0, 1.62, 0], color: '#059669' },
      { cyl: [0.26, 0.26, 0.9, 18], at: [-1.25, 0.5, -0.2], rot: [Math.PI / 2, 0, 0], color: '#d6c7a1' },
      { box: [0.32, 0.5, 0.1], at: [0.95, 1.1, 0.75], color: PANEL },
      ...pole(0.9, 1.68, -0.55),
    ],
    lamp: lampAbove(0.9, 1.68, -0.55),
  };
}

function palletFrame(load: string): ModelDef {
  const Y = '#f2b705';
  const prims: Prim[] = [];
  for (const x of [-1.0, 1.0]) for (const z of [-1.0, 1.0]) prims.push({ box: [0.12, 2.5, 0.12], at: [x, 1.25, z], color: Y });
  prims.push({ box: [2.12, 0.14, 0.14], at: [0, 2.5, -1.0], color: Y }, { box: [2.12, 0.14, 0.14], at: [0, 2.5, 1.0], color: Y });
  prims.push({ box: [0.14, 0.14, 2.12], at: [-1.0, 2.5, 0], color: Y }, { box: [0.14, 0.14, 2.12], at: [1.0, 2.5, 0], color: Y });
  prims.push({ box: [1.2, 0.3, 1.2], at: [0, 1.95, 0], color: '#374151' });
  prims.push({ box: [0.1, 0.5, 0.1], at: [0, 2.25, 0], color: STEEL });
  prims.push({ box: [1.2, 0.14, 1.0], at: [0, 0.07, 0], color: '#a16207' });
  prims.push({ box: [1.1, 0.75, 0.95], at: [0, 0.52, 0], color: load });
  prims.push(...pole(0.95, 2.57, -0.95, 0.15));
  return { prims, lamp: lampAbove(0.95, 2.57, -0.95, 0.15) };
}

function generic(): ModelDef {
  return {
    prims: [
      { box: [1.8, 0.15, 1.4], at: [0, 0.075, 0], color: PLINTH },
      { box: [1.6, 1.45, 1.2], at: [0, 0.875, 0], color: BODY },
      { box: [1.62, 0.12, 1.22], at: [0, 1.55, 0], color: '#64748b' },
      { box: [0.7, 0.5, 0.04], at: [-0.2, 1.0, 0.61], color: GLASS },
      { box: [0.3, 0.45, 0.1], at: [0.6, 1.05, 0.65], color: PANEL },
      ...pole(0.65, 1.61, -0.45),
    ],
    lamp: lampAbove(0.65, 1.61, -0.45),
  };
}

function source(): ModelDef {
  return {
    prims: [
      { box: [1.3, 0.02, 1.3], at: [0, 0.01, 0], color: '#16a34a' },
      { box: [1.2, 0.14, 1.0], at: [0, 0.08, 0], color: '#a16207' },
      { box: [1.1, 0.9, 0.95], at: [0, 0.6, 0], color: '#d6b370' },
      { box: [1.12, 0.05, 0.97], at: [0, 0.8, 0], color: '#c4a060' },
      { box: [1.2, 0.14, 1.0], at: [0, 1.13, 0], color: '#a16207' },
    ],
    lamp: null,
  };
}

function sink(): ModelDef {
  const W = '#475569';
  return {
    prims: [
      { box: [1.3, 0.02, 1.3], at: [0, 0.01, 0], color: '#2563eb' },
      { box: [1.2, 0.12, 1.2], at: [0, 0.06, 0], color: W },
      { box: [1.2, 0.9, 0.05], at: [0, 0.55, -0.58], color: W },
      { box: [1.2, 0.9, 0.05], at: [0, 0.55, 0.58], color: W },
      { box: [0.05, 0.9, 1.2], at: [0.58, 0.55, 0], color: W },
      { box: [1.0, 0.35, 1.0], at: [0.02, 0.3, 0], color: '#d6b370' },
    ],
    lamp: null,
  };
}

function buffer(): ModelDef {
  const prims: Prim[] = [];
  for (const x of [-0.62, 0.62]) for (const z of [-0.42, 0.42]) prims.push({ box: [0.06, 0.78, 0.06], at: [x, 0.39, z], color: '#6b7280' });
  prims.push({ box: [1.4, 0.06, 1.0], at: [0, 0.78, 0], color: '#9ca3af' });
  prims.push(
    { box: [1.4, 0.1, 0.04], at: [0, 0.86, 0.5], color: '#cbd5e1' },
    { box: [1.4, 0.1, 0.04], at: [0, 0.86, -0.5], color: '#cbd5e1' },
  );
  return { prims, lamp: null };
}

/** The definition of every model kind. */
export const MODEL_DEFS: Record<ModelKind, () => ModelDef> = {
  cnc,
  press,
  robot,
  filler,
  labeller,
  oven,
  inspection,
  packer,
  palletizer: () => palletFrame('#d6b370'),
  depalletizer: () => palletFrame('#5f8f6b'),
  generic,
  source,
  sink,
  buffer,
};
