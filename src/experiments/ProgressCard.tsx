import { useSyncExternalStore } from 'react';
import { useExperiments, useExperimentsRuntime } from './runtime.tsx';

/** `1:05` or `1:02:03` from seconds. */
function formatClock(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

// A wall clock that ticks once a second, for React: the card re-renders each second while it shows.
let second = Date.now();
function subscribeToSeconds(onTick: () => void): () => void {
  const id = setInterval(() => {
    second = Date.now();
    onTick();
  }, 1000);
  return () => clearInterval(id);
}
const wallSecond = (): number => second;

/** The running experiment (jobs done of total, ETA, cancel), or how the last one ended. */
export function ProgressCard() {
  const { client } = useExperimentsRuntime();
  const progress = useExperiments((s) => s.progress);
  const lastEnd = useExperiments((s) => s.lastEnd);
  const role = useExperiments((s) => s.role);
  // Progress comes as jobs finish; between them (and while workers start) the elapsed time ticks on here.
  const receivedAt = useExperiments((s) => s.progressAt); // wall ms when this progress arrived
  const now = useSyncExternalStore(subscribeToSeconds, wallSecond);
  if (!progress) {
    if (!lastEnd) return null;
    const text =
      lastEnd.status === 'done'
        ? `finished: ${lastEnd.total} jobs`
        : lastEnd.status === 'interrupted'
          ? `stopped: ${lastEnd.kept} of ${lastEnd.total} jobs kept; launch it again to resume`
          : `failed: ${lastEnd.error ?? 'unknown error'}`;
    return (
      <section className={`panel exp-progress ended ended-${lastEnd.status}`} data-testid="progress" data-status={lastEnd.status}>
        <span>
          Run {lastEnd.runId ?? '–'} “{lastEnd.name}” {text}
        </span>
      </section>
    );
  }
  const share = progress.total > 0 ? progress.done / progress.total : 0;
  const since = Math.max(0, now - receivedAt) / 1000; // s
  return (
    <section className="panel exp-progress" data-testid="progress" data-status="running" aria-label="Experiment progress">
      <div className="exp-progress-head">
        <span>
          Running run {progress.runId} “{progress.name}” on {progress.scene}
          {progress.resumed ? ` (resumed: ${progress.reused} jobs already stored)` : ''}
        </span>
        {role === 'operator' ? (
          <button type="button" className="danger" data-testid="btn-cancel" onClick={() => void client.cancel()}>
            Cancel
          </button>
        ) : null}
      </div>
      <div className="exp-bar" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
        <i style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <div className="exp-progress-facts">
        <span data-testid="progress-jobs">
          <b>{progress.done}</b> / {progress.total} jobs
        </span>
        <span>
          {progress.phase === 'optimize' ? 'searching' : 'grid'} · {progress.workers} worker{progress.workers === 1 ? '' : 's'}
        </span>
        <span>elapsed {formatClock(progress.elapsed + since)}</span>
        <span data-testid="progress-eta">ETA {formatClock(progress.eta === null ? null : Math.max(0, progress.eta - since))}</span>
      </div>
    </section>
  );
}
