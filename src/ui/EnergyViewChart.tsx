import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { SEGMENT_STYLES, stackSegments, type EnergyBars } from './energyBars.ts';
import { createTextMeasure, formatAxisValues, GAP_PX, TICK_PX, EDGE_PX } from './valueAxis.ts';

/**
 * The energy view's stacked bars (uPlot), lying down so station names read in the side panel: one row per
 * machine, conveyor and the base load, kWh along the bottom. Series are the segments stacked (energyBars.ts);
 * each is drawn with uPlot's `bars` path builder between it and the series below (a band), which is how uPlot
 * stacks. The chart is built when the bars change (another line) and fed with setData on each poll.
 */

/** Height of one bar's row (CSS px), and of the kWh axis below them. */
const ROW_PX = 22;
const AXIS_PX = 30;
const FONT = '11px system-ui';

const AXIS: uPlot.Axis = {
  stroke: '#9fb0c3',
  grid: { stroke: 'rgba(148,163,184,0.14)', width: 1 },
  ticks: { stroke: 'rgba(148,163,184,0.25)', width: 1, size: TICK_PX },
  font: FONT,
  gap: GAP_PX,
};

/** Props: the bars to draw. */
export interface EnergyViewChartProps {
  data: EnergyBars;
}

/** uPlot's aligned data: bar positions 0..n-1, then the stacked series. */
const aligned = (d: EnergyBars): uPlot.AlignedData => [d.bars.map((_, i) => i), ...stackSegments(d.segments)];

export function EnergyViewChart({ data }: EnergyViewChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // the chart is rebuilt only for other bars (another line); new values go through setData below
  const names = data.bars.join('\n');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = names.split('\n');
    const height = bars.length * ROW_PX + AXIS_PX;
    const measure = createTextMeasure(FONT);
    const nameWidth = Math.ceil(bars.reduce((w, b) => Math.max(w, measure(b)), 0) + TICK_PX + GAP_PX + EDGE_PX);
    const barsPath = uPlot.paths.bars!({ size: [0.72, 18] });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: false }, // the view lists states with their kWh below the chart
      cursor: { show: false },
      scales: {
        // bars along a vertical x axis, the first at the top
        x: { time: false, ori: 1, dir: -1, range: [-0.5, bars.length - 0.5] },
        y: { ori: 0, range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
      },
      axes: [
        {
          ...AXIS,
          side: 3,
          grid: { show: false },
          splits: () => bars.map((_, i) => i),
          values: (_u, splits) => splits.map((i) => bars[i] ?? ''),
          size: nameWidth,
        },
        { ...AXIS, side: 2, size: AXIS_PX, values: (_u, ticks) => formatAxisValues(ticks) },
      ],
      series: [
        {},
        ...SEGMENT_STYLES.map((s): uPlot.Series => ({
          label: s.label,
          fill: s.color,
          stroke: s.color,
          width: 0,
          paths: barsPath,
          points: { show: false },
        })),
      ],
      // series k is drawn from series k-1 up to itself: the stack
      bands: SEGMENT_STYLES.slice(1).map((_, k): uPlot.Band => ({ series: [k + 2, k + 1] })),
    };
    const u = new uPlot(opts, [bars.map((_, i) => i), ...SEGMENT_STYLES.map(() => bars.map(() => 0))], el);
    plot.current = u;
    const ro =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [names]);

  useEffect(() => {
    plot.current?.setData(aligned(data));
  }, [data, names]); // after a rebuild too: it starts with zeros

  return <div ref={box} className="energy-chart" data-testid="energy-chart" />;
}
