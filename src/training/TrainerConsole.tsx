import { useEffect, useState } from 'react';
import type { TrainingReport } from '@protocol/training.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx';
import { formatSimTime, formatSpeed } from '../ui/format.ts';
import { ModeNav } from '../ui/ModeNav.tsx';
import { OperatorLogin } from '../ui/OperatorLogin.tsx';
import { SPEEDS } from '../ui/PlaybackControls.tsx';
import { SimClock } from '../ui/SimClock.tsx';
import { TrainingStage } from './TrainingStage.tsx';
import { useTraining, useTrainingRuntime } from './context.tsx';
import { STATUS_LABEL } from './labels.ts';
import { ScenarioList } from './ScenarioList.tsx';
import { summaryCsv, summaryFileName, summaryJson } from './summary.ts';
import { downloadText } from '../ui/download.ts';
import { TraineeTable } from './TraineeTable.tsx';

/**
 * The trainer's console: sign in with the operator token, pick a scenario, show the join code, run, pause,
 * skip to the next step or end; follow the timeline, the trainees and their answers live; download the
 * summary. The line itself is the same stage every mode shows.
 */
export function TrainerConsole() {
  const { client } = useTrainingRuntime();
  const role = useTwin((s) => s.role);
  const joins = useTwin((s) => s.joins);
  const session = useTwin((s) => s.session?.id);
  const report = useTraining((s) => (s.report?.state.session === session ? s.report : null));

  // After every (re)join, ask for reports again: a new connection is in no trainers' room yet.
  useEffect(() => {
    if (role === 'operator' && session) void client.watch();
  }, [joins, role, session, client]);

  return (
    <div className="app trainer-app">
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">LineTwin</span>
        </span>
        <ModeNav current="trainer" />
        <span className="scene">{report ? report.state.scenario.name : 'Trainer console'}</span>
        <SimClock />
        <span className="spacer" />
        <ConnectionBadge />
        <OperatorLogin />
      </header>
      <TrainingStage />
      <aside className="side trainer-side">
        {role !== 'operator' ? (
          <section className="panel">
            <h2>Trainer console</h2>
            <p>Sign in with the operator token (top right) to start a scenario for a class.</p>
          </section>
        ) : report ? (
          <ConsolePanel report={report} />
        ) : (
          <ScenarioList />
        )}
      </aside>
    </div>
  );
}

function ConsolePanel({ report }: { report: TrainingReport }) {
  const { client } = useTrainingRuntime();
  const { client: twin } = useRuntime();
  const speed = useTwin((s) => s.session?.speed ?? 1);
  const { state } = report;
  const [error, setError] = useState<string | null>(null);
  const call = async (p: Promise<{ ok: boolean; error?: string }>): Promise<void> => {
    const r = await p;
    setError(r.ok ? null : (r.error ?? 'refused'));
  };
  const joinUrl = `${window.location.origin}${window.location.pathname}?join=${state.code}`;
  const finished = state.status === 'finished';
  const next = state.steps.findIndex((s) => !s.done);
  return (
    <>
      <section className="panel console" data-testid="trainer-console" aria-label="Scenario control">
        <div className="join-code">
          <span className="muted">Trainees join with</span>
          <b data-testid="join-code">{state.code}</b>
          <a href={joinUrl} target="_blank" rel="noreferrer" className="muted">
            {joinUrl.replace(/^https?:\/\//, '')}
          </a>
        </div>
        <div className="console-row">
          <span className={`status-chip status-${state.status}`} data-testid="training-status">
            {STATUS_LABEL[state.status]}
          </span>
          <span className="muted">
            {state.trainees} trainee{state.trainees === 1 ? '' : 's'}
          </span>
        </div>
        <div className="console-buttons">
          {state.status === 'running' ? (
            <button type="button" onClick={() => void call(client.pause())} data-testid="btn-training-pause">
              ❚❚ Pause
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={finished}
              onClick={() => void call(client.run())}
              data-testid="btn-training-run"
            >
              ▶ {state.status === 'lobby' ? 'Start' : 'Run'}
            </button>
          )}
          <button
            type="button"
            disabled={finished}
            onClick={() => void call(client.skip())}
            title="Run at full speed to the next step"
            data-testid="btn-training-skip"
          >
            » Next step
          </button>
          <button
            type="button"
            disabled={finished}
            onClick={() => {
              if (window.confirm('End the scenario now? Open tasks close.')) void call(client.end());
            }}
            data-testid="btn-training-end"
          >
            ■ End
          </button>
          <label className="speed">
            <span>Speed</span>
            <select
              aria-label="Simulation speed"
              value={String(speed)}
              onChange={(e) => void twin.setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value))}
            >
              {(SPEEDS.includes(speed) ? SPEEDS : [...SPEEDS, speed]).map((s) => (
                <option key={String(s)} value={String(s)}>
                  {formatSpeed(s)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </section>

      <section className="panel" aria-label="Trainees">
        <h2>Trainees and scores</h2>
        <TraineeTable report={report} onRemove={(id) => void call(client.remove(id))} />
        <div className="console-buttons">
          <button
            type="button"
            className={finished ? 'primary' : undefined}
            onClick={() => downloadText(summaryFileName(report, 'csv'), summaryCsv(report), 'text/csv')}
            data-testid="download-csv"
          >
            Summary CSV
          </button>
          <button
            type="button"
            onClick={() => downloadText(summaryFileName(report, 'json'), summaryJson(report, new Date()), 'application/json')}
            data-testid="download-json"
          >
            Summary JSON
          </button>
        </div>
      </section>

      <section className="panel" aria-label="Timeline">
        <h2>Timeline</h2>
        <ol className="timeline" data-testid="timeline">
          {state.steps.map((s, i) => (
            <li key={i} className={s.done ? 'done' : i === next ? 'next' : undefined}>
              <time>{formatSimTime(s.at)}</time>
              <span>{s.label}</span>
            </li>
          ))}
        </ol>
      </section>

      {report.actions.length > 0 ? (
        <section className="panel" aria-label="Trainee actions">
          <h2>Trainee actions</h2>
          <ol className="timeline">
            {report.actions
              .slice(-8)
              .reverse()
              .map((a, i) => (
                <li key={i}>
                  <time>{formatSimTime(a.t)}</time>
                  <span>{a.text}</span>
                </li>
              ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
