import { useEffect, useMemo, useState } from 'react';
import type { EnergyBreakdown } from '@protocol/events.ts';
import { useRuntime } from '../net/runtime.tsx';
import { energyBars } from './energyBars.ts';
import { EnergyViewChart } from './EnergyViewChart.tsx';
import { formatNumber, formatPercent } from './format.ts';

/**
 * The energy view: where the line's kWh went over the measured period, by machine and state, belts and base load,
 * as stacked bars, with the line's total, kWh per good part and each kind of energy's share. Mounted only while
 * open; it asks the server (`energy:breakdown`) ENERGY_POLL_MS after each answer, so nothing is sent or rendered
 * for it while closed, and the per-second KPI frame carries nothing extra.
 */

/** Wall time between an answer and the next request (ms). */
export const ENERGY_POLL_MS = 2000;

/** A new reading only when the line moved on: a paused line's answers re-render nothing. */
const same = (a: EnergyBreakdown | null, b: EnergyBreakdown): boolean => a !== null && a.t === b.t && a.kWh === b.kWh;

export function EnergyView({ onClose }: { onClose?: () => void }) {
  const { client } = useRuntime();
  const [breakdown, setBreakdown] = useState<EnergyBreakdown | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let open = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async (): Promise<void> => {
      const res = await client.energyBreakdown();
      if (!open) return;
      if (res.ok) {
        setBreakdown((prev) => (same(prev, res.breakdown) ? prev : res.breakdown));
        setError(null);
      } else setError(res.error);
      timer = setTimeout(() => void poll(), ENERGY_POLL_MS);
    };
    void poll();
    return () => {
      open = false;
      if (timer !== null) clearTimeout(timer);
    };
  }, [client]);

  const bars = useMemo(() => (breakdown ? energyBars(breakdown) : null), [breakdown]);
  const shown = bars?.segments.filter((s) => s.total > 0) ?? [];

  return (
    <section className="energy-view" data-testid="energy-view" aria-label="Energy by station and state">
      <header>
        <h3>Energy by station and state</h3>
        {onClose ? (
          <button type="button" className="close" aria-label="Close energy view" onClick={onClose}>
            ✕
          </button>
        ) : null}
      </header>
      {breakdown && bars ? (
        <>
          <p className="energy-totals" data-testid="energy-totals">
            <b>{formatNumber(breakdown.kWh, 1)}</b> kWh ·{' '}
            <b data-testid="energy-per-part">{breakdown.good > 0 ? formatNumber(breakdown.kWhPerGoodPart, 3) : '–'}</b> kWh / good part
            {breakdown.baseLoadKWh > 0 ? <> · base load {formatPercent(breakdown.baseLoadKWh / breakdown.kWh, 1)}</> : null}
          </p>
          {bars.bars.length > 0 ? <EnergyViewChart data={bars} /> : <p className="muted">This line has no machines or belts.</p>}
          <ul className="legend energy-legend" data-testid="energy-legend">
            {shown.map((s) => (
              <li key={s.key} data-segment={s.key}>
                <i style={{ background: s.color }} />
                {s.label} {formatNumber(s.total, s.total < 10 ? 2 : 1)} kWh
                <span className="muted"> ({formatPercent(breakdown.kWh > 0 ? s.total / breakdown.kWh : 0, 0)})</span>
              </li>
            ))}
          </ul>
          <details>
            <summary>As a table</summary>
            <table className="energy-table" data-testid="energy-table">
              <thead>
                <tr>
                  <th scope="col">Station</th>
                  <th scope="col">kWh</th>
                  <th scope="col">Largest share</th>
                </tr>
              </thead>
              <tbody>
                {bars.bars.map((name, i) => {
                  const top = bars.segments.reduce((a, s) => (s.values[i]! > a.values[i]! ? s : a));
                  const total = bars.totals[i]!;
                  return (
                    <tr key={name} data-bar={name}>
                      <th scope="row">{name}</th>
                      <td>{formatNumber(total, 2)}</td>
                      <td>{total > 0 ? `${top.label} ${formatPercent(top.values[i]! / total, 0)}` : '–'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        </>
      ) : (
        <p className="muted">{error ?? 'Loading…'}</p>
      )}
      {breakdown && error ? <p className="form-error">{error}</p> : null}
    </section>
  );
}
