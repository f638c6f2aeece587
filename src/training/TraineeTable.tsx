import type { TrainingReport } from '@protocol/training.ts';
import { answerText, formatTaken, markOf } from './labels.ts';

/**
 * Every trainee's answers and score, live: one row per trainee, one column per task opened, and a button that
 * takes a trainee out of the class (`onRemove`, after a confirmation).
 */
export function TraineeTable({ report, onRemove }: { report: TrainingReport; onRemove: (trainee: string) => void }) {
  const tasks = report.state.tasks;
  if (report.trainees.length === 0)
    return (
      <p className="muted" data-testid="no-trainees">
        No trainees yet: they join with the code above.
      </p>
    );
  return (
    <div className="table-scroll">
      <table className="trainee-table" data-testid="trainee-table">
        <thead>
          <tr>
            <th scope="col">Trainee</th>
            <th scope="col">Score</th>
            {tasks.map((t, i) => (
              <th key={t.id} scope="col" title={t.prompt}>
                T{i + 1}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {report.trainees.map((t) => (
            <tr key={t.id} data-testid={`trainee-${t.name}`}>
              <th scope="row">
                <i className={t.connected ? 'dot on' : 'dot'} aria-label={t.connected ? 'connected' : 'not connected'} />
                {t.name}
              </th>
              <td className="score" data-testid={`score-${t.name}`}>
                {t.score} / {t.maxScore}
              </td>
              {tasks.map((task) => {
                const r = t.results.find((x) => x.task === task.id);
                const title = r
                  ? `${task.prompt}\nAnswer: ${answerText(task, r.answer)}\nRight answer: ${answerText(task, r.expected)}\nTime: ${formatTaken(r.wallMs)}`
                  : task.prompt;
                return (
                  <td
                    key={task.id}
                    className={`mark mark-${r?.correct === null || !r ? 'open' : r.correct ? 'right' : 'wrong'}`}
                    title={title}
                  >
                    {markOf(r)}
                  </td>
                );
              })}
              <td>
                <button
                  type="button"
                  className="remove"
                  title={`Remove ${t.name} from the class`}
                  aria-label={`Remove ${t.name}`}
                  data-testid={`remove-${t.name}`}
                  onClick={() => {
                    if (window.confirm(`Remove ${t.name} from the class? Their answers go with them.`)) onRemove(t.id);
                  }}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
