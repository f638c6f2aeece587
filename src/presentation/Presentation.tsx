import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { StoryInfo } from '@protocol/training.ts';
import { whenConnected, type OpenRuntime } from '../net/openRuntime.ts';
import type { TrainingClient } from '../net/trainingClient.ts';
import { TwinProvider } from '../net/runtime.tsx';
import { requestCamera } from '../state/store.ts';
import { formatSimTime } from '../ui/format.ts';
import { captionAt, compareKpis } from './compare.ts';
import { Pane } from './Pane.tsx';

/**
 * The kiosk view of a before/after story: both sides of the same line run as two real sessions, side by side
 * (stacked on narrow screens), with a camera tour along the line, large KPIs per side and the gap between
 * them. No editing controls. At the story's end it holds the final numbers, then starts again.
 */

/** Wall seconds the final numbers stay before the story starts again. */
const HOLD_SECONDS = 12;

/** Opens the story's two sessions, joins one connection to each, and shows them side by side. */
export function Presentation({
  storyKey,
  before,
  after,
  training,
}: {
  storyKey: string;
  before: OpenRuntime;
  after: OpenRuntime;
  training: TrainingClient;
}) {
  const [story, setStory] = useState<StoryInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void whenConnected(before.store).then(async () => {
      const res = await training.openStory(storyKey);
      if (cancelled) return;
      if (!res.ok) {
        setError(res.error);
        return;
      }
      setStory(res.story);
      // joinSession also remembers the target: a side that is not connected yet joins when it connects
      await Promise.all([before.client.joinSession(res.before.id), after.client.joinSession(res.after.id)]);
    });
    return () => {
      cancelled = true;
    };
  }, [storyKey, before, after, training]);

  if (error)
    return (
      <div className="present present-error" role="alert">
        <h1>This presentation cannot open</h1>
        <p>{error}</p>
        <a href="?mode=present">All stories</a>
      </div>
    );
  if (!story) return <div className="present present-loading">Opening the presentation…</div>;
  return (
    <div className="present" data-testid="presentation">
      <Header story={story} before={before} />
      <div className="present-panes">
        <TwinProvider runtime={before}>
          <Pane side="before" variant={story.before} />
        </TwinProvider>
        <TwinProvider runtime={after}>
          <Pane side="after" variant={story.after} />
        </TwinProvider>
      </div>
      <Comparison before={before} after={after} />
      <CameraTour story={story} runtimes={[before, after]} />
      <Restart story={story} before={before} after={after} training={training} />
    </div>
  );
}

function Header({ story, before }: { story: StoryInfo; before: OpenRuntime }) {
  const t = useStore(before.store, (s) => s.simTime);
  return (
    <header className="present-head">
      <div>
        <h1>{story.name}</h1>
        <p className="present-caption" data-testid="present-caption">
          {captionAt(story.captions, t - story.start) || story.description}
        </p>
      </div>
      <div className="present-meta">
        <span className="present-clock" data-testid="present-clock">
          {formatSimTime(t)}
        </span>
        <span className="muted">
          {story.sceneName} · simulated at {story.speed.toLocaleString('en-US')}×
        </span>
        <button
          type="button"
          className="link present-fullscreen"
          onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
        >
          Full screen
        </button>
      </div>
    </header>
  );
}

function Comparison({ before, after }: { before: OpenRuntime; after: OpenRuntime }) {
  const a = useStore(before.store, (s) => s.kpi);
  const b = useStore(after.store, (s) => s.kpi);
  const deltas = compareKpis(a, b);
  return (
    <footer className="present-compare" data-testid="present-compare">
      <span className="present-compare-title">After vs before</span>
      {deltas ? (
        deltas.map((d) => (
          <span
            key={d.label}
            className={`delta ${d.better ? 'delta-better' : 'delta-worse'}`}
            data-testid={`delta-${d.label.split(' ')[0]!.toLowerCase()}`}
            data-value={d.value}
          >
            <b>{d.text}</b> {d.label.toLowerCase()}
          </span>
        ))
      ) : (
        <span className="muted">The line is starting up…</span>
      )}
      <span className="muted present-note">Both sides computed live by the simulator: same line, same random events.</span>
    </footer>
  );
}

/** Flies both cameras along the line: machine after machine, then the overview, every `tourSeconds`. */
function CameraTour({ story, runtimes }: { story: StoryInfo; runtimes: OpenRuntime[] }) {
  const stations = useStore(runtimes[0]!.store, (s) => s.stations);
  useEffect(() => {
    const stops = stations.filter((s) => s.servers > 0).map((s) => s.id);
    if (stops.length === 0) return;
    let i = 0;
    const id = setInterval(() => {
      const stop = stops[i % (stops.length + 1)];
      for (const rt of runtimes) requestCamera(rt.store, stop ? { kind: 'station', id: stop } : { kind: 'overview' });
      i++;
    }, story.tourSeconds * 1000);
    return () => clearInterval(id);
  }, [stations, story, runtimes]);
  return null;
}

/** Once both sides stopped at the story's end, hold the numbers, then start both again. */
function Restart({
  story,
  before,
  after,
  training,
}: {
  story: StoryInfo;
  before: OpenRuntime;
  after: OpenRuntime;
  training: TrainingClient;
}) {
  const end = story.start + story.duration;
  const endedA = useStore(before.store, (s) => !!s.session?.paused && s.session.simTime >= end);
  const endedB = useStore(after.store, (s) => !!s.session?.paused && s.session.simTime >= end);
  const ended = endedA && endedB;
  useEffect(() => {
    if (!ended) return;
    const id = setTimeout(() => void training.openStory(story.key, true), HOLD_SECONDS * 1000);
    return () => clearTimeout(id);
  }, [ended, story, training]);
  return ended ? (
    <div className="present-end" role="status">
      End of the story: it starts again in a few seconds.
    </div>
  ) : null;
}
