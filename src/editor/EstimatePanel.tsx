import { useEffect } from 'react';
import type { EstimateWire } from '@protocol/experiments.ts';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { useScene } from './useScene.ts';

/**
 * The quick estimate: a moment after each edit that leaves the scene valid, the server runs a few short
 * replications (editor:estimate) and this shows throughput, OEE, the bottleneck and energy per good part with
 * their 95 % confidence intervals. An older answer for a text since edited is dropped.
 */

/** Wait after the last edit before asking (ms): typing a number is one edit per commit, dragging one per drop. */
export const ESTIMATE_DELAY_MS = 600;

/** mean ± half-width; a KPI undefined in the runs (no good part: kWh per part) arrives as null. */
const pm = (e: EstimateWire, digits: number, scale = 1): string => {
  const mean = e.mean as number | null,
    hw = e.halfWidth as number | null;
  if (mean === null || !Number.isFinite(mean)) return '–';
  return `${(mean * scale).toFixed(digits)} ± ${hw === null || !Number.isFinite(hw) ? '?' : (hw * scale).toFixed(digits)}`;
};

export function EstimatePanel() {
  const { store, client } = useEditorRuntime();
  const { text, checked } = useScene();
  const estimate = useEditor((s) => s.estimate);
  const file = useEditor((s) => s.file);
  const connected = useEditor((s) => s.connection === 'connected');
  const valid = checked.scene !== null;

  useEffect(() => {
    if (!valid || !connected) return;
    const timer = setTimeout(() => {
      store.setState({ estimate: { status: 'waiting' } });
      void client.estimate(text, file.replace(/\.ya?ml$/, '')).then((res) => {
        if (store.getState().text !== text) return; // edited since: a newer request is on its way
        if (res.ok) store.setState({ estimate: { status: 'done', estimate: res.estimate, text } });
        else if (res.error !== 'superseded') store.setState({ estimate: { status: 'error', error: res.error } });
      });
    }, ESTIMATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, file, valid, connected, store, client]);

  return (
    <section className="estimate" aria-label="Quick estimate" data-testid="estimate" data-status={estimate.status}>
      <h2>Quick estimate</h2>
      {!valid ? <p className="muted">Fix the errors to get an estimate.</p> : null}
      {valid && estimate.status === 'waiting' ? <p className="muted">Estimating…</p> : null}
      {estimate.status === 'error' ? <p className="form-error">{estimate.error}</p> : null}
      {estimate.status === 'done' ? (
        <>
          <dl className="estimate-grid" data-stale={estimate.text !== text ? 'true' : 'false'}>
            <dt>Throughput</dt>
            <dd data-testid="estimate-throughput">{pm(estimate.estimate.throughputPerHour, 1)} /h</dd>
            <dt>OEE</dt>
            <dd data-testid="estimate-oee">{pm(estimate.estimate.oee, 1, 100)} %</dd>
            <dt>Bottleneck</dt>
            <dd data-testid="estimate-bottleneck">
              {estimate.estimate.bottleneck
                ? `${estimate.estimate.bottleneck.station} (${Math.round(estimate.estimate.bottleneck.share * 100)} % of runs)`
                : 'none'}
            </dd>
            <dt>Energy</dt>
            <dd data-testid="estimate-energy">{pm(estimate.estimate.kWhPerGoodPart, 3)} kWh/part</dd>
          </dl>
          <p className="muted small">
            {estimate.estimate.replications} replications of{' '}
            {((estimate.estimate.horizonSeconds - estimate.estimate.warmupSeconds) / 3600).toFixed(1)} h after a warm-up, 95 % intervals,{' '}
            {estimate.estimate.seconds.toFixed(1)} s
          </p>
        </>
      ) : null}
    </section>
  );
}
