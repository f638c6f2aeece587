import { useEffect } from 'react';
import type { StationDetails, StationInfo } from '@protocol/events.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { selectStation, requestCamera } from '../state/store.ts';
import { STATE_STYLES, stateStyle } from '../state/statePalette.ts';
import { formatDuration, formatNumber, formatPercent } from './format.ts';
import { Condition } from './Condition.tsx';
import { Interventions } from './Interventions.tsx';
import { StateBadge } from './StateBadge.tsx';
import { StationQualityFacts } from './QualityFacts.tsx';

/**
 * The station inspector: live state of every unit (icon + text), then the station's KPIs from
 * `station:inspect`, refreshed every DETAILS_MS while open; a wearing machine's condition (Condition.tsx);
 * operators also get the interventions.
 */

/** How often open details are refreshed (ms). */
const DETAILS_MS = 2000;

export function Inspector() {
  const { store, client } = useRuntime();
  const selected = useTwin((s) => s.selected);
  const index = useTwin((s) => (s.selected !== null ? s.stationIndex[s.selected] : undefined));
  const info = useTwin((s) => (index !== undefined ? s.stations[index] : undefined));
  const units = useTwin((s) => (index !== undefined ? s.unitStates[index] : undefined));
  const shown = useTwin((s) => (index !== undefined ? s.stationStates[index] : undefined));
  const level = useTwin((s) => (index !== undefined ? s.levels[index] : undefined));
  const details = useTwin((s) => s.details);
  const role = useTwin((s) => s.role);
  const hideBottleneck = useTwin((s) => s.hideBottleneck);

  useEffect(() => {
    if (!selected) return;
    void client.refreshDetails();
    const id = setInterval(() => void client.refreshDetails(), DETAILS_MS);
    return () => clearInterval(id);
  }, [selected, client]);

  if (!selected || !info) return null;
  const machine = info.servers > 0;
  const d = details?.id === selected ? details : null;
  // a live policy change reaches the details first; the layout keeps the scene's
  const care = d?.params?.care ?? info.params?.care;
  return (
    <section className="panel inspector" data-testid="inspector" aria-label={`Inspector ${selected}`}>
      <header className="inspector-head">
        <div>
          <h2 data-testid="inspector-title">{info.id}</h2>
          <span className="muted">{describe(info)}</span>
        </div>
        <div className="head-actions">
          <button type="button" className="link" onClick={() => requestCamera(store, { kind: 'station', id: info.id })}>
            Focus
          </button>
          <button type="button" className="close" aria-label="Close inspector" onClick={() => selectStation(store, null)}>
            ✕
          </button>
        </div>
      </header>

      {machine ? (
        <div className="units" data-testid="inspector-state" data-state={shown !== undefined ? stateStyle(shown).name : undefined}>
          {(units ?? []).map((code, u) => (
            <div key={u} className="unit-row">
              {info.servers > 1 ? <span className="muted">Unit {u + 1}</span> : <span className="muted">State</span>}
              <StateBadge code={code} />
            </div>
          ))}
        </div>
      ) : null}
      {info.type === 'buffer' || info.type === 'conveyor' ? (
        <div className="unit-row">
          <span className="muted">Content</span>
          <b data-testid="inspector-level">
            {level ?? 0}
            {info.capacity !== null ? ` / ${info.capacity}` : ''} parts
          </b>
        </div>
      ) : null}

      {care && index !== undefined ? <Condition info={info} index={index} care={care} d={d} /> : null}
      {d ? <DetailsView d={d} machine={machine} hideBottleneck={hideBottleneck} /> : <p className="muted">Loading details…</p>}
      {role === 'operator' && (machine || info.type === 'buffer' || info.release) ? <Interventions info={info} /> : null}
    </section>
  );
}

function describe(info: StationInfo): string {
  const model = info.model ? `${info.model} · ` : '';
  const units = info.servers > 1 ? ` · ${info.servers} units` : '';
  return `${model}${info.type}${units}`;
}

function DetailsView({ d, machine, hideBottleneck }: { d: StationDetails; machine: boolean; hideBottleneck: boolean }) {
  return (
    <>
      {machine ? <StateShareBar share={d.stateShare} /> : null}
      <StationQualityFacts d={d} params={d.params} />
      <dl className="facts">
        {machine ? (
          <>
            <dt>OEE</dt>
            <dd>
              {formatPercent(d.oee.oee)}{' '}
              <span className="muted">
                A {formatPercent(d.oee.availability, 0)} · P {formatPercent(d.oee.performance, 0)} · Q {formatPercent(d.oee.quality, 1)}
              </span>
            </dd>
            <dt>Processed</dt>
            <dd>
              {formatNumber(d.processed)}{' '}
              <span className="muted">
                good {formatNumber(d.good)} · scrap {formatNumber(d.scrap)}
              </span>
            </dd>
            <dt>Failures</dt>
            <dd>
              {formatNumber(d.failures)}
              {d.injectedFaults ? <span className="muted"> + {d.injectedFaults} injected</span> : null}
            </dd>
            <dt>MTBF / MTTR</dt>
            <dd>
              {d.failures + d.injectedFaults > 0 ? (
                <>
                  {formatDuration(d.mtbfObserved)} / {formatDuration(d.mttrObserved)} <span className="muted">observed</span>
                </>
              ) : (
                <span className="muted">no stops yet</span>
              )}
            </dd>
            <dt>Energy</dt>
            <dd>{formatNumber(d.energyKWh, 2)} kWh</dd>
            {hideBottleneck ? null : (
              <>
                <dt>Bottleneck share</dt>
                <dd>{formatPercent(d.bottleneckShare)}</dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>Mean content</dt>
            <dd>{formatNumber(d.levelMean, 2)} parts</dd>
          </>
        )}
      </dl>
      {d.params ? (
        <dl className="facts params">
          <dt>Cycle time</dt>
          <dd>
            {formatDuration(d.params.cycleTimeMean)} <span className="muted">mean · ideal {formatDuration(d.params.idealCycleTime)}</span>
          </dd>
          <dt>Set MTBF / MTTR</dt>
          <dd>
            {d.params.mtbf === null ? (
              <span className="muted">never fails</span>
            ) : (
              <>
                {formatDuration(d.params.mtbf)} / {formatDuration(d.params.mttr)}
              </>
            )}
          </dd>
          <dt>Scrap rate</dt>
          <dd>{formatPercent(d.params.scrap, 2)}</dd>
          <dt>Power</dt>
          <dd>
            {formatNumber(d.params.power.working, 1)} kW working · {formatNumber(d.params.power.starved, 1)} kW idle
          </dd>
        </dl>
      ) : null}
    </>
  );
}

/** Time in each state as one stacked bar plus a legend with icons and percentages. */
function StateShareBar({ share }: { share: StationDetails['stateShare'] }) {
  const parts = STATE_STYLES.map((s, code) => ({ s, code, v: share?.[s.name] ?? 0 })).filter((p) => p.v > 0.0005);
  return (
    <div className="share" data-testid="state-share">
      <div className="share-bar" role="img" aria-label={parts.map((p) => `${p.s.label} ${formatPercent(p.v, 0)}`).join(', ')}>
        {parts.map((p) => (
          <span key={p.s.name} style={{ width: `${p.v * 100}%`, background: p.s.color }} title={`${p.s.label} ${formatPercent(p.v)}`} />
        ))}
      </div>
      <ul className="share-legend">
        {parts.map((p) => (
          <li key={p.s.name}>
            <StateBadge code={p.code} compact /> {formatPercent(p.v, 1)}
          </li>
        ))}
      </ul>
    </div>
  );
}
