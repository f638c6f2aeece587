import { useMemo, useState } from 'react';
import type { ExperimentResultWire } from '@protocol/experiments.ts';
import { ErrorBarChart, SERIES_COLORS } from './ErrorBarChart.tsx';
import { MaintenanceChart } from './MaintenanceChart.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { chartFactors, columnOf, factorSeries, kpiChoices, logAxis, pointSeries } from './results.ts';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';
import { TradeoffChart } from './TradeoffChart.tsx';
import { downloadText } from '../ui/download.ts';

/** `3600` s → `1h`; the settings line speaks in the units people write. */
function duration(s: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
  ] as const)
    if (s >= size) return `${+(s / size).toPrecision(4)}${unit}`;
  return `${s}s`;
}

/** The opened run: its status, or its results (table, charts), the CSV download and a way to rerun or edit it. */
export function ResultsView() {
  const { client } = useExperimentsRuntime();
  const opened = useExperiments((s) => s.opened);
  const running = useExperiments((s) => s.progress !== null);
  const role = useExperiments((s) => s.role);
  const [busy, setBusy] = useState(false);
  if (!opened) {
    return (
      <section className="panel exp-results empty" data-testid="results-empty">
        <p>Launch an experiment, or open one from the history, to compare its variants here.</p>
      </section>
    );
  }
  const { run, result } = opened;
  const toForm = (): void => {
    client.loadText(opened.text, run.file);
  };
  const download = async (): Promise<void> => {
    setBusy(true);
    const res = await client.csv(run.id);
    setBusy(false);
    if (!res.ok) return;
    downloadText(res.filename, res.csv, 'text/csv');
  };
  const resume = async (): Promise<void> => {
    client.loadText(opened.text, run.file);
    await client.launch();
  };
  return (
    <section className="panel exp-results" data-testid="results" data-run={run.id} aria-label="Experiment results">
      <header className="exp-results-head">
        <div>
          <h2>
            Run {run.id} · {run.name}
          </h2>
          {result ? <Settings result={result} /> : null}
        </div>
        <div className="exp-actions">
          <button type="button" onClick={toForm} data-testid="btn-to-form" title="Put this experiment into the form to change or rerun it">
            Edit in form
          </button>
          {result ? (
            <button type="button" className="primary" disabled={busy} onClick={() => void download()} data-testid="btn-csv">
              Download CSV
            </button>
          ) : null}
        </div>
      </header>
      {result ? (
        <Comparison result={result} runId={run.id} text={opened.text} />
      ) : (
        <p data-testid="results-status" className="exp-status">
          This run is <b>{run.status}</b> ({run.jobsStored} of {run.jobsPlanned} jobs stored){run.error ? `: ${run.error}` : ''}.
          {run.status === 'interrupted' || run.status === 'failed' ? (
            <>
              {' '}
              Launching the same experiment again continues it with the stored jobs.{' '}
              <button type="button" disabled={role !== 'operator' || running} onClick={() => void resume()} data-testid="btn-resume">
                Resume
              </button>
            </>
          ) : null}
        </p>
      )}
    </section>
  );
}

function Settings({ result }: { result: ExperimentResultWire }) {
  const s = result.settings;
  return (
    <p className="muted exp-settings">
      {result.scene.name} · horizon {duration(s.horizon)}, warm-up {duration(s.warmup)} · seed {s.seed} · {s.replications} replications per
      variant, {s.streams === 'common' ? 'common random numbers' : 'independent streams'} · baseline <b>{result.baseline}</b> · ranked by{' '}
      {result.rankBy.kpi} ({result.rankBy.order === 'max' ? 'higher' : 'lower'} is better)
    </p>
  );
}

/**
 * The table and the charts of a finished run (the trade-off chart only against a numeric factor, the threshold chart
 * only for a maintenance threshold study).
 */
function Comparison({ result, runId, text }: { result: ExperimentResultWire; runId: number; text: string }) {
  const { store } = useExperimentsRuntime();
  const chartKpi = useExperiments((s) => s.chartKpi);
  const chosenFactor = useExperiments((s) => s.factor);
  const kpis = useMemo(() => kpiChoices(result), [result]);
  const kpi = kpis.includes(chartKpi) ? chartKpi : (kpis[0] ?? 'throughputPerHour');
  // swept factors, and values the variants set (read from the experiment's text)
  const factors = useMemo(() => chartFactors(result, text), [result, text]);
  const factor = factors.find((f) => f.path === chosenFactor) ?? factors[0];
  const col = columnOf(kpi);
  const means = useMemo(() => {
    const p = pointSeries(result, kpi);
    return {
      x: p.labels.map((_, i) => i),
      labels: p.labels,
      series: [{ label: col.title, color: SERIES_COLORS[0]!, mean: p.mean, halfWidth: p.halfWidth }],
    };
  }, [result, kpi, col.title]);
  const against = useMemo(() => {
    if (!factor) return null;
    const f = factorSeries(result, kpi, factor);
    return f
      ? {
          x: f.x,
          ticks: { values: f.x, labels: f.written },
          log: logAxis(f.x),
          series: f.lines.map((l, i) => ({ ...l, color: SERIES_COLORS[i % SERIES_COLORS.length]! })),
        }
      : null;
  }, [result, kpi, factor]);
  return (
    <>
      <ResultsTable result={result} runId={runId} extraKpi={kpi} />
      <div className="exp-charts">
        <div className="exp-chart-controls">
          <label>
            Chart KPI
            <select data-testid="chart-kpi" value={kpi} onChange={(e) => store.setState({ chartKpi: e.target.value })}>
              {kpis.map((k) => (
                <option key={k} value={k}>
                  {columnOf(k).title}
                </option>
              ))}
            </select>
          </label>
          {factors.length > 1 ? (
            <label>
              against
              <select data-testid="chart-factor" value={factor?.path} onChange={(e) => store.setState({ factor: e.target.value })}>
                {factors.map((f) => (
                  <option key={f.path} value={f.path}>
                    {f.path}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <figure className="chart exp-chart" data-testid="chart-means">
          <figcaption>
            <span>{col.title}: mean ± 95% half-width per variant</span>
          </figcaption>
          <ErrorBarChart x={means.x} labels={means.labels} series={means.series} yTitle={col.title} />
        </figure>
        {against ? (
          <figure className="chart exp-chart" data-testid="chart-against">
            <figcaption>
              <span>
                {col.title} against {factor?.path}
              </span>
            </figcaption>
            <ErrorBarChart
              x={against.x}
              series={against.series}
              xTitle={factor?.path}
              yTitle={col.title}
              xTicks={against.ticks}
              xLog={against.log}
            />
          </figure>
        ) : (
          <p className="muted small exp-chart-note">
            Sweep a numeric parameter (like B1.capacity), or set one value of it in each variant, to plot a KPI against it.
          </p>
        )}
        {factor ? <TradeoffChart result={result} factor={factor} /> : null}
        <MaintenanceChart result={result} text={text} />
      </div>
    </>
  );
}
