import { useState } from 'react';
import type { TaskResult, TaskView } from '@protocol/training.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { selectStation } from '../state/store.ts';
import { formatDuration } from '../ui/format.ts';
import { useTrainingRuntime } from './context.tsx';
import { answerText, formatTaken } from './labels.ts';

/**
 * One task for a trainee: pick a station (click it on the line, or choose it here), choose an option, or,
 * for a line goal, act on the line while the server measures. Once answered (or closed) it shows the
 * trainee's answer, whether it was right and the right answer.
 */
export function TaskCard({ task, result }: { task: TaskView; result: TaskResult | undefined }) {
  const { client } = useTrainingRuntime();
  const { store } = useRuntime();
  const selected = useTwin((s) => s.selected);
  const simTime = useTwin((s) => s.simTime);
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const answered = result && result.answer !== null;
  const decided = result && result.correct !== null;
  const open = task.status === 'open' && !answered && task.input !== 'line';
  const station = selected !== null && task.stations?.includes(selected) ? selected : null;
  const pick = task.input === 'station' ? station : choice;

  const submit = async (): Promise<void> => {
    if (pick === null) return;
    setBusy(true);
    const res = await client.answer(task.id, pick);
    setBusy(false);
    setError(res.ok ? null : res.error);
  };

  const left = task.closesAt !== null && task.status === 'open' ? Math.max(0, task.closesAt - simTime) : null;
  return (
    <article
      className={`task-card task-${task.status}${decided ? (result.correct ? ' task-right' : ' task-wrong') : ''}`}
      data-testid={`task-${task.id}`}
    >
      <header>
        <span className="task-kind">
          {task.input === 'line' ? 'Class goal' : task.input === 'choice' ? 'Question' : 'Find it on the line'}
        </span>
        <span className="muted">
          {task.points} pt{task.points === 1 ? '' : 's'}
          {left !== null ? ` · ${formatDuration(left)} left` : ''}
        </span>
      </header>
      <p className="task-prompt">{task.prompt}</p>
      {task.goal ? <p className="task-goal">Goal: {task.goal}</p> : null}

      {open && task.input === 'choice' ? (
        <div className="task-options" role="radiogroup" aria-label="Options">
          {task.options?.map((o, i) => (
            <label key={i} className={choice === String(i) ? 'on' : undefined}>
              <input
                type="radio"
                name={`task-${task.id}`}
                value={i}
                checked={choice === String(i)}
                onChange={() => setChoice(String(i))}
                data-testid={`option-${task.id}-${i}`}
              />
              {o}
            </label>
          ))}
        </div>
      ) : null}
      {open && task.input === 'station' ? (
        <div className="task-station">
          <span className="muted">Click the machine on the line, or choose:</span>
          <select
            aria-label="Station"
            value={station ?? ''}
            onChange={(e) => selectStation(store, e.target.value || null, true)}
            data-testid={`station-${task.id}`}
          >
            <option value="">–</option>
            {task.stations?.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {open ? (
        <button
          type="button"
          className="primary"
          disabled={pick === null || busy}
          onClick={() => void submit()}
          data-testid={`answer-${task.id}`}
        >
          {pick === null ? 'Answer' : `Answer: ${answerText(task, pick)}`}
        </button>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}

      {task.input === 'line' ? <LineOutcome task={task} /> : null}
      {task.input !== 'line' && (answered || task.status === 'closed') ? (
        <p
          className="task-result"
          data-testid={`result-${task.id}`}
          data-correct={result?.correct === null || result === undefined ? 'open' : String(result.correct)}
        >
          {answered ? (
            <>
              Your answer: <b>{answerText(task, result.answer)}</b> ({formatTaken(result.wallMs)}).{' '}
            </>
          ) : (
            'Not answered. '
          )}
          {result?.correct === true ? <b className="ok">Right.</b> : null}
          {result?.correct === false ? (
            <>
              <b className="form-error">Not right.</b>{' '}
              {result.expected !== null ? (
                <>
                  Right answer: <b>{answerText(task, result.expected)}</b>.
                </>
              ) : null}
            </>
          ) : null}
        </p>
      ) : null}
    </article>
  );
}

function LineOutcome({ task }: { task: TaskView }) {
  if (!task.outcome) return <p className="task-result muted">Act on the line: the server measures it.</p>;
  if (task.kind === 'actOnWarning') return <WarningOutcome task={task} outcome={task.outcome} />;
  const unit = task.kind === 'reducePower' ? 'kW' : 'parts/h';
  return (
    <p className="task-result" data-testid={`result-${task.id}`} data-correct={String(task.outcome.met)}>
      {task.outcome.met ? <b className="ok">Goal met</b> : <b className="form-error">Goal missed</b>} — measured{' '}
      {task.outcome.value.toLocaleString('en-US')} {unit}.
    </p>
  );
}

/** The act-on-the-warning outcome in words: its value is minutes from the warning (to the service, or to the failure). */
function WarningOutcome({ task, outcome }: { task: TaskView; outcome: NonNullable<TaskView['outcome']> }) {
  const min = `${outcome.value.toLocaleString('en-US')} min`;
  const text = outcome.met
    ? `serviced ${min} after its warning.`
    : outcome.value > 0
      ? `the warned machine failed ${min} after its warning.`
      : 'the first service was not of a machine with an open warning, or none came in time.';
  return (
    <p className="task-result" data-testid={`result-${task.id}`} data-correct={String(outcome.met)}>
      {outcome.met ? <b className="ok">Goal met</b> : <b className="form-error">Goal missed</b>} — {text}
    </p>
  );
}
