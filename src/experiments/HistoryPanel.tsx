import { useExperiments, useExperimentsRuntime } from './runtime.tsx';

/** The stored runs (the same history as `twin history`), newest first; any can be opened again. */
export function HistoryPanel() {
  const { client } = useExperimentsRuntime();
  const runs = useExperiments((s) => s.history);
  const openedId = useExperiments((s) => s.opened?.run.id ?? null);
  return (
    <section className="panel exp-history" data-testid="history" aria-label="Experiment history">
      <header>
        <h2>History</h2>
        <button type="button" className="link" onClick={() => void client.refreshHistory()}>
          Refresh
        </button>
      </header>
      {runs.length === 0 ? (
        <p className="muted small">No runs stored yet.</p>
      ) : (
        <table className="exp-history-table">
          <thead>
            <tr>
              <th>Run</th>
              <th className="left">Started (UTC)</th>
              <th className="left">Status</th>
              <th className="left">Name</th>
              <th className="left">Scene</th>
              <th>Jobs</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === openedId ? 'selected' : undefined} data-run={r.id}>
                <td>{r.id}</td>
                <td className="left">{r.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td className="left">
                  <span className={`status status-${r.status}`}>{r.status}</span>
                </td>
                <td className="left name" title={r.file}>
                  {r.name}
                </td>
                <td className="left">{r.scene}</td>
                <td>
                  {r.jobsStored}/{r.jobsPlanned}
                </td>
                <td>
                  <button
                    type="button"
                    className="small-button"
                    data-testid={`history-open-${r.id}`}
                    onClick={() => void client.open(r.id)}
                  >
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
