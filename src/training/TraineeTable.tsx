import type { TrainingReport } from '@protocol/training.ts';
import { answerText, formatTaken, markOf } from './labels.ts';

/** Every trainee's answers and score, live: one row per trainee, one column per task opened. */
export function TraineeTable({ report }: { report: TrainingReport }) {
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
