import type { TaskResult, TaskView, TrainingStatus } from '@protocol/training.ts';

/** Words and marks the training views share. */

/** Status as shown on a chip. */
export const STATUS_LABEL: Record<TrainingStatus, string> = {
  lobby: 'Waiting to start',
  running: 'Running',
  paused: 'Paused',
  finished: 'Finished',
};

/** A result as a mark: ✓ right, ✗ wrong, … not decided. */
export function markOf(r: TaskResult | undefined): string {
  return !r || r.correct === null ? '…' : r.correct ? '✓' : '✗';
}

/** An answer in words: the option for choices, the station id otherwise. */
export function answerText(task: TaskView | undefined, value: string | null): string {
  if (value === null) return '–';
  if (task?.input === 'choice') return task.options?.[Number(value)] ?? value;
  return value;
}

/** Seconds (wall) as `12 s` or `2.5 min`. */
export function formatTaken(ms: number | null): string {
  if (ms === null) return '–';
  const s = ms / 1000;
  return s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`;
}
