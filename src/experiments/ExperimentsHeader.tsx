import { ModeNav } from '../ui/ModeNav.tsx';
import { TokenSignIn } from '../ui/OperatorLogin.tsx';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';

/** Top bar of the Experiments view: product, the other modes, connection, role and operator sign-in. */
export function ExperimentsHeader() {
  const status = useExperiments((s) => s.connection);
  const workers = useExperiments((s) => s.workers);
  const onQueue = useExperiments((s) => s.queueWorkers !== null);
  const text =
    status === 'connected'
      ? 'Connected'
      : status === 'connecting'
        ? 'Connecting…'
        : status === 'reconnecting'
          ? 'Reconnecting…'
          : 'Offline';
  return (
    <header className="topbar exp-topbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">LineTwin</span>
      </span>
      <ModeNav current="experiments" />
      <span className="muted exp-subtitle">
        what-if variants, replicated with common random numbers
        {onQueue ? ' · run on the Redis queue' : workers > 0 ? ` · ${workers} worker${workers === 1 ? '' : 's'} on the server` : ''}
      </span>
      <span className="spacer" />
      <span className={`conn conn-${status}`} data-testid="connection-status" data-status={status} role="status" aria-live="polite">
        <i aria-hidden="true" />
        {text}
      </span>
      <SignIn />
    </header>
  );
}

/** Operator sign-in (the same token and tab storage as the live view's). */
function SignIn() {
  const { client } = useExperimentsRuntime();
  const role = useExperiments((s) => s.role);
  return <TokenSignIn role={role} client={client} />;
}
