import { useState, type FormEvent } from 'react';
import { ModeNav } from '../ui/ModeNav.tsx';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';

/** Top bar of the Experiments view: product, the other modes, connection, role and operator sign-in. */
export function ExperimentsHeader() {
  const status = useExperiments((s) => s.connection);
  const workers = useExperiments((s) => s.workers);
  const text = status === 'connected' ? 'Connected' : status === 'connecting' ? 'Connecting…' : status === 'reconnecting' ? 'Reconnecting…' : 'Offline';
  return (
    <header className="topbar exp-topbar">
      <span className="brand"><span className="brand-mark" aria-hidden="true" /><span className="brand-name">LineTwin</span></span>
      <ModeNav current="experiments" />
      <span className="muted exp-subtitle">what-if variants, replicated with common random numbers{workers > 0 ? ` · ${workers} worker${workers === 1 ? '' : 's'} on the server` : ''}</span>
      <span className="spacer" />
      <span className={`conn conn-${status}`} data-testid="connection-status" data-status={status} role="status" aria-live="polite">
        <i aria-hidden="true" />{text}
      </span>
      <SignIn />
    </header>
  );
}

/** Operator sign-in (the same token and tab storage as the live view's). */
function SignIn() {
  const { client } = useExperimentsRuntime();
  const role = useExperiments((s) => s.role);
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (role === 'operator') {
    return (
      <span className="operator">
        <span className="role-chip" data-testid="role">Operator</span>
        <button type="button" className="link" onClick={() => client.logout()}>Sign out</button>
      </span>
    );
  }
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!token.trim()) return;
    const res = await client.authenticate(token.trim());
    if (res.ok) { setOpen(false); setToken(''); setError(null); } else setError(res.error);
  };
  return (
    <span className="operator">
      <span className="role-chip viewer" data-testid="role">Viewer</span>
      {open ? (
        <form className="token-form" onSubmit={(e) => void submit(e)}>
          <input type="password" autoFocus autoComplete="off" placeholder="Operator token" aria-label="Operator token"
            data-testid="token-input" value={token} onChange={(e) => setToken(e.target.value)} />
          <button type="submit" data-testid="token-submit">Sign in</button>
          <button type="button" className="link" onClick={() => { setOpen(false); setError(null); }}>Cancel</button>
          {error ? <span className="form-error" role="alert">{error}</span> : null}
        </form>
      ) : (
        <button type="button" data-testid="btn-operator" onClick={() => setOpen(true)}>Operator sign-in</button>
      )}
    </span>
  );
}
