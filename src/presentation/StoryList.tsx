import { useEffect, useState } from 'react';
import type { StoryInfo } from '@protocol/training.ts';
import type { TrainingClient } from '../net/trainingClient.ts';
import { formatDuration } from '../ui/format.ts';
import { ModeNav } from '../ui/ModeNav.tsx';

/** The stories a server offers, each a shareable link to its presentation. */
export function StoryList({ training, ready }: { training: TrainingClient; ready: Promise<void> }) {
  const [stories, setStories] = useState<StoryInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void ready
      .then(() => training.stories())
      .then((res) => {
        if (res.ok) setStories(res.stories);
        else setError(res.error);
      });
  }, [training, ready]);
  return (
    <div className="picker-page">
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">LineTwin</span>
        </span>
        <ModeNav current="present" />
      </header>
      <main className="picker-main">
        <h1>Presentations</h1>
        <p className="muted">
          Each one shows the same line twice, live, with and without an improvement. Share the link; it opens in kiosk mode.
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="card-grid">
          {stories?.map((s) => (
            <a key={s.key} className="card" href={`?mode=present&story=${encodeURIComponent(s.key)}`} data-testid={`story-${s.key}`}>
              <h2>{s.name}</h2>
              <p>{s.description}</p>
              <p className="muted">
                {s.before.title} vs {s.after.title} · {s.sceneName} · {formatDuration(s.duration)} of line time
              </p>
            </a>
          ))}
        </div>
      </main>
    </div>
  );
}
