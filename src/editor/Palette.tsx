import type { DragEvent } from 'react';
import { PALETTE } from './palette.ts';
import { PALETTE_MIME } from './Plan.tsx';

/** The palette: every station type (machines with each model the 3D view draws), dragged onto the plan to add one. */
export function Palette() {
  const onDragStart = (e: DragEvent, key: string): void => {
    e.dataTransfer.setData(PALETTE_MIME, key);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="editor-palette" aria-label="Station palette">
      <h2>Stations</h2>
      <p className="muted small">Drag onto the floor</p>
      <ul>
        {PALETTE.map((p) => (
          <li
            key={p.key}
            draggable
            onDragStart={(e) => onDragStart(e, p.key)}
            className={`palette-item type-${p.type}`}
            data-testid={`palette-${p.key}`}
            title={p.hint}
          >
            <b>{p.label}</b>
            <span className="muted">
              {p.type}
              {p.model ? ` · model: ${p.model}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
