import { useTwin } from '../net/runtime.tsx';

/** Connection status: live, connecting, reconnecting (with the attempt count) or offline. */
export function ConnectionBadge() {
  const status = useTwin((s) => s.connection);
  const attempt = useTwin((s) => s.reconnectAttempt);
  const text =
    status === 'connected'
      ? 'Live'
      : status === 'connecting'
        ? 'Connecting…'
        : status === 'reconnecting'
          ? `Reconnecting…${attempt > 0 ? ` (attempt ${attempt})` : ''}`
          : 'Offline';
  return (
    <span className={`conn conn-${status}`} data-testid="connection-status" data-status={status} role="status" aria-live="polite">
      <i aria-hidden="true" />
      {text}
    </span>
  );
}
