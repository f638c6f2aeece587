import { useState } from 'react';
import { applyEdit } from './applyEdit.ts';
import { arrange } from './autoArrange.ts';
import { redo, undo } from './editorStore.ts';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { deleteStations, duplicateStations, moveStations, rotateStations } from './sceneEdits.ts';
import { useScene } from './useScene.ts';
import { useStore } from 'zustand';

/** Buttons over the plan: undo, redo, duplicate, rotate, delete the selection, auto-arrange. */
export function PlanToolbar() {
  const { store } = useEditorRuntime();
  const selected = useEditor((s) => s.selected);
  const { plan } = useScene();
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  const [arranging, setArranging] = useState(false);
  const picked = plan.stations.filter((s) => selected.includes(s.id));
  const names = picked.map((s) => s.id).join(', ');
  const at = Object.fromEntries(picked.map((s) => [s.id, { x: s.x, z: s.z, rotation: s.rotation }]));

  const autoArrange = async (): Promise<void> => {
    setArranging(true);
    try {
      const points = await arrange(plan);
      applyEdit(store, 'Auto-arranged the line', (t) => moveStations(t, points));
    } finally {
      setArranging(false);
    }
  };

  return (
    <div className="plan-toolbar" role="toolbar" aria-label="Plan">
      <button type="button" onClick={() => undo(store)} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
        Undo
      </button>
      <button type="button" onClick={() => redo(store)} disabled={!canRedo} title="Redo (Shift+Ctrl+Z, Ctrl+Y)" data-testid="redo">
        Redo
      </button>
      <span className="sep" />
      <button
        type="button"
        disabled={picked.length === 0}
        onClick={() => {
          let ids: string[] = [];
          const ok = applyEdit(store, `Duplicated ${names}`, (t) => {
            const r = duplicateStations(t, at);
            ids = r.ids;
            return r.text;
          });
          if (ok) store.getState().select(ids);
        }}
      >
        Duplicate
      </button>
      <button
        type="button"
        disabled={picked.length === 0}
        onClick={() => applyEdit(store, `Rotated ${names} by 90°`, (t) => rotateStations(t, at, 90))}
      >
        Rotate 90°
      </button>
      <button
        type="button"
        disabled={picked.length === 0}
        onClick={() => {
          if (
            applyEdit(store, `Deleted ${names}`, (t) =>
              deleteStations(
                t,
                picked.map((s) => s.id),
              ),
            )
          )
            store.getState().select([]);
        }}
      >
        Delete
      </button>
      <span className="sep" />
      <button
        type="button"
        disabled={plan.stations.length === 0 || arranging}
        onClick={() => void autoArrange()}
        data-testid="auto-arrange"
      >
        Auto-arrange
      </button>
    </div>
  );
}
