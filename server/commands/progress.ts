import cliProgress from 'cli-progress';
import type { ExperimentProgress } from '../experiments/run.ts';

/** A progress bar with ETA for experiments on a terminal; a no-op elsewhere. */
export interface ProgressReporter {
  update(progress: ExperimentProgress): void;
  stop(): void;
}

/** A bar on `stream` (stderr, so stdout stays clean for tables and JSON) when it is a TTY and `enabled`. */
export function createProgressReporter(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!enabled || !stream.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {percentage}% | {value}/{total} jobs | {phase} | elapsed {duration_formatted} | ETA {eta_formatted}',
      etaBuffer: 20, // jobs: a steadier ETA than the default 10 when jobs differ in length
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let total = 0;
  return {
    update(p) {
      const phase = p.phase === 'grid' ? 'variants' : 'optimizing';
      if (!started) {
        // Start at the reused jobs so the ETA is computed from jobs actually run now.
        bar.start(p.total, p.done, { phase });
        started = true;
        total = p.total;
        return;
      }
      if (p.total !== total) bar.setTotal((total = p.total));
      bar.update(p.done, { phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
