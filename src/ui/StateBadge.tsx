import { stateStyle } from '../state/statePalette.ts';

/** A machine state shown as icon + text in its palette colour: readable without telling colours apart. */
export function StateBadge({ code, compact = false }: { code: number; compact?: boolean }) {
  const s = stateStyle(code);
  return (
    <span className={`state-badge${compact ? ' compact' : ''}`} data-state={s.name} style={{ ['--state-color' as string]: s.color }}>
      <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
        <path d={s.icon} fill="currentColor" fillRule="evenodd" />
      </svg>
      <span>{s.label}</span>
    </span>
  );
}
