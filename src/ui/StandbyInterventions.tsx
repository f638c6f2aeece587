import { useState } from 'react';
import type { Intervention, StandbyParams } from '@protocol/events.ts';

/**
 * A machine's standby, live: the delay before standby, the wake-up and its power, applied to this machine or to
 * every machine of the line ("*"), or switched off (docs/energy.md). The server validates the values again.
 */
export function StandbyRows({
  id,
  standby,
  send,
}: {
  id: string;
  standby: StandbyParams | null;
  send: (iv: Intervention, done: string) => Promise<void>;
}) {
  const [after, setAfter] = useState(String(standby?.after ?? 120));
  const [wake, setWake] = useState(String(standby?.wake ?? 30));
  const [wakePower, setWakePower] = useState(String(standby?.wakePower ?? 0));
  const [all, setAll] = useState(false);
  const value = { after: Number(after), wake: Number(wake), wakePower: Number(wakePower) };
  const valid = value.after > 0 && value.wake >= 0 && value.wakePower >= 0 && [after, wake, wakePower].every((v) => v.trim() !== '');
  const station = all ? '*' : id;
  const whom = all ? 'every machine' : id;
  const field = (label: string, v: string, set: (s: string) => void, unit: string, testId: string) => (
    <label className="input-unit">
      <span className="muted">{label}</span>
      <input data-testid={`input-${testId}`} inputMode="decimal" value={v} onChange={(e) => set(e.target.value)} aria-invalid={!valid} />
      <span className="muted">{unit}</span>
    </label>
  );
  return (
    <form
      className="row standby"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void send({ type: 'set', station, param: 'standby', value }, `Standby of ${whom} after ${value.after} s`);
      }}
    >
      <span className="row-label">Standby</span>
      {field('after', after, setAfter, 's', 'standby-after')}
      {field('wake', wake, setWake, 's', 'standby-wake')}
      {field('at', wakePower, setWakePower, 'kW', 'standby-wake-power')}
      <label>
        <input type="checkbox" data-testid="standby-all" checked={all} onChange={(e) => setAll(e.target.checked)} /> all machines
      </label>
      <button type="submit" data-testid="btn-standby" disabled={!valid}>
        Apply
      </button>
      <button
        type="button"
        data-testid="btn-standby-off"
        onClick={() => void send({ type: 'set', station, param: 'standby', value: null }, `Standby of ${whom} off`)}
      >
        Off
      </button>
    </form>
  );
}
