import { useState } from 'react';
import type { TraineeControl } from '@protocol/training.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { formatDuration } from '../ui/format.ts';
import { useTrainingRuntime, useTraining } from './context.tsx';

/** What the notice says an action did (speed says its percent). */
const DONE: Partial<Record<TraineeControl['action'], string>> = { repair: 'restarted', stop: 'stopped', service: 'service started' };

const NONE: TraineeControl[] = []; // a stable empty list: selectors must not return a new array each call

/** The actions the scenario lets trainees take, on the station selected on the line. None by default. */
export function TraineeControls() {
  const controls = useTraining((s) => s.state?.controls ?? NONE);
  const finished = useTraining((s) => s.state?.status === 'finished');
  const selected = useTwin((s) => s.selected);
  const isMachine = useTwin((s) => (s.selected !== null ? (s.stations[s.stationIndex[s.selected] ?? -1]?.servers ?? 0) > 0 : false));
  if (controls.length === 0 || finished) return null;
  const allowed = selected && isMachine ? controls.filter((c) => c.stations.length === 0 || c.stations.includes(selected)) : [];
  return (
    <section className="panel trainee-controls" data-testid="trainee-controls" aria-label="Your controls">
      <h2>Your controls</h2>
      {!selected ? <p className="muted">Select a machine on the line to act on it.</p> : null}
      {selected && allowed.length === 0 ? <p className="muted">Nothing you may do on {selected} in this scenario.</p> : null}
      {allowed.map((c) => (
        <ControlButtons key={c.action} control={c} station={selected!} />
      ))}
    </section>
  );
}

function ControlButtons({ control, station }: { control: TraineeControl; station: string }) {
  const { client } = useTrainingRuntime();
  const { store } = useRuntime();
  const [busy, setBusy] = useState(false);
  const act = async (percent?: number): Promise<void> => {
    setBusy(true);
    const res = await client.act(control.action, station, percent);
    setBusy(false);
    const done = DONE[control.action] ?? `set to ${percent} % speed`;
    store.setState({ notice: res.ok ? { level: 'info', text: `${station} ${done}` } : { level: 'warn', text: res.error } });
  };
  if (control.action === 'speed') {
    return (
      <div className="control-row">
        <span>Speed of {station}</span>
        {control.percents?.map((p) => (
          <button key={p} type="button" disabled={busy} onClick={() => void act(p)}>
            {p} %
          </button>
        ))}
      </div>
    );
  }
  const label =
    control.action === 'repair'
      ? `Restart ${station}`
      : control.action === 'service'
        ? `Service ${station} now`
        : `Stop ${station} for ${formatDuration(control.duration ?? 0)}`;
  return (
    <button type="button" disabled={busy} onClick={() => void act()} data-testid={`act-${control.action}`}>
      {label}
    </button>
  );
}
