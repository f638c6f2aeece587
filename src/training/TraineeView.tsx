import { useEffect, useState, type FormEvent } from 'react';
import type { TaskResult, TaskView } from '@protocol/training.ts';
import { useRuntime, useTwin } from '../net/runtime.tsx';
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx';
import { Inspector } from '../ui/Inspector.tsx';
import { KpiPanel } from '../ui/KpiPanel.tsx';
import { SimClock } from '../ui/SimClock.tsx';
import { TrainingStage } from './TrainingStage.tsx';
import { useTraining, useTrainingRuntime } from './context.tsx';
import { STATUS_LABEL } from './labels.ts';
import { TaskCard } from './TaskCard.tsx';
import { TraineeControls } from './TraineeControls.tsx';

/**
 * The trainee's page: join with the session code and a name, then the same line as everyone (in sync,
 * read-only), the tasks as the scenario opens them, the controls the scenario allows, and one's own
 * results. The bottleneck is kept out of the panels: finding it is the exercise.
 */

const NAME_KEY = 'linetwin.traineeName';
// stable empty lists: a selector that returns a new array on every call makes React render forever
const NO_TASKS: TaskView[] = [];
const NO_RESULTS: TaskResult[] = [];

/** The join form, then the trainee's line, tasks, controls and panels. */
export function TraineeView({ code: initialCode }: { code: string | undefined }) {
  const { client: twin } = useRuntime();
  const { client } = useTrainingRuntime();
  const me = useTraining((s) => s.me);
  const state = useTraining((s) => s.state);
  const removed = useTraining((s) => s.removed);
  const session = useTwin((s) => s.session);
  const joins = useTwin((s) => s.joins);
  const [code, setCode] = useState(initialCode ?? '');
  const [stored] = useState(() => {
    try {
      return sessionStorage.getItem(NAME_KEY) ?? '';
    } catch {
      return '';
    }
  });
  const [name, setName] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // After every (re)join, say hello again as the same trainee: a new connection has no trainee yet. A reload
  // of a join link with a name given before comes back as that trainee without the form.
  useEffect(() => {
    if (!session) return;
    if (me) void client.hello(me.name, session.code);
    else if (stored && session.code === initialCode) void client.hello(stored, session.code);
  }, [joins]); // eslint-disable-line react-hooks/exhaustive-deps

  const join = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const c = code.trim().toUpperCase(),
      n = name.trim();
    if (!c || !n) return;
    setBusy(true);
    setError(null);
    if (session?.code !== c) {
      const joined = await twin.joinSession(c);
      if (!joined.ok) {
        setBusy(false);
        setError(`No session with code ${c}.`);
        return;
      }
    }
    const res = await client.hello(n, c);
    setBusy(false);
    if (!res.ok) {
      setError(res.error === 'no training scenario runs in this session' ? `No training runs with code ${c}.` : res.error);
      return;
    }
    try {
      sessionStorage.setItem(NAME_KEY, n);
    } catch {
      /* not kept */
    }
    window.history.replaceState(null, '', `${window.location.pathname}?join=${c}`);
  };

  if (!me || !state) {
    return (
      <div className="join-page">
        <form className="panel join-form" onSubmit={(e) => void join(e)} data-testid="join-form">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">LineTwin training</span>
          </span>
          <label>
            Session code
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={6}
              autoCapitalize="characters"
              placeholder="ABC123"
              data-testid="join-code"
            />
          </label>
          <label>
            Your name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} placeholder="First name" data-testid="join-name" />
          </label>
          <button type="submit" className="primary" disabled={busy || !code.trim() || !name.trim()} data-testid="join-submit">
            Join
          </button>
          {error || removed ? (
            <p className="form-error" role="alert" data-testid="join-error">
              {error ?? `You are no longer in the class: ${removed}.`}
            </p>
          ) : null}
          <p className="muted">Your trainer shows the code. You watch the same line as everyone; answer the tasks as they come.</p>
        </form>
      </div>
    );
  }
  return (
    <div className="app trainee-app">
      <TraineeTopBar />
      <TrainingStage />
      <aside className="side">
        <TaskList />
        <TraineeControls />
        <Inspector />
        <KpiPanel />
      </aside>
    </div>
  );
}

function TraineeTopBar() {
  const state = useTraining((s) => s.state)!;
  const me = useTraining((s) => s.me)!;
  const results = useTraining((s) => s.results);
  return (
    <header className="topbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">LineTwin</span>
      </span>
      <span className="scene" title={state.scenario.description}>
        {state.scenario.name}
      </span>
      <span className={`status-chip status-${state.status}`} data-testid="training-status">
        {STATUS_LABEL[state.status]}
      </span>
      <SimClock />
      <span className="spacer" />
      <span className="me" data-testid="my-score">
        {me.name} · <b>{results?.score ?? 0}</b> / {results?.maxScore ?? 0} points
      </span>
      <ConnectionBadge />
    </header>
  );
}

function TaskList() {
  const tasks = useTraining((s) => s.state?.tasks ?? NO_TASKS);
  const results = useTraining((s) => s.results?.results ?? NO_RESULTS);
  const finished = useTraining((s) => s.state?.status === 'finished');
  const byTask = new Map(results.map((r) => [r.task, r]));
  const open = tasks.filter((t) => t.status === 'open');
  const done = tasks.filter((t) => t.status !== 'open').reverse();
  return (
    <section className="panel task-list" data-testid="task-list" aria-label="Tasks">
      <h2>Tasks</h2>
      {tasks.length === 0 ? <p className="muted">No task yet: watch the line. Tasks appear here when the scenario asks.</p> : null}
      {[...open, ...done].map((t) => (
        <TaskCard key={t.id} task={t} result={byTask.get(t.id)} />
      ))}
      {finished ? <p className="muted">The scenario is over. Your trainer has the summary.</p> : null}
    </section>
  );
}
