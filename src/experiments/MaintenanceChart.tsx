import { useMemo } from 'react';
import type { ExperimentResultWire } from '@protocol/experiments.ts';
import { formatNumber } from '../ui/format.ts';
import { ErrorBarChart, SERIES_COLORS } from './ErrorBarChart.tsx';
import { thresholdChart } from './maintenanceChart.ts';

/** Precision and recall are shares: their whiskers are cut at 0 and 1. */
const UNIT_RANGE: [number, number] = [0, 1];

/** What precision and recall show against each kind of swept value (docs/experiments.md). */
const MEANING = {
  'wear.warnAt':
    'The warning level moves the warnings: a lower level warns earlier (longer lead time), but more of its warnings come before the horizon and count as false alarms; a level only the last stage reaches may miss a short last stage.',
  'maintenance.threshold':
    'Warnings are scored on the run-to-failure twin at the wear.warnAt level, so precision and recall stay level across a condition threshold; the threshold moves services, failures and cost.',
} as const;

/**
 * The warning trade-off of a maintenance threshold study: precision and recall (means, 95% whiskers) per machine
 * against the swept `maintenance.threshold` or `wear.warnAt`, with the cost-optimal value marked. Nothing when
 * the run's points do not differ in such a value or no machine warned.
 */
export function MaintenanceChart({ result, text }: { result: ExperimentResultWire; text?: string | undefined }) {
  const chart = useMemo(() => thresholdChart(result, text), [result, text]);
  const series = useMemo(() => chart?.lines.map((l, i) => ({ ...l, color: SERIES_COLORS[i % SERIES_COLORS.length]! })) ?? [], [chart]);
  const optimum = chart?.optimum ?? null;
  const marker = useMemo(
    () => (optimum ? { x: optimum.x, label: optimum.by === 'maintenanceCost.total' ? 'lowest cost' : 'best throughput' } : undefined),
    [optimum],
  );
  if (!chart) return null;
  return (
    <figure className="chart exp-chart" data-testid="chart-threshold" data-kind={chart.kind}>
      <figcaption>
        <span>Warning precision and recall against {chart.path}</span>
      </figcaption>
      <ErrorBarChart x={chart.x} series={series} xTitle={chart.path} yTitle="precision / recall" marker={marker} yClamp={UNIT_RANGE} />
      <p className="muted small exp-chart-note" data-testid="threshold-optimum">
        {optimum
          ? optimum.by === 'maintenanceCost.total'
            ? `Cost-optimal ${chart.kind}: ${formatNumber(optimum.x, 2)} (${optimum.point}, maintenance cost ${formatNumber(optimum.mean, 0)} ± ${formatNumber(optimum.halfWidth, 0)}).`
            : `Not priced: best throughput at ${chart.kind} ${formatNumber(optimum.x, 2)} (${optimum.point}, ${formatNumber(optimum.mean, 2)} ± ${formatNumber(optimum.halfWidth, 2)} /h). Add maintenance.cost to mark the cost-optimal value.`
          : 'No design point has the KPI to mark an optimum.'}{' '}
        {MEANING[chart.kind]}
      </p>
    </figure>
  );
}
