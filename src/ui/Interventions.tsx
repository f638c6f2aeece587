import { useState } from 'react';
import type { Ack, CareParams, Intervention, StationInfo } from '@protocol/events.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { Row } from './InterventionRow.tsx';
import { QualityRows, ReleaseRows } from './QualityInterventions.tsx';
import { StandbyRows } from './StandbyInterventions.tsx';

/**
 * Operator interventions on one station: inject a fault (for a duration or until repaired), repair, and
 * change cycle time, MTTR, scrap rate or buffer capacity; on a machine with wear or a maintenance policy also
 * service now, and switch the policy (none, time, condition, predictive), the time interval or the condition threshold live;
 * on an inspection its detection and false-reject rates, on a machine that makes defects its defect rate, on a
 * source of a line with products its mix and release order (QualityInterventions.tsx).
 * The server validates everything again; the form
 * only keeps obviously wrong numbers from being sent and shows the server's answer.
 */
export function Interventions({ info }: { info: StationInfo }) {
  const { client } = useRuntime();
  const products = useTwin((s) => s.products);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const machine = info.servers > 0;
  const p = info.params;

  const send = async (iv: Intervention, done: string): Promise<void> => {
    const res: Ack = await client.intervene(iv);
    setStatus(res.ok ? { ok: true, text: done } : { ok: false, text: res.error });
  };

  return (
    <section className="interventions" data-testid="interventions" aria-label="Interventions">
      <h3>Interventions</h3>
      {machine ? (
        <>
          <Row
            label="Fault"
            onSubmit={(v) =>
              send({ type: 'fault', station: info.id, ...(v ? { duration: Number(v) } : {}) }, `Fault injected on ${info.id}`)
            }
            placeholder="until repaired"
            unit="s"
            testId="fault"
            button="Inject fault"
            allowEmpty
            danger
          />
          <div className="row">
            <span className="row-label">Repair</span>
            <button
              type="button"
              data-testid="btn-repair"
              onClick={() => void send({ type: 'repair', station: info.id }, `${info.id} repaired`)}
            >
              Repair now
            </button>
          </div>
          <CycleTimeRow
            initial={p?.cycleTimeMean}
            initialDist={p?.cycleTime.dist === 'constant' ? 'constant' : 'exponential'}
            onSend={(mean, dist) =>
              send(
                {
                  type: 'set',
                  station: info.id,
                  param: 'cycleTime',
                  value: dist === 'constant' ? { dist: 'constant', value: mean } : { dist: 'exponential', mean },
                },
                `Cycle time set to ${mean} s (${dist})`,
              )
            }
          />
          {p?.mttr !== null && p?.mttr !== undefined ? (
            <Row
              label="MTTR"
              initial={p.mttr}
              unit="s"
              testId="mttr"
              button="Apply"
              onSubmit={(v) => send({ type: 'set', station: info.id, param: 'mttr', value: Number(v) }, `MTTR set to ${v} s`)}
            />
          ) : null}
          <Row
            label="Scrap"
            initial={p ? +(p.scrap * 100).toFixed(3) : undefined}
            unit="%"
            testId="scrap"
            button="Apply"
            max={99.9}
            onSubmit={(v) => send({ type: 'set', station: info.id, param: 'scrap', value: Number(v) / 100 }, `Scrap rate set to ${v} %`)}
          />
          {p?.care ? <MaintenanceRows id={info.id} care={p.care} send={send} /> : null}
          {p ? <StandbyRows id={info.id} standby={p.standby ?? null} send={send} /> : null}
          {p && (p.inspection || p.defects) ? <QualityRows id={info.id} params={p} products={products} send={send} /> : null}
        </>
      ) : info.release ? (
        <ReleaseRows id={info.id} release={info.release} products={products} send={send} />
      ) : (
        <Row
          label="Capacity"
          initial={info.capacity ?? undefined}
          unit="parts"
          testId="capacity"
          button="Apply"
          integer
          onSubmit={(v) => send({ type: 'set', station: info.id, param: 'capacity', value: Math.round(Number(v)) }, `Capacity set to ${v}`)}
        />
      )}
      {status ? (
        <p className={status.ok ? 'ok' : 'form-error'} role="status" data-testid="intervention-status">
          {status.text}
        </p>
      ) : null}
    </section>
  );
}

const POLICIES: readonly CareParams['policy'][] = ['none', 'time', 'condition', 'predictive'];

/** Service now, the policy, the time policy's interval and the condition threshold. */
function MaintenanceRows({ id, care, send }: { id: string; care: CareParams; send: (iv: Intervention, done: string) => Promise<void> }) {
  const [policy, setPolicy] = useState<CareParams['policy']>(care.policy);
  return (
    <>
      <div className="row">
        <span className="row-label">Service</span>
        <button
          type="button"
          data-testid="btn-service"
          onClick={() => void send({ type: 'service', station: id }, `Service of ${id} started`)}
        >
          Service now
        </button>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void send({ type: 'set', station: id, param: 'policy', value: policy }, `Policy set to ${policy}`);
        }}
      >
        <label className="row-label" htmlFor="iv-policy">
          Policy
        </label>
        <select
          id="iv-policy"
          data-testid="select-policy"
          value={policy}
          onChange={(e) => setPolicy(e.target.value as CareParams['policy'])}
        >
          {POLICIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="btn-policy">
          Apply
        </button>
      </form>
      <Row
        label="Every"
        initial={care.every === null ? undefined : care.every / 3600}
        unit="h"
        testId="every"
        button="Apply"
        onSubmit={(v) => send({ type: 'set', station: id, param: 'every', value: Number(v) * 3600 }, `Service interval set to ${v} h`)}
      />
      {care.signal ? (
        <Row
          label="Threshold"
          initial={care.threshold ?? undefined}
          unit={care.signal.unit}
          testId="threshold"
          button="Apply"
          onSubmit={(v) =>
            send({ type: 'set', station: id, param: 'threshold', value: Number(v) }, `Threshold set to ${v} ${care.signal!.unit}`)
          }
        />
      ) : null}
    </>
  );
}

/** The form starts with the machine's current kind of distribution (constant on rotary fillers, exponential otherwise). */
function CycleTimeRow({
  initial,
  initialDist,
  onSend,
}: {
  initial: number | undefined;
  initialDist: 'constant' | 'exponential';
  onSend: (mean: number, dist: 'constant' | 'exponential') => Promise<void>;
}) {
  const [value, setValue] = useState(initial !== undefined ? String(+initial.toFixed(4)) : '');
  const [dist, setDist] = useState<'constant' | 'exponential'>(initialDist);
  const n = Number(value);
  const valid = value.trim() !== '' && Number.isFinite(n) && n > 0;
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void onSend(n, dist);
      }}
    >
      <label className="row-label" htmlFor="iv-cycle">
        Cycle time
      </label>
      <span className="input-unit">
        <input
          id="iv-cycle"
          data-testid="input-cycle"
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={!valid}
        />
        <span className="muted">s</span>
        <select aria-label="Distribution" value={dist} onChange={(e) => setDist(e.target.value as 'constant' | 'exponential')}>
          <option value="exponential">exp.</option>
          <option value="constant">const.</option>
        </select>
      </span>
      <button type="submit" data-testid="btn-cycle" disabled={!valid}>
        Apply
      </button>
    </form>
  );
}
