import { useRuntime, useTwin } from '../net/runtime.tsx';
import { formatSpeed } from './format.ts';

/** Speed factors offered (plus `max`): the protocol allows 0.1x to 10000x. */
export const SPEEDS: ReadonlyArray<number | 'max'> = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 100, 300, 1000, 3000, 10000, 'max'];

/** Sim seconds one press of Step advances. */
const STEP_S = 10;

/** Speed, pause/resume, step and reset: operators get controls, viewers see the current speed only. */
export function PlaybackControls() {
  const { client } = useRuntime();
  const role = useTwin((s) => s.role);
  const session = useTwin((s) => s.session);
  const connected = useTwin((s) => s.connection === 'connected');
  if (!session) return null;
  const speedText = session.paused ? `paused · ${formatSpeed(session.speed)}` : formatSpeed(session.speed);
  if (role !== 'operator')
    return (
      <span className="speed-readout" data-testid="speed-readout" title="Simulation speed">
        {speedText}
      </span>
    );
  const options = SPEEDS.includes(session.speed) ? SPEEDS : [...SPEEDS, session.speed];
  return (
    <div className="playback" data-testid="controls">
      <label className="speed">
        <span>Speed</span>
        <select
          aria-label="Simulation speed"
          data-testid="speed-select"
          value={String(session.speed)}
          disabled={!connected}
          onChange={(e) => void client.setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value))}
        >
          {options.map((s) => (
            <option key={String(s)} value={String(s)}>
              {formatSpeed(s)}
            </option>
          ))}
        </select>
      </label>
      {session.paused ? (
        <button type="button" data-testid="btn-resume" disabled={!connected} onClick={() => void client.resume()} title="Resume">
          ▶ Resume
        </button>
      ) : (
        <button type="button" data-testid="btn-pause" disabled={!connected} onClick={() => void client.pause()} title="Pause">
          ❚❚ Pause
        </button>
      )}
      <button
        type="button"
        data-testid="btn-step"
        disabled={!connected}
        onClick={() => void client.step(STEP_S)}
        title={`Pause and advance ${STEP_S} s of simulated time`}
      >
        Step {STEP_S} s
      </button>
      <button
        type="button"
        data-testid="btn-reset"
        disabled={!connected}
        onClick={() => {
          if (window.confirm('Restart the simulation from time 0 for everyone watching?')) void client.reset();
        }}
      >
        Reset
      </button>
    </div>
  );
}
