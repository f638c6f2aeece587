import type { TaskView, TrainingReport } from '@protocol/training.ts';

/**
 * The end-of-session summary per trainee, as CSV (one row per trainee and task, for a spreadsheet) or JSON
 * (the whole report). Pure functions.
 */

/** One row of the summary. */
export interface SummaryRow {
  trainee: string;
  task: string;
  prompt: string;
  kind: string;
  answer: string;
  expected: string;
  result: 'right' | 'wrong' | 'open';
  points: number;
  wallSeconds: number | null;
  simSeconds: number | null;
  score: number;
  maxScore: number;
}

/** An answer as people read it: the option's text for choices, the station id otherwise. */
function readable(task: TaskView | undefined, value: string | null): string {
  if (value === null) return '';
  if (task?.input === 'choice') return task.options?.[Number(value)] ?? value;
  if (task?.kind === 'actOnWarning') return value; // machines: the one serviced, the one that warned
  if (task?.input === 'line') return task.kind === 'reducePower' ? `${value} kW` : `${value} parts/h`;
  return value;
}

/** Rows for every trainee and every task opened. */
export function summaryRows(report: TrainingReport): SummaryRow[] {
  const tasks = new Map(report.state.tasks.map((t) => [t.id, t]));
  return report.trainees.flatMap((t) =>
    t.results.map((r): SummaryRow => {
      const task = tasks.get(r.task);
      return {
        trainee: t.name,
        task: r.task,
        prompt: task?.prompt ?? '',
        kind: task?.kind ?? '',
        answer: task?.input === 'line' ? (r.answer ?? '(class goal)') : readable(task, r.answer),
        expected: readable(task, r.expected),
        result: r.correct === null ? 'open' : r.correct ? 'right' : 'wrong',
        points: r.correct ? r.points : 0,
        wallSeconds: r.wallMs === null ? null : Math.round(r.wallMs / 100) / 10,
        simSeconds: r.simSeconds === null ? null : Math.round(r.simSeconds),
        score: t.score,
        maxScore: t.maxScore,
      };
    }),
  );
}

const COLUMNS: Array<[keyof SummaryRow, string]> = [
  ['trainee', 'trainee'],
  ['task', 'task'],
  ['prompt', 'question'],
  ['kind', 'kind'],
  ['answer', 'answer'],
  ['expected', 'right answer'],
  ['result', 'result'],
  ['points', 'points'],
  ['wallSeconds', 'time taken (s, wall)'],
  ['simSeconds', 'time taken (s, simulated)'],
  ['score', 'trainee score'],
  ['maxScore', 'of'],
];

/** A CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs a trainee's name as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The summary as CSV with a header row (RFC 4180 line ends). */
export function summaryCsv(report: TrainingReport): string {
  const lines = [COLUMNS.map(([, h]) => csvField(h)).join(',')];
  for (const row of summaryRows(report)) lines.push(COLUMNS.map(([k]) => csvField(row[k])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The summary as JSON: scenario, tasks, every trainee's results and the actions taken. */
export function summaryJson(report: TrainingReport, generatedAt: Date): string {
  return JSON.stringify(
    {
      generatedAt: generatedAt.toISOString(),
      scenario: report.state.scenario,
      session: { id: report.state.session, code: report.state.code, status: report.state.status },
      tasks: report.state.tasks,
      trainees: report.trainees,
      actions: report.actions,
    },
    null,
    2,
  );
}

/** A file name for the summary: `training-<scenario>-<code>.<ext>`. */
export function summaryFileName(report: TrainingReport, ext: 'csv' | 'json'): string {
  return `training-${report.state.scenario.key}-${report.state.code}.${ext}`;
}
