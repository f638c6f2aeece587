import { useEffect, useState } from 'react';
import type { ScenarioInfo } from '@protocol/training.ts';
import { useRuntime } from '../net/runtime.tsx';
import { formatDuration } from '../ui/format.ts';
import { useTrainingRuntime } from './context.tsx';

/** The trainer picks a scenario; starting it opens a new session (in the lobby) and joins the console to it. */
export function ScenarioList() {
  const { client: twin } = useRuntime();
  const { client } = useTrainingRuntime();
  const [scenarios, setScenarios] = useState<ScenarioInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    void client.scenarios().then((res) => {
      if (res.ok) setScenarios(res.scenarios);
      else setError(res.error);
    });
  }, [client]);

  const start = async (key: string): Promise<void> => {
    setBusy(key);
    const res = await client.start(key);
    if (!res.ok) {
      setBusy(null);
      setError(res.error);
      return;
    }
    await twin.joinSession(res.session.id);
    window.history.replaceState(null, '', `${window.location.pathname}?mode=trainer&session=${res.session.code}`);
    await client.watch();
    setBusy(null);
  };

  return (
    <section className="panel scenario-list" data-testid="scenario-list" aria-label="Scenarios">
      <h2>Training scenarios</h2>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {scenarios === null && !error ? <p className="muted">Loading…</p> : null}
      {scenarios?.length === 0 ? <p className="muted">No scenarios on this server (scenes/scenarios/*.yaml).</p> : null}
      {scenarios?.map((s) => (
        <article key={s.key} className="scenario-card" data-testid={`scenario-${s.key}`}>
          <h3>{s.name}</h3>
          <p>{s.description}</p>
          <p className="muted">
            {s.sceneName} · {s.tasks} tasks · {formatDuration(s.duration)} of line time · {s.speed}× suggested
          </p>
          <button
            type="button"
            className="primary"
            disabled={busy !== null}
            onClick={() => void start(s.key)}
            data-testid={`start-${s.key}`}
          >
            {busy === s.key ? 'Starting…' : 'Start with a class'}
          </button>
        </article>
      ))}
    </section>
  );
}
