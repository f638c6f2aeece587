import { useEditorRuntime } from './runtime.tsx';
import { useScene } from './useScene.ts';
import { issueText, stationIndexOf } from './validate.ts';

/** Every problem the validator finds, as `twin validate` prints them; a click selects the station concerned. */
export function IssuesList() {
  const { store } = useEditorRuntime();
  const { checked, plan } = useScene();
  if (checked.issues.length === 0)
    return (
      <p className="valid-badge" data-testid="scene-valid">
        ✓ Valid scene
      </p>
    );
  return (
    <section className="issues" aria-label="Problems" data-testid="issues">
      <h2>{checked.issues.length === 1 ? '1 problem' : `${checked.issues.length} problems`}</h2>
      <ul>
        {checked.issues.map((issue, k) => {
          const i = stationIndexOf(issue);
          const station = i === null ? undefined : plan.stations.find((s) => s.index === i);
          return (
            <li key={k}>
              {station ? (
                <button type="button" className="link" onClick={() => store.getState().select([station.id])}>
                  {station.id}
                </button>
              ) : null}{' '}
              {issueText(issue)}
              {issue.line !== undefined ? <span className="muted"> (line {issue.line})</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
