import { useRuntime, useTwin } from '../net/runtime.tsx';
import { requestCamera, selectStation, type ViewMode } from '../state/store.ts';
import { STATE_STYLES } from '../state/statePalette.ts';
import { HEAT_GRADIENT_CSS } from '../scene/heatColor.ts';

/** Colouring mode, its legend, and the camera presets (overview, follow a part, go to a station). */

const MODES: ReadonlyArray<[ViewMode, string]> = [
  ['state', 'State'],
  ['utilisation', 'Utilisation'],
  ['bottleneck', 'Bottleneck'],
];

export function ViewControls() {
  const { store } = useRuntime();
  const mode = useTwin((s) => s.viewMode);
  const stations = useTwin((s) => s.stations);
  const hideBottleneck = useTwin((s) => s.hideBottleneck);
  const modes = hideBottleneck ? MODES.filter(([m]) => m !== 'bottleneck') : MODES;
  return (
    <div className="view-controls panel" data-testid="view-controls">
      <div className="segmented" role="radiogroup" aria-label="Colour machines by">
        {modes.map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={mode === m ? 'on' : undefined}
            data-testid={`mode-${m}`}
            onClick={() => store.setState({ viewMode: m })}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === 'state' ? (
        <ul className="legend" aria-label="Stack light colours">
          {STATE_STYLES.map((s) => (
            <li key={s.name}>
              <i style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      ) : (
        <div className="heat-legend">
          <span>0 %</span>
          <i style={{ background: HEAT_GRADIENT_CSS }} />
          <span>100 %</span>
          <span className="muted">{mode === 'utilisation' ? 'share of time working' : 'share of time as bottleneck'}</span>
        </div>
      )}
      <div className="camera-buttons">
        <button type="button" data-testid="cam-overview" onClick={() => requestCamera(store, { kind: 'overview' })}>
          Overview
        </button>
        <button type="button" data-testid="cam-follow" onClick={() => requestCamera(store, { kind: 'follow' })}>
          Follow a part
        </button>
        <select
          aria-label="Go to station"
          value=""
          onChange={(e) => {
            if (e.target.value) selectStation(store, e.target.value, true);
          }}
        >
          <option value="">Go to station…</option>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
