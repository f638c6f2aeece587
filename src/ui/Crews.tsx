import type { KpiFrame } from '@protocol/events.ts';
import { formatDuration, formatPercent } from './format.ts';

/** Maintenance crews: technicians busy and free now, jobs waiting, and utilisation and mean wait so far. */
export function Crews({ crews }: { crews: NonNullable<KpiFrame['crews']> }) {
  return (
    <div className="crews" data-testid="crews" aria-label="Maintenance crews">
      <span className="kpi-label">Maintenance crews</span>
      {crews.map((c) => (
        <div key={c.id} className="crew" data-testid={`crew-${c.id}`}>
          <b>{c.id}</b>
          <span>
            {c.busy} busy · {Math.max(0, c.size - c.busy)} free · {c.waiting} waiting
          </span>
          <span className="muted">
            {formatPercent(c.utilisation, 0)} used · wait {formatDuration(c.meanWait)}
          </span>
        </div>
      ))}
    </div>
  );
}
