import { useEffect } from 'react';
import type { Estimated } from './editorProtocol.ts';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { useScene } from './useScene.ts';

/**
 * The quick estimate: a moment after each edit that leaves the scene valid, the server runs a few short
 * replications (editor:estimate) and this shows throughput, OEE, the bottleneck and energy per good part with
 * their 95 % confidence intervals. An older answer for a text since edited is dropped.
 */

/** Wait after the last edit before asking (ms): typing a number is one edit per commit, dragging one per drop. */
export const ESTIMATE_DELAY_MS = 600;

const pm = (e: Estimated, digits: number, scale = 1): string => `${(e.mean * scale).toFixed(digits)} ± ${(e.halfWidth * scale).toFixed(digits)}`;

export function EstimatePanel() {
  const { store, client } = useEditorRuntime();
  const { text, checked } = useScene();
  const estimate = useEditor((s) => s.estimate);
  const connected = useEditor((s) => s.connection === 'connected');
  const valid = checked.scene !== null;

  useEffect(() => {
    if (!valid || !connected) return;
    const timer = setTimeout(() => {
      store.setState({ estimate: { status: 'waiting' } });
      void client.estimate(text).then((res) => {
        if (store.getState().text !== text) return; // edited since: a newer request is on its way
        if (res.ok) store.setState({ estimate: { status: 'done', estimate: res.estimate, text } });
        else if (res.error !== 'superseded') store.setState({ estimate: { status: 'error', error: res.error } });
      });
    }, ESTIMATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, valid, connected, store, client]);

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
              {estimate.estimate.bottleneck ? `${estimate.estimate.bottleneck.station} (${Math.round(estimate.estimate.bottleneck.share * 100)} % of runs)` : 'none'}
            </dd>
            <dt>Energy</dt>
            <dd data-testid="estimate-energy">{pm(estimate.estimate.kWhPerGoodPart, 3)} kWh/part</dd>
          </dl>
          <p className="muted small">
            {estimate.estimate.replications} replications of {(estimate.estimate.horizonSeconds / 3600).toFixed(1)} h, 95 % intervals,{' '}
            {estimate.estimate.seconds.toFixed(1)} s
          </p>
        </>
      ) : null}
    </section>
  );
}
