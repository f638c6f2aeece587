import { useState } from 'react';
import type { Intervention, ProductInfo, ReleaseParams, SequenceWire, StationParams } from '@protocol/events.ts';
import { Row } from './InterventionRow.tsx';

/**
 * Quality and product-mix interventions (issue 13): an inspection's detection and false-reject rates, a machine's
 * defect rate (per product on a line with products), and a source's mix and release order. Rates are typed in
 * percent and sent as probabilities; the server validates them again.
 */

type Send = (iv: Intervention, done: string) => Promise<void>;

/** Percent with up to 3 decimals, as a form starts. */
const pct = (p: number | undefined): number | undefined => (p === undefined ? undefined : +(p * 100).toFixed(3));

/** Detect and false reject (inspections), defects (machines that make them). */
export function QualityRows({ id, params, products, send }: { id: string; params: StationParams; products: ProductInfo[]; send: Send }) {
  const { inspection, defects } = params;
  return (
    <>
      {inspection ? (
        <>
          <Row
            label="Detect"
            initial={pct(inspection.detect)}
            unit="%"
            testId="detect"
            button="Apply"
            max={100}
            onSubmit={(v) => send({ type: 'set', station: id, param: 'detect', value: Number(v) / 100 }, `Detection rate set to ${v} %`)}
          />
          <Row
            label="False reject"
            initial={pct(inspection.falseReject)}
            unit="%"
            testId="falseReject"
            button="Apply"
            max={100}
            onSubmit={(v) =>
              send({ type: 'set', station: id, param: 'falseReject', value: Number(v) / 100 }, `False-reject rate set to ${v} %`)
            }
          />
        </>
      ) : null}
      {defects && products.length > 1
        ? products.map((p, i) => (
            <Row
              key={p.id}
              label={`Defects ${p.id}`}
              initial={pct(defects[i])}
              unit="%"
              testId={`defects-${p.id}`}
              button="Apply"
              max={99.9}
              onSubmit={(v) => {
                // every product's rate, the changed one new: the others stay as they run now
                const value = Object.fromEntries(products.map((q, k) => [q.id, k === i ? Number(v) / 100 : (defects[k] ?? 0)]));
                return send({ type: 'set', station: id, param: 'defects', value }, `Defect rate of ${p.id} set to ${v} %`);
              }}
            />
          ))
        : null}
      {defects && products.length <= 1 ? (
        <Row
          label="Defects"
          initial={pct(defects[0])}
          unit="%"
          testId="defects"
          button="Apply"
          max={99.9}
          onSubmit={(v) => send({ type: 'set', station: id, param: 'defects', value: Number(v) / 100 }, `Defect rate set to ${v} %`)}
        />
      ) : null}
    </>
  );
}

/** A release order as the form writes it: `random`, a batch size, or a pattern of product ids separated by spaces or commas. */
function sequenceText(seq: SequenceWire): { kind: 'random' | 'batch' | 'pattern'; text: string } {
  if (seq === 'random') return { kind: 'random', text: '' };
  if (Array.isArray(seq)) return { kind: 'pattern', text: seq.join(' ') };
  return { kind: 'batch', text: String(seq.batch) };
}

/** A source's product mix (shares in percent, summing to 100) and release order. */
export function ReleaseRows({ id, release, products, send }: { id: string; release: ReleaseParams; products: ProductInfo[]; send: Send }) {
  const [shares, setShares] = useState(() => products.map((p) => String(pct(release.mix[p.id] ?? 0) ?? 0)));
  const start = sequenceText(release.sequence);
  const [kind, setKind] = useState(start.kind);
  const [text, setText] = useState(start.text);
  const numbers = shares.map(Number);
  const sum = numbers.reduce((a, b) => a + b, 0);
  const mixValid = numbers.every((n) => Number.isFinite(n) && n >= 0) && Math.abs(sum - 100) < 1e-6;
  const pattern = text.split(/[\s,]+/).filter((s) => s !== '');
  const ids = new Set(products.map((p) => p.id));
  const batch = Number(text);
  const seqValid =
    kind === 'random' ||
    (kind === 'batch' && Number.isInteger(batch) && batch >= 1) ||
    (kind === 'pattern' && pattern.length > 0 && pattern.every((p) => ids.has(p)));
  const sequence: SequenceWire = kind === 'random' ? 'random' : kind === 'batch' ? { batch } : pattern;
  return (
    <>
      <form
        className="row"
        data-testid="form-mix"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mixValid) return;
          const value = Object.fromEntries(products.map((p, i) => [p.id, numbers[i]! / 100]));
          void send(
            { type: 'set', station: id, param: 'mix', value },
            `Mix set to ${products.map((p, i) => `${p.id} ${shares[i]} %`).join(', ')}`,
          );
        }}
      >
        <span className="row-label">Mix</span>
        <span className="input-unit">
          {products.map((p, i) => (
            <input
              key={p.id}
              aria-label={`Share of ${p.id} (%)`}
              data-testid={`input-mix-${p.id}`}
              inputMode="decimal"
              size={4}
              value={shares[i]}
              onChange={(e) => setShares(shares.map((s, k) => (k === i ? e.target.value : s)))}
              aria-invalid={!mixValid}
            />
          ))}
          <span className="muted">% (sum {Number.isFinite(sum) ? +sum.toFixed(3) : '?'})</span>
        </span>
        <button type="submit" data-testid="btn-mix" disabled={!mixValid}>
          Apply
        </button>
      </form>
      <form
        className="row"
        data-testid="form-sequence"
        onSubmit={(e) => {
          e.preventDefault();
          if (seqValid)
            void send({ type: 'set', station: id, param: 'sequence', value: sequence }, `Sequence set to ${kind} ${text}`.trim());
        }}
      >
        <label className="row-label" htmlFor="iv-sequence">
          Sequence
        </label>
        <span className="input-unit">
          <select id="iv-sequence" data-testid="select-sequence" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="random">random</option>
            <option value="batch">batches of</option>
            <option value="pattern">pattern</option>
          </select>
          {kind === 'random' ? null : (
            <input
              aria-label={kind === 'batch' ? 'Batch size' : 'Pattern of product ids'}
              data-testid="input-sequence"
              value={text}
              placeholder={kind === 'batch' ? '50' : products.map((p) => p.id).join(' ')}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={!seqValid}
            />
          )}
        </span>
        <button type="submit" data-testid="btn-sequence" disabled={!seqValid}>
          Apply
        </button>
      </form>
    </>
  );
}
