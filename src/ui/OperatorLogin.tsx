import { useState, type FormEvent } from 'react';
import { useRuntime, useTwin } from '../net/runtime.tsx';

/**
 * Operator sign-in: the token is entered once per tab (kept in sessionStorage by the net module) and sent on
 * every reconnect. Viewers never see a control; this is the only way to get them.
 */
export function OperatorLogin() {
  const { client } = useRuntime();
  const role = useTwin((s) => s.role);
  return <TokenSignIn role={role} client={client} />;
}

/** What a sign-in needs from a mode's net module. */
export interface SignInClient {
  authenticate(token: string): Promise<{ ok: true } | { ok: false; error: string }>;
  logout(): void;
}

/** The sign-in control itself, for any mode: shows the role, asks for the token, signs out. */
export function TokenSignIn({ role, client }: { role: 'viewer' | 'operator'; client: SignInClient }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (role === 'operator') {
    return (
      <span className="operator">
        <span className="role-chip" data-testid="role">
          Operator
        </span>
        <button type="button" className="link" onClick={() => client.logout()}>
          Sign out
        </button>
      </span>
    );
  }

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    const res = await client.authenticate(token.trim());
    setBusy(false);
    if (res.ok) {
      setOpen(false);
      setToken('');
      setError(null);
    } else setError(res.error);
  };

  return (
    <span className="operator">
      <span className="role-chip viewer" data-testid="role">
        Viewer
      </span>
      {open ? (
        <form className="token-form" onSubmit={(e) => void submit(e)}>
          <input
            type="password"
            autoFocus
            autoComplete="off"
            placeholder="Operator token"
            aria-label="Operator token"
            data-testid="token-input"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <button type="submit" disabled={busy} data-testid="token-submit">
            Sign in
          </button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setOpen(false);
              setError(null);
            }}
          >
            Cancel
          </button>
          {error ? (
            <span className="form-error" role="alert">
              {error}
            </span>
          ) : null}
        </form>
      ) : (
        <button type="button" data-testid="btn-operator" onClick={() => setOpen(true)}>
          Operator sign-in
        </button>
      )}
    </span>
  );
}
