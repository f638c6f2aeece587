import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  SceneCard,
  ScenarioInfo,
  StoryInfo,
  StorySessions,
  TaskResult,
  TraineeAction,
  TraineeRemoved,
  TraineeResults,
  TrainingReport,
  TrainingState,
} from '@protocol/training.ts';
import type { Ack } from '@protocol/events.ts';
import { request, type Res } from './request.ts';
import { listen, type TwinSocket } from './twinSocket.ts';

/**
 * The training, story and picker side of the protocol: the one module that listens to `training:*`
 * events (twinClient owns the line's events). It keeps what the trainer console and the trainee view show
 * in a small store of its own, and remembers a trainee's id per session code so a reload comes back as the
 * same trainee.
 */

/** What the training panels render. */
export interface TrainingView {
  /** Public state of the joined session's scenario; null when none runs there. */
  state: TrainingState | null;
  /** Trainer only: every trainee's answers and scores. */
  report: TrainingReport | null;
  /** Trainee only: who I am and how I do. */
  me: { id: string; name: string } | null;
  results: TraineeResults | null;
  /** Trainee only: why this page is no longer a trainee (the trainer removed it); null otherwise. */
  removed: string | null;
}

/** The training store (vanilla zustand, like the twin store). */
export type TrainingStore = StoreApi<TrainingView>;

/** Creates an empty training store. */
export function createTrainingStore(): TrainingStore {
  return createStore<TrainingView>(() => ({ state: null, report: null, me: null, results: null, removed: null }));
}

/** What training UIs may ask. Every call resolves with the server's acknowledgement. */
export interface TrainingClient {
  scenarios(): Promise<Ack<{ scenarios: ScenarioInfo[] }>>;
  start(scenario: string, speed?: number | 'max'): Promise<Res<'training:start'>>;
  /** Trainer: receive reports for the joined session (again after every rejoin). */
  watch(): Promise<Ack>;
  run(): Promise<Ack>;
  pause(): Promise<Ack>;
  skip(): Promise<Ack>;
  end(): Promise<Ack>;
  /** Fetches the joined session's public training state. */
  refresh(): Promise<Ack>;
  /** Trainee: register in the joined session (as the trainee this browser was there before, if any). */
  hello(name: string, code: string): Promise<Ack>;
  answer(task: string, answer: string): Promise<Ack<{ result: TaskResult }>>;
  act(action: TraineeAction, station: string, percent?: number): Promise<Ack>;
  /** Trainer: takes a trainee out of the class. */
  remove(trainee: string): Promise<Ack>;
  stories(): Promise<Ack<{ stories: StoryInfo[] }>>;
  openStory(story: string, restart?: boolean): Promise<Ack<StorySessions>>;
  sceneCards(): Promise<Ack<{ scenes: SceneCard[] }>>;
  dispose(): void;
}

const traineeKey = (code: string): string => `linetwin.trainee.${code.toUpperCase()}`;

/** Wires the training events of `socket` into `store`. `storage` keeps trainee ids (sessionStorage in the app). */
export function connectTraining(
  socket: TwinSocket,
  store: TrainingStore,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = null,
): TrainingClient {
  const onState = (state: TrainingState): void => {
    if (state && typeof state === 'object') store.setState({ state });
  };
  const onReport = (report: TrainingReport): void => {
    if (report?.state) store.setState({ report, state: report.state });
  };
  const onResults = (results: TraineeResults): void => {
    if (results?.trainee === store.getState().me?.id) store.setState({ results });
  };
  const onRemoved = (removed: TraineeRemoved): void => {
    if (removed?.trainee !== store.getState().me?.id) return;
    store.setState({ me: null, results: null, removed: typeof removed.reason === 'string' ? removed.reason : 'removed' });
  };
  const unlisten = listen(socket, [
    { event: 'training:state', listener: onState },
    { event: 'training:report', listener: onReport },
    { event: 'training:results', listener: onResults },
    { event: 'training:removed', listener: onRemoved },
  ]);

  const remembered = (code: string): string | undefined => {
    try {
      return storage?.getItem(traineeKey(code)) ?? undefined;
    } catch {
      return undefined;
    }
  };

  return {
    scenarios: () => request(socket, 'training:list', {}),
    start: (scenario, speed) => request(socket, 'training:start', speed === undefined ? { scenario } : { scenario, speed }),
    async watch() {
      const res = await request(socket, 'training:console', {});
      if (res.ok) store.setState({ report: res.report, state: res.report.state });
      return res;
    },
    run: () => request(socket, 'training:run', {}),
    pause: () => request(socket, 'training:pause', {}),
    skip: () => request(socket, 'training:skip', {}),
    end: () => request(socket, 'training:end', {}),
    async refresh() {
      const res = await request(socket, 'training:state', {});
      if (res.ok) store.setState({ state: res.state });
      return res;
    },
    async hello(name, code) {
      const known = remembered(code);
      const res = await request(socket, 'training:hello', known ? { name, trainee: known } : { name });
      if (!res.ok) return res;
      try {
        storage?.setItem(traineeKey(code), res.trainee);
      } catch {
        /* memory only */
      }
      store.setState({ me: { id: res.trainee, name }, state: res.state, results: res.results, removed: null });
      return { ok: true };
    },
    async answer(task, answer) {
      const res = await request(socket, 'training:answer', { task, answer });
      if (res.ok) {
        // show it at once; the server's training:results follows with the score
        const r = store.getState().results;
        if (r) store.setState({ results: { ...r, results: r.results.map((x) => (x.task === task ? res.result : x)) } });
      }
      return res;
    },
    act: (action, station, percent) =>
      request(socket, 'training:act', percent === undefined ? { action, station } : { action, station, percent }),
    async remove(trainee) {
      const res = await request(socket, 'training:remove', { trainee });
      if (res.ok) store.setState({ report: res.report, state: res.report.state });
      return res;
    },
    stories: () => request(socket, 'story:list', {}),
    openStory: (story, restart) => request(socket, 'story:open', restart ? { story, restart } : { story }),
    sceneCards: () => request(socket, 'scenes:catalog', {}),
    dispose: unlisten,
  };
}
