import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../ui/format.ts';
import { valueAxis } from '../ui/valueAxis.ts';

/**
 * Means with 95% error bars (uPlot; the whiskers are drawn in a draw hook, uPlot has none of its own). Either
 * categorical (one point per design point, x labels are their names) or over a numeric factor (one line per
 * variant). The chart is rebuilt when its data change: results change rarely, unlike the live KPI charts.
 */

/** One series: means and half-widths at the x values (null: no point there). */
export interface ErrorBarSeries {
  label: string;
  color: string;
  mean: Array<number | null>;
  halfWidth: Array<number | null>;
  /** Drawn against the right y axis (`y2Title`); default the left. */
  axis?: 'left' | 'right' | undefined;
}

/** Props: x values, series, optional category labels (then x is 0..n-1), axis titles. */
export interface ErrorBarChartProps {
  x: number[];
  series: ErrorBarSeries[];
  /** Category names: x is then 0..n-1 and the axis shows these. */
  labels?: string[];
  xTitle?: string | undefined;
  yTitle: string;
  height?: number;
  testId?: string;
  /** A dashed vertical line at this x, labelled (the cost-optimal threshold). */
  marker?: { x: number; label: string } | undefined;
  /** Bounds no value can leave (shares: [0, 1]): the axis and the whiskers stop there. */
  yClamp?: [number, number] | undefined;
  /** Title of a second y axis on the right, for the series with `axis: 'right'` (the trade-off chart). */
  y2Title?: string | undefined;
  /** Ticks at these x values only, with these labels (the swept values as written: `2min`, `2h`). */
  xTicks?: { values: number[]; labels: string[] } | undefined;
  /** A logarithmic x axis (a sweep over decades). */
  xLog?: boolean | undefined;
}

/** Series colours: distinct on the dark panel, the first the app's accent. */
export const SERIES_COLORS = ['#22d3ee', '#f59e0b', '#a78bfa', '#22c55e', '#f472b6', '#60a5fa', '#facc15', '#fb7185'];

const AXIS: uPlot.Axis = {
  stroke: '#9fb0c3',
  grid: { stroke: 'rgba(148,163,184,0.14)', width: 1 },
  ticks: { stroke: 'rgba(148,163,184,0.25)', width: 1 },
};

const short = (s: string, n = 22): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** y range covering every whisker, with a margin. */
function yRange(series: readonly ErrorBarSeries[], clamp?: [number, number]): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const s of series) {
    s.mean.forEach((m, i) => {
      if (m === null || !Number.isFinite(m)) return;
      const h = s.halfWidth[i] ?? 0;
      const w = Number.isFinite(h) ? h : 0;
      lo = Math.min(lo, m - w);
      hi = Math.max(hi, m + w);
    });
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (clamp) {
    lo = Math.max(lo, clamp[0]);
    hi = Math.min(hi, clamp[1]);
  }
  const pad = (hi - lo) * 0.12 || Math.abs(hi) * 0.05 || 1;
  return clamp ? [Math.max(lo - pad, clamp[0] - 0.02), Math.min(hi + pad, clamp[1] + 0.02)] : [lo - pad, hi + pad];
}

/** The label of a tick at `v`: a log scale hands back 10^log10(300), not 300, so the match allows for rounding. */
function tickLabel(ticks: { values: number[]; labels: string[] }, v: number): string {
  const i = ticks.values.findIndex((t) => Math.abs(t - v) <= 1e-9 * Math.max(1, Math.abs(t)));
  return ticks.labels[i] ?? formatNumber(v, 2);
}

/** The scale a series is drawn on. */
const scaleOf = (s: ErrorBarSeries): 'y' | 'y2' => (s.axis === 'right' ? 'y2' : 'y');

export function ErrorBarChart({
  x,
  series,
  labels,
  xTitle,
  yTitle,
  height = 240,
  testId,
  marker,
  yClamp,
  y2Title,
  xTicks,
  xLog,
}: ErrorBarChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const categorical = labels !== undefined;
    // Few points: whole names, one part a line (`faster M2` / `B1.capacity=5`); many: shortened and slanted.
    const rotate = categorical && labels.length > 6;
    const lines = categorical && !rotate ? Math.max(1, ...labels.map((l) => l.split(', ').length)) : 1;
    const tick = (label: string): string =>
      rotate
        ? short(label)
        : label
            .split(', ')
            .map((part) => short(part, 26))
            .join('\n');
    const whiskers = (u: uPlot): void => {
      const ctx = u.ctx;
      const cap = 5 * devicePixelRatio;
      ctx.save();
      ctx.lineWidth = 1.5 * devicePixelRatio;
      series.forEach((s, si) => {
        if (!u.series[si + 1]?.show) return;
        ctx.strokeStyle = s.color;
        s.mean.forEach((m, i) => {
          const h = s.halfWidth[i];
          if (m === null || h === null || h === undefined || !Number.isFinite(m) || !Number.isFinite(h)) return;
          const scale = scaleOf(s);
          const px = u.valToPos(x[i]!, 'x', true),
            top = u.valToPos(yClamp ? Math.min(m + h, yClamp[1]) : m + h, scale, true),
            bottom = u.valToPos(yClamp ? Math.max(m - h, yClamp[0]) : m - h, scale, true);
          ctx.beginPath();
          ctx.moveTo(px, top);
          ctx.lineTo(px, bottom);
          ctx.moveTo(px - cap, top);
          ctx.lineTo(px + cap, top);
          ctx.moveTo(px - cap, bottom);
          ctx.lineTo(px + cap, bottom);
          ctx.stroke();
        });
      });
      ctx.restore();
    };
    const mark = (u: uPlot): void => {
      if (!marker) return;
      const ctx = u.ctx;
      const px = u.valToPos(marker.x, 'x', true);
      ctx.save();
      ctx.strokeStyle = '#e2e8f0';
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.beginPath();
      ctx.moveTo(px, u.bbox.top);
      ctx.lineTo(px, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.fillStyle = '#e2e8f0';
      ctx.font = `${11 * devicePixelRatio}px system-ui`;
      ctx.textAlign = px > u.bbox.left + u.bbox.width / 2 ? 'right' : 'left';
      ctx.fillText(marker.label, px + (ctx.textAlign === 'left' ? 4 : -4) * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
      ctx.restore();
    };
    const twoAxes = y2Title !== undefined;
    const left = twoAxes ? series.filter((s) => scaleOf(s) === 'y') : series;
    const right = series.filter((s) => scaleOf(s) === 'y2');
    // with two axes each is drawn in its series' colour, so which line belongs to which axis needs no legend
    const axisColor = (group: readonly ErrorBarSeries[]): Partial<uPlot.Axis> => (twoAxes && group[0] ? { stroke: group[0].color } : {});
    const xRange = (): uPlot.Range.MinMax => {
      const lo = Math.min(...x),
        hi = Math.max(...x);
      return xLog ? [lo / 1.25, hi * 1.25] : [lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.04];
    };
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height,
      legend: { show: !categorical && series.length > 1 && !twoAxes },
      cursor: { drag: { x: false, y: false }, points: { size: 10 } },
      scales: {
        x: {
          time: false,
          ...(categorical ? { range: [-0.5, labels.length - 0.5] as uPlot.Range.MinMax } : {}),
          ...(xTicks && x.length > 0 ? { range: xRange } : {}),
          ...(xLog ? { distr: 3, log: 10 } : {}),
        },
        y: { range: () => yRange(left, yClamp) },
        ...(twoAxes ? { y2: { range: () => yRange(right, yClamp) } } : {}),
      },
      axes: [
        {
          ...AXIS,
          font: '11px system-ui',
          ...(xTitle ? { label: xTitle } : {}),
          labelFont: '12px system-ui',
          labelSize: xTitle ? 18 : 0,
          ...(categorical
            ? {
                splits: () => x,
                values: (_u: uPlot, splits: number[]) => splits.map((v) => tick(labels[v] ?? '')),
                size: rotate ? 100 : 24 + 14 * lines,
                rotate: rotate ? -35 : 0,
                gap: 6,
              }
            : xTicks
              ? {
                  splits: () => xTicks.values,
                  // every swept value gets its label: a log axis would otherwise blank those off 1-2-5 steps
                  filter: (_u: uPlot, splits: number[]) => splits,
                  values: (_u: uPlot, splits: number[]) => splits.map((v) => tickLabel(xTicks, v)),
                }
              : { values: (_u: uPlot, splits: number[]) => splits.map((v) => formatNumber(v, 2)) }),
        },
        // as wide as its widest label: a fixed 60 px cut values of a million and more on the left
        { ...valueAxis(AXIS, '11px system-ui'), label: yTitle, labelFont: '12px system-ui', labelSize: 18, ...axisColor(left) },
        ...(twoAxes
          ? [
              {
                ...valueAxis(AXIS, '11px system-ui'),
                scale: 'y2',
                side: 1,
                grid: { show: false },
                label: y2Title,
                labelFont: '12px system-ui',
                labelSize: 18,
                ...axisColor(right),
              },
            ]
          : []),
      ],
      series: [
        { label: xTitle ?? '', value: (_u, v) => (v === null ? '–' : categorical ? (labels[v] ?? '') : formatNumber(v, 3)) },
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          scale: scaleOf(s),
          width: categorical ? 0 : 2,
          spanGaps: true,
          ...(categorical ? { paths: () => null } : {}),
          points: { show: true, size: categorical ? 10 : 7, fill: s.color, stroke: s.color },
          value: (_u, v) => (v === null ? '–' : formatNumber(v, Math.abs(v) < 10 ? 3 : 1)),
        })),
      ],
      hooks: { draw: [whiskers, mark] },
    };
    const u = new uPlot(opts, [x, ...series.map((s) => s.mean)] as uPlot.AlignedData, el);
    const ro =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => u.setSize({ width: Math.max(240, el.clientWidth), height }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      u.destroy();
    };
  }, [x, series, labels, xTitle, yTitle, height, marker, yClamp, y2Title, xTicks, xLog]);

  return <div ref={box} className="exp-chart-plot" data-testid={testId} />;
}
