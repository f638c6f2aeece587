import { useEditor } from './runtime.tsx';

/** The changes made since the scene was opened, newest last; undo takes the last one off. */
export function ChangesList() {
  const changes = useEditor((s) => s.changes);
  return (
    <section className="changes" aria-label="Changes" data-testid="changes">
      <h2>Changes {changes.length ? <span className="muted">({changes.length})</span> : null}</h2>
      {changes.length === 0 ? <p className="muted small">None since opening.</p> : null}
      <ol>
        {changes.map((c, i) => (
          <li key={i}>{c}</li>
        ))}
      </ol>
    </section>
  );
}
