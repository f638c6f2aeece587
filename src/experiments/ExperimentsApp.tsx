import { useEffect } from 'react';
import { ExperimentForm } from './ExperimentForm.tsx';
import { ExperimentsHeader } from './ExperimentsHeader.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ProgressCard } from './ProgressCard.tsx';
import { ResultsView } from './ResultsView.tsx';
import { WorkersPanel } from './WorkersPanel.tsx';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';

/**
 * The Experiments view (`?mode=experiments`): the definition form on the left; the running experiment, the
 * opened run's comparison and the history on the right. No 3D here: a variant opens in the live view.
 */
export function ExperimentsApp() {
  return (
    <div className="exp-app">
      <ExperimentsHeader />
      <aside className="exp-side">
        <ExperimentForm />
      </aside>
      <main className="exp-main">
        <Notice />
        <ProgressCard />
        <WorkersPanel />
        <ResultsView />
        <HistoryPanel />
      </main>
    </div>
  );
}

/** A one-line message (refused token, a request that failed); hides itself after a while unless an error. */
function Notice() {
  const { store } = useExperimentsRuntime();
  const notice = useExperiments((s) => s.notice);
  useEffect(() => {
    if (!notice || notice.level === 'error') return;
    const id = setTimeout(() => {
      if (store.getState().notice === notice) store.setState({ notice: null });
    }, 8000);
    return () => clearTimeout(id);
  }, [notice, store]);
  if (!notice) return null;
  return (
    <div className={`exp-notice notice-${notice.level}`} role="alert" data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="close" aria-label="Dismiss" onClick={() => store.setState({ notice: null })}>
        ✕
      </button>
    </div>
  );
}
