import { useExperiments } from './runtime.tsx';

/**
 * The `twin worker` processes connected to the server's Redis queue (a server started with `--redis`): experiments
 * launched here run on them. Hidden on a server without `--redis`, whose experiments run on its own threads.
 */
export function WorkersPanel() {
  const workers = useExperiments((s) => s.queueWorkers);
  if (workers === null) return null;
  const slots = workers.reduce((n, w) => n + w.concurrency, 0);
  return (
    <section className="panel exp-workers" data-testid="queue-workers" aria-label="Queue workers">
      <header>
        <h2>Workers</h2>
        <span className="muted small">
          {workers.length === 0
            ? 'none connected: start one with twin worker --redis URL'
            : `${workers.length} connected · ${slots} job${slots === 1 ? '' : 's'} at a time`}
        </span>
      </header>
      {workers.length > 0 && (
        <table className="exp-history-table">
          <thead>
            <tr>
              <th className="left">Worker</th>
              <th className="left">Host</th>
              <th>Concurrency</th>
              <th>Running</th>
              <th>Jobs done</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.id} data-worker={w.id}>
                <td className="left name" title={`pid ${w.pid}, LineTwin ${w.version}, since ${w.startedAt}`}>
                  {w.id}
                </td>
                <td className="left">{w.host}</td>
                <td>{w.concurrency}</td>
                <td>{w.active}</td>
                <td>{w.jobsDone}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
