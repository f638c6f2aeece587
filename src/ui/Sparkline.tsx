import { useEffect, useRef } from 'react';
import { useRuntime } from '../net/runtime.tsx';
import { readingHistory } from '../state/readings.ts';
import { WARNING_STYLE } from '../state/statePalette.ts';

/**
 * A unit's last condition readings as a small canvas line, with the warning level (amber, dashed) and the
 * maintenance threshold (red, dashed). It reads the frame buffer's ring on a timer, never through React renders
 * per frame: a redraw only when the readings changed (ReadingTable.version).
 */

/** How often the sparkline looks for new readings (ms). */
const REDRAW_MS = 250;
const WIDTH = 260,
  HEIGHT = 64;
const THRESHOLD_COLOR = '#ef4444';
const LINE_COLOR = '#22d3ee';

/** The y range that shows every value and every line, padded a little. */
export function sparklineRange(values: readonly number[], lines: ReadonlyArray<number | null>): [number, number] {
  const all = [...values, ...lines.filter((x): x is number => x !== null && Number.isFinite(x))];
  if (all.length === 0) return [0, 1];
  const lo = Math.min(...all),
    hi = Math.max(...all);
  const pad = (hi - lo || 1) * 0.08;
  return [lo - pad, hi + pad];
}

function draw(canvas: HTMLCanvasElement, v: number[], levels: readonly number[], warnAt: number | null, threshold: number | null): void {
  canvas.dataset.points = String(v.length);
  const ctx = canvas.getContext('2d');
  if (!ctx) return; // no canvas backend (tests): the data attributes still say what would be drawn
  const [lo, hi] = sparklineRange([...v, ...levels], [warnAt, threshold]);
  const y = (x: number): number => HEIGHT - ((x - lo) / (hi - lo)) * HEIGHT;
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  const hline = (value: number | null, color: string): void => {
    if (value === null) return;
    ctx.strokeStyle = color;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(0, y(value));
    ctx.lineTo(WIDTH, y(value));
    ctx.stroke();
  };
  ctx.lineWidth = 1;
  hline(warnAt, WARNING_STYLE.color);
  hline(threshold, THRESHOLD_COLOR);
  ctx.setLineDash([]);
  ctx.strokeStyle = LINE_COLOR;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  // readings come at a fixed interval: spacing them evenly keeps the line readable across pauses and speed changes
  v.forEach((value, i) => {
    const x = v.length > 1 ? (i / (v.length - 1)) * WIDTH : WIDTH;
    if (i === 0) ctx.moveTo(x, y(value));
    else ctx.lineTo(x, y(value));
  });
  ctx.stroke();
}

/** The sparkline of unit `unit` (flat frame-buffer index). */
export function Sparkline({
  unit,
  label,
  levels,
  warnAt,
  threshold,
}: {
  unit: number;
  label: string;
  levels: readonly number[];
  warnAt: number | null;
  threshold: number | null;
}) {
  const { frames } = useRuntime();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let seen = -1;
    const tick = (): void => {
      const canvas = ref.current;
      const table = frames.readings;
      if (!canvas || (seen === table.version && canvas.dataset.drawn === '1')) return;
      seen = table.version;
      canvas.dataset.drawn = '1';
      draw(canvas, unit < table.value.length ? readingHistory(table, unit).v : [], levels, warnAt, threshold);
    };
    tick();
    const id = setInterval(tick, REDRAW_MS);
    return () => clearInterval(id);
  }, [frames, unit, levels, warnAt, threshold]);
  return (
    <canvas
      ref={ref}
      className="sparkline"
      width={WIDTH}
      height={HEIGHT}
      data-testid="sparkline"
      data-warn-at={warnAt ?? ''}
      data-threshold={threshold ?? ''}
      role="img"
      aria-label={label}
    />
  );
}
