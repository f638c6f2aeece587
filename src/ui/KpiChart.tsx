import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatAxisTicks, formatNumber } from './format.ts';
import { valueAxis } from './valueAxis.ts';

/**
 * One live line chart over simulated time (uPlot: canvas-drawn, ~50 kB, made for streaming series).
 * The chart is created once and fed with setData when the series change (once a second, with KPIs).
 */

/** Props: x values (sim s), y values, series name, unit and colour. */
export interface KpiChartProps {
  t: number[];
  y: number[];
  label: string;
  unit: string;
  color: string;
  testId?: string;
}

/** Tick steps of the sim-time axis (s): whole seconds, minutes, hours, days. */
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800];

const AXIS: uPlot.Axis = {
  stroke: '#9fb0c3',
  grid: { stroke: 'rgba(148,163,184,0.14)', width: 1 },
  ticks: { stroke: 'rgba(148,163,184,0.25)', width: 1 },
};
const FONT = '11px system-ui';

export function KpiChart({ t, y, label, unit, color, testId }: KpiChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 120,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.15 : 1] } },
      axes: [
        { ...AXIS, values: (_u, ticks) => formatAxisTicks(ticks), incrs: TIME_INCRS, size: 28, font: FONT },
        valueAxis(AXIS, FONT), // as wide as its widest label: a fixed width cut 20,000 to `0,000`
      ],
      series: [{}, { label, stroke: color, width: 2, fill: `${color}22`, points: { show: false } }],
    };
    const u = new uPlot(opts, [[], []], el);
    plot.current = u;
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: 120 }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [label, color]);

  useEffect(() => {
    plot.current?.setData([t, y]);
  }, [t, y]);

  const last = y[y.length - 1];
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span>{label}</span>
        <b style={{ color }}>{last === undefined ? '–' : `${formatNumber(last, last < 10 ? 1 : 0)} ${unit}`}</b>
      </figcaption>
      <div ref={box} className="chart-plot" />
    </figure>
  );
}
