import { useMemo } from 'react';
import { parse } from 'yaml';
import { applyEdit } from './applyEdit.ts';
import { Field, type FieldActions } from './FieldEditor.tsx';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { placementFields, sceneFields, stationFields } from './schemaFields.ts';
import { removeValue, renameStation, setValue, type ScenePath } from './sceneEdits.ts';
import { useScene } from './useScene.ts';
import { issueText, issuesAt } from './validate.ts';

/**
 * The parameter panel, generated from the scene schema: with one station selected, its keys (by its type) and
 * its placement; with none, the scene's own keys (name, run, energy, shifts...). Every field writes through an
 * edit, so it is undone like any other, and shows the validator's messages for its path.
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function getAt(data: unknown, path: ScenePath): unknown {
  let v = data;
  for (const key of path) v = isRecord(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

export function ParamPanel() {
  const { store } = useEditorRuntime();
  const { text, plan, checked } = useScene();
  const selected = useEditor((s) => s.selected);
  const data = useMemo<unknown>(() => {
    try {
      return parse(text, { uniqueKeys: false });
    } catch {
      return null;
    }
  }, [text]);

  const actions: FieldActions = useMemo(
    () => ({
      set: (path, value, change) => {
        // a station's id is renamed everywhere the file names it
        if (path.length === 3 && path[0] === 'stations' && path[2] === 'id' && typeof value === 'string') {
          const old = getAt(data, path);
          if (typeof old === 'string' && applyEdit(store, `Renamed ${old} to ${value}`, (t) => renameStation(t, old, value))) {
            store.getState().select([value]);
          }
          return;
        }
        applyEdit(store, change, (t) => setValue(t, path, value));
      },
      remove: (path, change) => applyEdit(store, change, (t) => removeValue(t, path)),
    }),
    [store, data],
  );

  const station = selected.length === 1 ? plan.stations.find((s) => s.id === selected[0]) : undefined;
  const issues = checked.issues;

  if (selected.length > 1) {
    return (
      <section className="param-panel" aria-label="Parameters">
        <h2>{selected.length} stations selected</h2>
        <p className="muted">Move, duplicate, rotate or delete them together; select one to edit its parameters.</p>
      </section>
    );
  }

  if (station) {
    const base: ScenePath = ['stations', station.index];
    const value = getAt(data, base);
    const atStation = issuesAt(issues, base).filter((i) => i.path === `stations[${station.index}]`);
    return (
      <section className="param-panel" aria-label="Parameters" data-testid="param-panel">
        <h2>
          {station.id} <span className="muted">{station.type}</span>
        </h2>
        {atStation.length ? (
          <ul className="field-errors" role="alert" data-testid="station-errors">
            {atStation.map((i, k) => (
              <li key={k}>{issueText(i)}</li>
            ))}
          </ul>
        ) : null}
        <div className="fields">
          {stationFields(station.type).map((f) => (
            <Field key={f.key} spec={f} path={[...base, f.key]} value={getAt(value, [f.key])} issues={issues} actions={actions} />
          ))}
        </div>
        {plan.edges.filter((e) => e.from === station.id).length > 1 ? (
          <>
            <h3>Routing</h3>
            <div className="fields">
              <Field
                spec={{ key: 'routing', kind: 'choice', optional: true, choices: ['roundRobin', 'first'] }}
                path={['routing', station.id]}
                value={getAt(data, ['routing', station.id])}
                issues={issues}
                actions={actions}
              />
            </div>
          </>
        ) : null}
        <h3>Placement</h3>
        <div className="fields">
          {placementFields().map((f) => (
            <Field
              key={f.key}
              spec={f}
              path={['layout', station.id, f.key]}
              value={getAt(data, ['layout', station.id, f.key]) ?? (f.key === 'x' ? station.x : f.key === 'z' ? station.z : undefined)}
              issues={issues}
              actions={actions}
            />
          ))}
        </div>
      </section>
    );
  }

  return (
    <section className="param-panel" aria-label="Parameters" data-testid="param-panel">
      <h2>Scene</h2>
      <p className="muted small">Select a station on the plan to edit it.</p>
      <div className="fields">
        {sceneFields().map((f) => (
          <Field key={f.key} spec={f} path={[f.key]} value={getAt(data, [f.key])} issues={issues} actions={actions} />
        ))}
      </div>
    </section>
  );
}
