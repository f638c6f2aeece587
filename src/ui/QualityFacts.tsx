import type { ChangeoverWire, ProductInfo, ProductLive, QualityLive, StationDetails, StationParams } from '@protocol/events.ts';
import { formatDuration, formatNumber, formatPercent } from './format.ts';

/**
 * Quality and product mix in panels (issue 13): a station's defect, inspection and repair counts and settings,
 * its changeovers per product pair, and the line's first-pass yield, escapes and per-product output.
 */

/** Inspector facts of a station that makes defects, inspects, repairs or changes over; nothing for other stations. */
export function StationQualityFacts({ d, params }: { d: StationDetails; params: StationParams | undefined }) {
  const q = d.quality;
  const inspection = params?.inspection;
  const changeovers = Object.entries(d.changeovers ?? {});
  if (!q && !inspection && changeovers.length === 0) return null;
  return (
    <dl className="facts quality" data-testid="inspector-quality">
      {inspection ? (
        <>
          <dt>Detected</dt>
          <dd data-testid="q-detected">
            {formatNumber(q?.detected)} <span className="muted">of {formatNumber((q?.detected ?? 0) + (q?.missed ?? 0))} defective</span>
          </dd>
          <dt>Missed</dt>
          <dd data-testid="q-missed">{formatNumber(q?.missed)}</dd>
          <dt>False rejects</dt>
          <dd data-testid="q-false-rejects">{formatNumber(q?.falseRejects)}</dd>
          <dt>Set detect / false reject</dt>
          <dd data-testid="q-rates">
            {formatPercent(inspection.detect, 1)} / {formatPercent(inspection.falseReject, 2)}{' '}
            <span className="muted">rejects to {inspection.reject}</span>
          </dd>
        </>
      ) : null}
      {q && (q.defectsMade > 0 || params?.defects) ? (
        <>
          <dt>Defects made</dt>
          <dd data-testid="q-defects-made">
            {formatNumber(q.defectsMade)}
            {params?.defects ? <span className="muted"> · set {params.defects.map((p) => formatPercent(p, 2)).join(' / ')}</span> : null}
          </dd>
        </>
      ) : null}
      {q && (q.repaired > 0 || params?.repairs !== undefined) ? (
        <>
          <dt>Repaired</dt>
          <dd data-testid="q-repaired">{formatNumber(q.repaired)}</dd>
        </>
      ) : null}
      {changeovers.map(([pair, c]) => (
        <ChangeoverFact key={pair} pair={pair} c={c} />
      ))}
    </dl>
  );
}

/** One product pair's changeovers; `pair` is "A->B". */
function ChangeoverFact({ pair, c }: { pair: string; c: ChangeoverWire }) {
  return (
    <>
      <dt>Changeover {pair.replace('->', '→')}</dt>
      <dd data-testid={`q-changeover-${pair}`}>
        {formatNumber(c.count)} <span className="muted">· {formatDuration(c.time)} setup</span>
      </dd>
    </>
  );
}

/**
 * The line's first-pass yield with escapes below it (KPI panel tile). Before any part has ended in the measured
 * period (warm-up, a line outside its shifts) the engine's yield is 0 of 0 parts: shown as a dash, not 0 %.
 */
export function yieldTile(q: QualityLive, partsEnded: number): { value: string; sub: string } {
  return {
    value: partsEnded > 0 ? formatPercent(q.firstPassYield, 1) : '–',
    sub: `escapes ${formatNumber(q.escapes)} (${formatNumber(q.escapePpm, 0)} ppm)`,
  };
}

/** Good output and throughput per product, each with its colour swatch (KPI panel). */
export function ProductOutput({ products, colours }: { products: ProductLive[]; colours: ProductInfo[] }) {
  return (
    <ul className="product-output" data-testid="product-output">
      {products.map((p) => (
        <li key={p.id} data-testid={`product-${p.id}`}>
          <span className="swatch" style={{ background: colours.find((c) => c.id === p.id)?.color ?? 'transparent' }} aria-hidden />
          {p.id}: {formatNumber(p.good)} good · {formatNumber(p.throughputPerHour, 0)}/h
        </li>
      ))}
    </ul>
  );
}
