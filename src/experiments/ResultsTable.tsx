import { useMemo, useState } from 'react';
import type { ExperimentResultWire } from '@protocol/experiments.ts';
import { comparisonTable } from './results.ts';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';

/** Props: the result, its stored run, a KPI to add as a column, and how to go to a live session (tests replace it). */
export interface ResultsTableProps {
  result: ExperimentResultWire;
  runId: number;
  extraKpi?: string;
  navigate?: (url: string) => void;
}

/**
 * The comparison: one row per variant (design point) with its rank, every KPI's mean ± 95% half-width and,
 * under it, the paired difference from the baseline (bold with * when significant: the interval excludes 0).
 * Each variant can be opened in the live 3D view (operators: it starts a session on the server).
 */
export function ResultsTable({ result, runId, extraKpi, navigate = (url) => window.location.assign(url) }: ResultsTableProps) {
  const { client } = useExperimentsRuntime();
  const role = useExperiments((s) => s.role);
  const [opening, setOpening] = useState<string | null>(null);
  const table = useMemo(() => comparisonTable(result, extraKpi), [result, extraKpi]);
  const live = async (name: string): Promise<void> => {
    setOpening(name);
    const res = await client.openLive(runId, name);
    setOpening(null);
    if (res.ok) navigate(`./?session=${encodeURIComponent(res.session.id)}`);
  };
  return (
    <div className="exp-table-wrap">
      <table className="exp-table" data-testid="results-table">
        <thead>
          <tr>
            <th scope="col" title="Rank by the ranking KPI (1 = best)">
              Rank
            </th>
            <th scope="col" className="left">
              Variant
            </th>
            {table.columns.map((c) => (
              <th scope="col" key={c.kpi} title={c.kpi}>
                {c.title}
              </th>
            ))}
            <th scope="col" className="left">
              Bottleneck
            </th>
            <th scope="col">
              <span className="sr-only">Live</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.name} className={row.baseline ? 'baseline' : undefined} data-variant={row.name}>
              <td className="rank" data-testid="rank">
                {row.rank}
                {row.rank !== 1 && row.tiesBest ? (
                  <span className="tie" title="not significantly different from the best (paired 95%)">
                    ≈1
                  </span>
                ) : null}
              </td>
              <th scope="row" className="left">
                {row.name}
                {row.baseline ? <span className="tag">baseline</span> : null}
              </th>
              {row.cells.map((c) => (
                <td key={c.kpi} data-kpi={c.kpi}>
                  <span className="mean">{c.mean}</span>
                  {c.diff === null ? (
                    <span className="diff muted">–</span>
                  ) : (
                    <span
                      className={`diff${c.significant ? ' significant' : ''}`}
                      title={c.significant ? 'significant: the paired 95% interval excludes 0' : 'not significant'}
                    >
                      Δ {c.diff}
                      {c.significant ? ' *' : ''}
                    </span>
                  )}
                </td>
              ))}
              <td className="left">{row.bottleneck || '–'}</td>
              <td>
                <button
                  type="button"
                  className="small-button"
                  data-testid="btn-live"
                  disabled={role !== 'operator' || opening !== null}
                  title={
                    role === 'operator'
                      ? `Open "${row.name}" in the live 3D view`
                      : 'Operator token required: it starts a session on the server'
                  }
                  onClick={() => void live(row.name)}
                >
                  {opening === row.name ? 'Opening…' : 'Live 3D'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small exp-table-note" data-testid="best">
        {table.best ? (
          <>
            Best by {result.rankBy.kpi}: <b>{table.best}</b>
            {table.ties.length === 0
              ? ', significantly better than every other variant (paired 95%).'
              : `; not significantly different (paired 95%) from: ${table.ties.join('; ')}.`}
          </>
        ) : null}{' '}
        Δ: paired difference from the baseline, 95% interval; * significant (the interval excludes 0).
      </p>
    </div>
  );
}
