import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { StoryInfo } from '@protocol/training.ts';
import { whenConnected, type OpenRuntime } from '../net/openRuntime.ts';
import type { TrainingClient } from '../net/trainingClient.ts';
import { TwinProvider } from '../net/runtime.tsx';
import { requestCamera } from '../state/store.ts';
import { formatSimTime } from '../ui/format.ts';
import { captionAt, comparedSides, compareKpis, shownSides, type Side } from './compare.ts';
import { Pane } from './Pane.tsx';

/**
 * The kiosk view of a before/after story: the sides of the same line run as real sessions, side by side
 * (stacked on narrow screens), with a camera tour along the line, large KPIs per side and the gap between
 * them. A story with a middle side shows three. No editing controls. At the story's end it holds the final
 * numbers, then starts again.
 */

/** Wall seconds the final numbers stay before the story starts again. */
const HOLD_SECONDS = 12;

/** Opens the story's sessions, joins one connection to each, and shows them side by side. */
export function Presentation({
  storyKey,
  before,
  after,
  openSide,
  training,
}: {
  storyKey: string;
  before: OpenRuntime;
  after: OpenRuntime;
  /** Opens the connection of a middle side, only for a story that has one. */
  openSide: () => OpenRuntime;
  training: TrainingClient;
}) {
  const [story, setStory] = useState<StoryInfo | null>(null);
  const [middle, setMiddle] = useState<OpenRuntime | null>(null);
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
      const third = res.middle ? openSide() : null;
      setMiddle(third);
      setStory(res.story);
      // joinSession also remembers the target: a side that is not connected yet joins when it connects
      await Promise.all([
        before.client.joinSession(res.before.id),
        after.client.joinSession(res.after.id),
        ...(third && res.middle ? [third.client.joinSession(res.middle.id)] : []),
      ]);
    });
    return () => {
      cancelled = true;
    };
  }, [storyKey, before, after, openSide, training]);

  const sides = useMemo(() => {
    const runtimes: Record<Side, OpenRuntime | null> = { before, middle, after };
    return story ? shownSides(story).flatMap((shown) => (runtimes[shown.side] ? [{ shown, runtime: runtimes[shown.side]! }] : [])) : [];
  }, [story, before, middle, after]);
  const sideRuntimes = useMemo(() => sides.map((s) => s.runtime), [sides]);

  if (error)
    return (
      <div className="present present-error" role="alert">
        <h1>This presentation cannot open</h1>
        <p>{error}</p>
        <a href="?mode=present">All stories</a>
      </div>
    );
  if (!story) return <div className="present present-loading">Opening the presentation…</div>;
  const improvedRuntimes: Record<'middle' | 'after', OpenRuntime | null> = { middle, after };
  return (
    <div className="present" data-testid="presentation">
      <Header story={story} before={before} />
      <div className={`present-panes present-panes-${sides.length}`}>
        {sides.map(({ shown, runtime }) => (
          <TwinProvider key={shown.side} runtime={runtime}>
            <Pane shown={shown} />
          </TwinProvider>
        ))}
      </div>
      <footer className="present-compare" data-testid="present-compare">
        {comparedSides(story).map(({ side, title }) => {
          const improved = improvedRuntimes[side];
          return improved ? <Comparison key={side} side={side} title={title} before={before} after={improved} /> : null;
        })}
        <span className="muted present-note">
          {sides.length === 3 ? 'All three sides' : 'Both sides'} computed live by the simulator: same line, same random events.
        </span>
      </footer>
      <CameraTour story={story} runtimes={sideRuntimes} />
      <Restart story={story} runtimes={sideRuntimes} training={training} />
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

/** One row of the comparison: how far `after` (an improved side) is ahead of `before`. */
function Comparison({ side, title, before, after }: { side: Side; title: string; before: OpenRuntime; after: OpenRuntime }) {
  const a = useStore(before.store, (s) => s.kpi);
  const b = useStore(after.store, (s) => s.kpi);
  const deltas = compareKpis(a, b);
  // the after side's figures keep their test ids of the two-sided view; a middle side's are prefixed
  const prefix = side === 'after' ? 'delta' : `delta-${side}`;
  return (
    <div className="present-compare-row" data-testid={`compare-${side}`}>
      <span className="present-compare-title">{title}</span>
      {deltas ? (
        deltas.map((d) => (
          <span
            key={d.id}
            className={`delta ${d.even ? 'delta-even' : d.better ? 'delta-better' : 'delta-worse'}`}
            data-testid={`${prefix}-${d.id}`}
            data-value={d.value}
          >
            <b>{d.text}</b> {d.label.toLowerCase()}
          </span>
        ))
      ) : (
        <span className="muted">The line is starting up…</span>
      )}
    </div>
  );
}

/** Flies every side's camera along the line: machine after machine, then the overview, every `tourSeconds`. */
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

/** Once every side stopped at the story's end, hold the numbers, then start them all again. */
function Restart({ story, runtimes, training }: { story: StoryInfo; runtimes: OpenRuntime[]; training: TrainingClient }) {
  const end = story.start + story.duration;
  const ended = useAllEnded(runtimes, end);
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

/** Whether every runtime's session is paused at or after `end`. */
function allEnded(runtimes: OpenRuntime[], end: number): boolean {
  return runtimes.every((rt) => {
    const s = rt.store.getState().session;
    return !!s?.paused && s.simTime >= end;
  });
}

/** True once every runtime's session stopped at `end` (one subscription per store: hooks cannot be called in a loop). */
function useAllEnded(runtimes: OpenRuntime[], end: number): boolean {
  const [ended, setEnded] = useState(() => allEnded(runtimes, end));
  useEffect(() => {
    const update = (): void => setEnded(allEnded(runtimes, end));
    update();
    const offs = runtimes.map((rt) => rt.store.subscribe(update));
    return () => offs.forEach((off) => off());
  }, [runtimes, end]);
  return ended;
}
