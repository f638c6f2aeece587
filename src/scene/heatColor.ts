import type { Color } from 'three';

/**
 * The heat-map colour ramp (cool blue, through yellow, to hot red) for a value in 0..1: utilisation or
 * bottleneck share. Written into a caller's Color so per-frame code allocates nothing.
 */

const STOPS: ReadonlyArray<[number, number, number, number]> = [
  [0, 0.15, 0.39, 0.92], // #2563eb
  [0.5, 0.98, 0.8, 0.08], // #facc15
  [1, 0.86, 0.15, 0.15], // #dc2626
];

/** Sets `out` (sRGB components) to the ramp colour of `v`; returns `out`. */
export function heatColor(v: number, out: Color): Color {
  const x = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
  let i = 0;
  while (i < STOPS.length - 2 && x > STOPS[i + 1]![0]) i++;
  const a = STOPS[i]!,
    b = STOPS[i + 1]!;
  const u = (x - a[0]) / (b[0] - a[0]);
  return out.setRGB(a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u, a[3] + (b[3] - a[3]) * u, 'srgb');
}

/** CSS gradient of the same ramp, for the legend. */
export const HEAT_GRADIENT_CSS = 'linear-gradient(90deg, #2563eb, #facc15, #dc2626)';
