import { WARNING_STYLE } from '../state/statePalette.ts';

/** An open condition warning as an amber triangle (+ text unless compact), next to the machine's state badge. */
export function WarningBadge({ compact = false }: { compact?: boolean }) {
  return (
    <span
      className={`state-badge warning-badge${compact ? ' compact' : ''}`}
      data-testid="warning-badge"
      title="Condition warning: the signal crossed its warning level"
      style={{ ['--state-color' as string]: WARNING_STYLE.color }}
    >
      <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
        <path d={WARNING_STYLE.icon} fill="currentColor" fillRule="evenodd" />
      </svg>
      <span>{WARNING_STYLE.label}</span>
    </span>
  );
}
