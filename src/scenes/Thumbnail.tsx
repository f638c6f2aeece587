import { memo, useMemo } from 'react';
import type { StationInfo } from '@protocol/events.ts';
import { computeLayout, type StationGeom } from '../scene/layout.ts';

/**
 * A top-down drawing of a line from its layout, with the same geometry the 3D view uses (footprints,
 * rotations, conveyors and transfer links). Plain SVG: no WebGL, sharp at any size, nothing to build.
 */

const FILL: Record<string, string> = {
  conveyor: '#64748b',
  buffer: '#0e7490',
  source: '#475569',
  sink: '#475569',
};
const MACHINE = '#3b82f6';

/** Floor x,z to SVG x,y is the identity (z points down the drawing, as in the 3D view seen from above). */
function rectOf(s: StationGeom) {
  const deg = (-s.rotation * 180) / Math.PI; // the layout turns local +x to (cos r, -sin r); SVG rotates clockwise
  return {
    x: s.x - s.halfLength,
    y: s.z - s.halfWidth,
    w: s.halfLength * 2,
    h: s.halfWidth * 2,
    transform: `rotate(${deg.toFixed(2)} ${s.x} ${s.z})`,
  };
}

/** The SVG thumbnail of a layout (memoised: layouts do not change while the picker is open). */
export const Thumbnail = memo(function Thumbnail({ stations, title }: { stations: StationInfo[]; title: string }) {
  const layout = useMemo(() => computeLayout(stations), [stations]);
  const { minX, maxX, minZ, maxZ } = layout.bounds;
  const pad = 1;
  const w = maxX - minX + 2 * pad,
    h = Math.max(maxZ - minZ + 2 * pad, w / 3);
  const cy = (minZ + maxZ) / 2;
  return (
    <svg
      className="thumb"
      viewBox={`${minX - pad} ${cy - h / 2} ${w} ${h}`}
      role="img"
      aria-label={`Layout of ${title}`}
      preserveAspectRatio="xMidYMid meet"
    >
      {layout.belts
        .filter((b) => b.station < 0)
        .map((b, i) => (
          <line key={i} x1={b.ax} y1={b.az} x2={b.bx} y2={b.bz} stroke="#94a3b8" strokeWidth={b.width} strokeLinecap="butt" opacity={0.7} />
        ))}
      {layout.stations.map((s) => {
        const r = rectOf(s);
        const machine = s.info.servers > 0;
        return (
          <rect
            key={s.id}
            x={r.x}
            y={r.y}
            width={r.w}
            height={r.h}
            transform={r.transform}
            rx={machine ? 0.15 : 0.05}
            fill={machine ? MACHINE : (FILL[s.info.type] ?? '#64748b')}
            stroke="#0f172a"
            strokeWidth={0.06}
          >
            <title>{s.id}</title>
          </rect>
        );
      })}
    </svg>
  );
});
