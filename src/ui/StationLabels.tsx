import { memo } from 'react';
import { useLabelLayer } from '../scene/labelLayer.tsx';
import type { StationGeom } from '../scene/layout.ts';
import { useLayout } from '../scene/useLayout.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { selectStation } from '../state/store.ts';
import { StateBadge } from './StateBadge.tsx';
import { WarningBadge } from './WarningBadge.tsx';

/**
 * The station labels over the 3D view: id, and the state of a machine (icon + text) or the content of a
 * buffer or conveyor. Each label subscribes to its own station's slice of the store (published a few times
 * a second), so a state change re-renders one label; the LabelProjector in the canvas positions them. An open
 * condition warning adds an amber triangle.
 */

const StationLabel = memo(function StationLabel({ st }: { st: StationGeom }) {
  const { store } = useRuntime();
  const layer = useLabelLayer();
  const state = useTwin((s) => s.stationStates[st.index]);
  const level = useTwin((s) => s.levels[st.index]);
  const warned = useTwin((s) => s.stationWarnings[st.index] === 1);
  const selected = useTwin((s) => s.selected === st.id);
  const machine = st.info.servers > 0;
  const holds = st.info.type === 'buffer' || st.info.type === 'conveyor';
  return (
    <button
      type="button"
      ref={(el) => layer.register(st.index, el)}
      className={`station-label${selected ? ' selected' : ''}${machine ? '' : ' minor'}`}
      data-station={st.id}
      style={{ visibility: 'hidden' }}
      onClick={() => selectStation(store, st.id)}
    >
      <b>{st.id}</b>
      {machine && state !== undefined ? <StateBadge code={state} compact /> : null}
      {machine && warned ? <WarningBadge compact /> : null}
      {holds ? (
        <span className="level">
          {level ?? 0}
          {st.info.capacity !== null ? ` / ${st.info.capacity}` : ''}
        </span>
      ) : null}
    </button>
  );
});

/** All station labels, in an overlay the size of the canvas. */
export function StationLabels() {
  const layout = useLayout();
  return (
    <div className="label-layer" aria-label="Stations">
      {layout.stations.map((st) => (
        <StationLabel key={st.id} st={st} />
      ))}
    </div>
  );
}
