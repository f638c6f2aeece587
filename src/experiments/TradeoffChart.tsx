import { useMemo, useState } from 'react';
import type { ExperimentResultWire } from '@protocol/experiments.ts';
import { formatNumber } from '../ui/format.ts';
import { ErrorBarChart, SERIES_COLORS, type ErrorBarSeries } from './ErrorBarChart.tsx';
import type { Knee } from './knee.ts';
import type { ChartFactor } from './results.ts';
import { DEFAULT_TRADEOFF, tradeoffChart, tradeoffChoices, tradeoffColumn, type TradeoffChartData } from './tradeoff.ts';

/**
 * Two KPIs against a numeric factor (a sweep, or a value the variants set) on one chart with two y axes (default: kWh per good part on the left,
 * throughput on the right), means with 95% whiskers, and the knee of the output KPI marked and explained. The
 * user picks both KPIs and, when the sweep has several lines (variants), the line.
 */
export function TradeoffChart({ result, factor }: { result: ExperimentResultWire; factor: ChartFactor | string }) {
  const choices = useMemo(() => tradeoffChoices(result), [result]);
  const [picked, setPicked] = useState<{ left: string; right: string; line?: string }>(DEFAULT_TRADEOFF);
  const left = choices.includes(picked.left) ? picked.left : (choices[0] ?? DEFAULT_TRADEOFF.left);
  const right = choices.includes(picked.right) ? picked.right : (choices[1] ?? DEFAULT_TRADEOFF.right);
  const chart = useMemo(() => tradeoffChart(result, factor, left, right, picked.line), [result, factor, left, right, picked.line]);
  const series = useMemo(
    (): ErrorBarSeries[] =>
      chart
        ? [
            { label: chart.left.title, color: SERIES_COLORS[0]!, mean: chart.left.mean, halfWidth: chart.left.halfWidth },
            { label: chart.right.title, color: SERIES_COLORS[1]!, mean: chart.right.mean, halfWidth: chart.right.halfWidth, axis: 'right' },
          ]
        : [],
    [chart],
  );
  const xTicks = useMemo(() => (chart ? { values: chart.x, labels: chart.written } : undefined), [chart]);
  const knee = chart?.knee ?? null;
  const marker = useMemo(
    () => (chart && knee?.kind === 'knee' ? { x: knee.x, label: `knee: ${writtenAt(chart, knee.x)}` } : undefined),
    [chart, knee],
  );
  if (!chart || choices.length < 2) return null;
  // the chosen KPIs in the units of their axes (Wh rather than kWh for small parts)
  const titleOf = (k: string): string =>
    k === chart.left.kpi ? chart.left.title : k === chart.right.kpi ? chart.right.title : tradeoffColumn(k).title;
  const select = (side: 'left' | 'right', testId: string) => (
    <select
      data-testid={testId}
      value={side === 'left' ? left : right}
      onChange={(e) => setPicked({ ...picked, left, right, [side]: e.target.value })}
    >
      {choices.map((k) => (
        <option key={k} value={k}>
          {titleOf(k)}
        </option>
      ))}
    </select>
  );
  return (
    <figure className="chart exp-chart exp-chart-wide" data-testid="chart-tradeoff" data-knee={knee?.kind === 'knee' ? knee.x : 'none'}>
      <figcaption>
        <span>
          Trade-off: {chart.left.title} and {chart.right.title} against {chart.factor}
        </span>
      </figcaption>
      <div className="exp-chart-controls">
        <label>left {select('left', 'tradeoff-left')}</label>
        <label>right {select('right', 'tradeoff-right')}</label>
        {chart.lines.length > 1 ? (
          <label>
            for
            <select data-testid="tradeoff-line" value={chart.line} onChange={(e) => setPicked({ left, right, line: e.target.value })}>
              {chart.lines.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <ErrorBarChart
        x={chart.x}
        series={series}
        xTitle={chart.factor}
        yTitle={chart.left.title}
        y2Title={chart.right.title}
        xTicks={xTicks}
        xLog={chart.log}
        marker={marker}
        testId="tradeoff-plot"
      />
      <p className="muted small exp-chart-note" data-testid="tradeoff-knee">
        {kneeText(chart)}
      </p>
    </figure>
  );
}

/** The swept value at x as the experiment writes it. */
function writtenAt(chart: TradeoffChartData, x: number): string {
  return chart.written[chart.x.indexOf(x)] ?? formatNumber(x, 2);
}

/** What the knee is, or why there is none, in a sentence. */
function kneeText(chart: TradeoffChartData): string {
  const knee: Knee | null = chart.knee;
  if (knee === null || chart.kneeKpi === null) return 'Pick an output KPI (throughput, good parts or OEE) to mark the knee.';
  const what = chart.kneeKpi === chart.right.kpi ? chart.right.title : chart.left.title;
  const how = knee.test === 'paired' ? 'paired 95% difference from the best' : "95% intervals that do not overlap the best's";
  const at = (x: number | null): string => (x === null ? '–' : writtenAt(chart, x));
  if (knee.kind === 'knee')
    return `Knee at ${chart.factor} = ${at(knee.x)}: from there on ${what} is not significantly below the best (${at(knee.best)}); below it, at ${knee.below.map(at).join(', ')}, it is (${how}).${knee.x === chart.x[chart.x.length - 1] ? ' That is the top of the sweep: it may still rise beyond it.' : ''}`;
  if (knee.reason === 'flat') return `No knee: ${what} is nowhere in the sweep significantly below the best (${at(knee.best)}; ${how}).`;
  if (knee.reason === 'below-at-end')
    return `No knee: ${what} is significantly below the best (${at(knee.best)}) at the top of the sweep, so no value holds it from there on (${how}).`;
  return `No knee: too few points with ${what}.`;
}
