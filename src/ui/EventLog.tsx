import { useState } from 'react';
import type { LogEntry } from '@protocol/events.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { selectStation } from '../state/store.ts';
import { formatSimTime } from './format.ts';

/** Event log: failures, repairs, condition warnings, faults, interventions and control changes, newest first; click to focus. */

const KIND_LABEL: Record<LogEntry['kind'], string> = {
  failure: 'Failure',
  repair: 'Repair',
  fault: 'Fault',
  intervention: 'Operator',
  control: 'Control',
  alarm: 'Alarm',
  warning: 'Warning',
};

/** Rows rendered at most (the store keeps more). */
const SHOWN = 100;

export function EventLog() {
  const { store } = useRuntime();
  const log = useTwin((s) => s.log);
  const [open, setOpen] = useState(true);
  return (
    <section className={`panel event-log${open ? '' : ' collapsed'}`} data-testid="event-log" aria-label="Event log">
      <header>
        <h2>
          Events <span className="muted">{log.length}</span>
        </h2>
        <button type="button" className="link" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {open ? (
        <ol>
          {log.length === 0 ? <li className="muted empty">No events yet</li> : null}
          {log.slice(0, SHOWN).map((e) => (
            <li key={e.seq} data-kind={e.kind}>
              <button
                type="button"
                disabled={!e.station}
                onClick={() => {
                  if (e.station) selectStation(store, e.station, true);
                }}
                title={e.station ? `Show ${e.station}` : undefined}
              >
                <time>{formatSimTime(e.t)}</time>
                <span className={`kind kind-${e.kind}`}>{KIND_LABEL[e.kind] ?? e.kind}</span>
                <span className="text">{e.text}</span>
              </button>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
