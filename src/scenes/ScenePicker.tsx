import { useEffect, useState } from 'react';
import type { SceneCard } from '@protocol/training.ts';
import type { OpenRuntime } from '../net/openRuntime.ts';
import { whenConnected } from '../net/openRuntime.ts';
import type { TrainingClient } from '../net/trainingClient.ts';
import { useTwin } from '../net/runtime.tsx';
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx';
import { modeHref } from '../ui/modeLinks.ts';
import { ModeNav } from '../ui/ModeNav.tsx';
import { OperatorLogin } from '../ui/OperatorLogin.tsx';
import { Thumbnail } from './Thumbnail.tsx';

/**
 * The scene picker: every bundled line with a top-down thumbnail and its one-line description. Operators
 * open a scene (a new session, or the running one); viewers watch the sessions that run.
 */
export function ScenePicker({ runtime, training }: { runtime: OpenRuntime; training: TrainingClient }) {
  const role = useTwin((s) => s.role);
  const [cards, setCards] = useState<SceneCard[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      await whenConnected(runtime.store);
      const token = runtime.tokens.get();
      if (token && runtime.store.getState().role !== 'operator') await runtime.client.authenticate(token);
      const res = await training.sceneCards();
      if (!live) return;
      if (res.ok) setCards(res.scenes);
      else setError(res.error);
    };
    void load();
    const id = setInterval(
      () =>
        void training.sceneCards().then((r) => {
          if (live && r.ok) setCards(r.scenes);
        }),
      5000,
    ); // sessions come and go
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [runtime, training]);

  return (
    <div className="picker-page">
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">LineTwin</span>
        </span>
        <ModeNav current="scenes" />
        <span className="spacer" />
        <ConnectionBadge />
        <OperatorLogin />
      </header>
      <main className="picker-main">
        <h1>Lines</h1>
        <p className="muted">
          {role === 'operator' ? 'Open a line to run it live.' : 'Watch a running line. Operators can start the others.'}
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {cards === null && !error ? <p className="muted">Loading…</p> : null}
        <p>
          <a className="button" href={modeHref('editor')} data-testid="new-line">
            Build a new line
          </a>
        </p>
        <div className="card-grid" data-testid="scene-grid">
          {cards
            ?.filter((c) => !isSaved(c))
            .map((c) => (
              <Card key={c.key} card={c} operator={role === 'operator'} />
            ))}
        </div>
        {cards?.some(isSaved) ? (
          <>
            <h2 className="saved-heading">Saved lines</h2>
            <div className="card-grid" data-testid="saved-grid">
              {cards.filter(isSaved).map((c) => (
                <Card key={c.key} card={c} operator={role === 'operator'} />
              ))}
            </div>
          </>
        ) : null}
      </main>
    </div>
  );
}

/** A scene an operator saved from the editor (the server marks it `saved`), listed apart from the bundled ones. */
const isSaved = (card: SceneCard): boolean => card.saved === true;

/** The first sentence of a description: the picker shows one line. */
export function oneLine(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  return m ? m[1]! : t;
}

function Card({ card, operator }: { card: SceneCard; operator: boolean }) {
  const base = window.location.pathname;
  const running = card.sessions;
  return (
    <article className="card scene-card" data-testid={`scene-${card.key}`}>
      <Thumbnail stations={card.layout} title={card.name} />
      <h2>{card.name}</h2>
      <p title={card.description}>{oneLine(card.description) || `${card.stations} stations`}</p>
      <div className="card-actions">
        {operator ? (
          <a className="button primary" href={`${base}?scene=${encodeURIComponent(card.key)}`} data-testid={`open-${card.key}`}>
            {running.length ? 'Open' : 'Start'}
          </a>
        ) : null}
        {running.map((s) => (
          // viewers get no join codes: they watch by the session's id
          <a key={s.id} className="button" href={`${base}?session=${s.code ?? s.id}`} title={`${s.viewers} watching`}>
            Watch {s.code ?? s.id}
          </a>
        ))}
        {!operator && running.length === 0 ? <span className="muted">Not running</span> : null}
        <a
          className="button"
          href={modeHref('editor', { scene: card.key })}
          data-testid={`edit-${card.key}`}
          title="Open in the line editor"
        >
          Edit
        </a>
      </div>
    </article>
  );
}
