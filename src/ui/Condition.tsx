import { useEffect, useState } from 'react';
import type { CareParams, StationDetails, StationInfo } from '@protocol/events.ts';
import { useRuntime } from '../net/runtime.tsx';
import { formatDuration, formatNumber, formatPercent } from './format.ts';
import { Sparkline } from './Sparkline.tsx';
import { WarningBadge } from './WarningBadge.tsx';

/**
 * The inspector's condition section for a machine with wear or a maintenance policy: per unit the latest reading,
 * its wear stage, an open warning and a sparkline of the last readings with the warning level and the threshold;
 * then the policy and the maintenance figures of `station:inspect`.
 */

/** How often the latest readings are looked at (ms): a panel, not an animation. */
const READ_MS = 500;

/** Latest reading, stage and warning per unit of station `index`, re-read every READ_MS when they changed. */
function useUnitReadings(index: number, units: number): Array<{ value: number; stage: number; warned: boolean }> {
  const { frames } = useRuntime();
  const read = () =>
    Array.from({ length: units }, (_, u) => {
      const g = (frames.unitOffset[index] ?? 0) + u;
      const t = frames.readings;
      return { value: t.value[g] ?? NaN, stage: t.stage[g] ?? 0, warned: t.warned[g] === 1 };
    });
  const [rows, setRows] = useState(read);
  useEffect(() => {
    let seen = frames.readings.version;
    const id = setInterval(() => {
      if (frames.readings.version === seen) return;
      seen = frames.readings.version;
      setRows(read());
    }, READ_MS);
    return () => clearInterval(id);
    // read() closes over index, units and frames only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frames, index, units]);
  return rows;
}

const POLICY_TEXT: Record<CareParams['policy'], string> = {
  none: 'run to failure',
  time: 'time-based (preventive)',
  condition: 'condition-based',
  predictive: 'predictive',
};

/** The condition section; `care` is the newest known (details after a live change, else the layout's). */
export function Condition({ info, index, care, d }: { info: StationInfo; index: number; care: CareParams; d: StationDetails | null }) {
  const { frames } = useRuntime();
  const rows = useUnitReadings(index, info.servers);
  const signal = care.signal;
  const m = d?.maintenance;
  return (
    <div className="condition" data-testid="condition">
      {signal
        ? rows.map((r, u) => (
            <div key={u} className="condition-unit" data-testid={`condition-unit-${u}`} data-warned={r.warned ? '1' : '0'}>
              <div className="unit-row">
                <span className="muted">
                  {info.servers > 1 ? `Unit ${u + 1} · ` : ''}
                  {signal.name}
                </span>
                <b data-testid="reading">
                  {Number.isFinite(r.value) ? `${formatNumber(r.value, 2)} ${signal.unit}` : '–'}
                  {r.stage > 0 ? (
                    <span className="muted">
                      {' '}
                      · stage {r.stage}/{care.stages}
                    </span>
                  ) : null}
                </b>
                {r.warned ? <WarningBadge compact /> : null}
              </div>
              <Sparkline
                unit={(frames.unitOffset[index] ?? 0) + u}
                label={`${signal.name} of ${info.id}${info.servers > 1 ? ` unit ${u + 1}` : ''}, last readings`}
                levels={signal.levels}
                warnAt={care.warnAt}
                threshold={care.policy === 'condition' ? care.threshold : null}
              />
            </div>
          ))
        : null}
      <dl className="facts">
        <dt>Maintenance</dt>
        <dd data-testid="policy">
          {POLICY_TEXT[care.policy]}
          {care.policy === 'condition' && care.threshold !== null ? (
            <span className="muted">
              {' '}
              · service above {formatNumber(care.threshold, 2)} {signal?.unit ?? ''}
            </span>
          ) : null}
        </dd>
        {care.warnAt !== null ? (
          <>
            <dt>Warning level</dt>
            <dd>
              {formatNumber(care.warnAt, 2)} {signal?.unit ?? ''}
            </dd>
          </>
        ) : null}
        {m ? (
          <>
            <dt>Failures</dt>
            <dd>
              {formatNumber(m.wearOutFailures)} wear-out · {formatNumber(m.randomFailures)} random
            </dd>
            <dt>Services</dt>
            <dd>
              {formatNumber(m.services)}
              {m.failuresAvoided > 0 ? <span className="muted"> · {formatNumber(m.failuresAvoided)} failures avoided</span> : null}
            </dd>
            <dt>Warnings</dt>
            <dd data-testid="warning-scores">
              {formatNumber(m.warnings)}{' '}
              <span className="muted">
                precision {formatPercent(m.precision, 0)} · recall {formatPercent(m.recall, 0)}
                {m.warningsRight > 0 ? ` · lead ${formatDuration(m.meanLeadTime)}` : ''}
                {m.scoredOn === 'run-to-failure twin' ? ' (scored on the run-to-failure twin)' : ''}
              </span>
            </dd>
            {m.waitingForCrew > 0 ? (
              <>
                <dt>Waiting for crew</dt>
                <dd>{formatDuration(m.waitingForCrew)}</dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
    </div>
  );
}
