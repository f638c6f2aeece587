import { z } from 'zod';
import type { ListedSession, Reply, SceneInfo, SessionInfo, StationInfo } from './events.ts';
import { speedSchema } from './schemas.ts';

/**
 * Wire protocol of the training and showcase modes: scripted training scenarios (trainer console and
 * trainee view), before/after stories (presentation mode) and the scene picker. Types are shared with the
 * browser (type-only imports there); the zod schemas are what the server validates each payload with.
 * Times are simulated seconds unless a name says otherwise.
 */

/** What kind of check a task is. */
export type TaskKind = 'findBottleneck' | 'firstFailure' | 'pickStation' | 'choice' | 'restoreThroughput' | 'reducePower' | 'actOnWarning';

/** How a trainee answers a task: by picking a station, by choosing an option, or by acting on the line. */
export type TaskInput = 'station' | 'choice' | 'line';

/** Where a training session is: waiting for trainees, running, paused (by the trainer or a step), or over. */
export type TrainingStatus = 'lobby' | 'running' | 'paused' | 'finished';

/** What a trainee may do on the line, when the scenario allows it. */
export const TRAINEE_ACTIONS = ['repair', 'stop', 'speed', 'service'] as const;
export type TraineeAction = (typeof TRAINEE_ACTIONS)[number];

/** A scenario offered to trainers. */
export interface ScenarioInfo {
  key: string;
  name: string;
  description: string;
  /** Scene key and name the scenario runs on. */
  scene: string;
  sceneName: string;
  /** Simulated length (s). */
  duration: number;
  tasks: number;
  /** Suggested speed factor. */
  speed: number;
}

/** One action trainees may take, on which stations (every machine when empty). */
export interface TraineeControl {
  action: TraineeAction;
  stations: string[];
  /** `stop`: how long the machine stays stopped (s). */
  duration?: number | undefined;
  /** `speed`: the speeds offered, in percent of the scene's nameplate speed. */
  percents?: number[] | undefined;
}

/** A task as everyone sees it: never the expected answer while it is open. */
export interface TaskView {
  id: string;
  kind: TaskKind;
  input: TaskInput;
  prompt: string;
  /** Choice tasks: the options, answered by index. */
  options?: string[] | undefined;
  /** Station tasks: the stations that may be picked. */
  stations?: string[] | undefined;
  /** Line tasks: the goal in words, e.g. "throughput ≥ 30,000 parts/h over 5 min". */
  goal?: string | undefined;
  points: number;
  openedAt: number;
  /** Sim time after which no answer counts; null when open until the end. */
  closesAt: number | null;
  status: 'open' | 'closed';
  /** Line tasks once decided: met or not, when, and the measured value. */
  outcome?: { met: boolean; at: number; value: number } | undefined;
}

/** A step of the timeline as the console shows it. */
export interface StepView {
  at: number;
  label: string;
  done: boolean;
}

/** The public training state of a session, broadcast to everyone in it. */
export interface TrainingState {
  session: string;
  code: string;
  scenario: ScenarioInfo;
  status: TrainingStatus;
  steps: StepView[];
  /** The latest message of the timeline (shown as a banner), if any. */
  message: { text: string; at: number } | null;
  tasks: TaskView[];
  controls: TraineeControl[];
  trainees: number;
}

/** One trainee's result for one task. */
export interface TaskResult {
  task: string;
  /** What the trainee answered (station id, or option index); null for line tasks and unanswered ones. */
  answer: string | null;
  /** The right answer as judged (station id, option index or the measured value); null while unknown. */
  expected: string | null;
  /** null: not decided yet (open, unanswered). */
  correct: boolean | null;
  /** Time from the task opening to the answer (or to the line goal being met). */
  wallMs: number | null;
  simSeconds: number | null;
  points: number;
}

/** A trainee's answers and score. */
export interface TraineeReport {
  id: string;
  name: string;
  connected: boolean;
  results: TaskResult[];
  score: number;
  maxScore: number;
  actions: number;
}

/** An action a trainee took on the line. */
export interface ActionRecord {
  t: number;
  trainee: string;
  text: string;
}

/** Everything the trainer sees: the state, every trainee's results, and the actions taken. */
export interface TrainingReport {
  state: TrainingState;
  trainees: TraineeReport[];
  actions: ActionRecord[];
}

/** A trainee's own results, sent to that trainee. */
export interface TraineeResults {
  trainee: string;
  results: TaskResult[];
  score: number;
  maxScore: number;
}

/** One side of a before/after story. */
export interface VariantInfo {
  title: string;
  caption: string;
}

/** A caption shown from a sim time on (seconds after the story's start). */
export interface Caption {
  at: number;
  text: string;
}

/** A before/after story for the presentation mode. */
export interface StoryInfo {
  key: string;
  name: string;
  description: string;
  sceneName: string;
  speed: number;
  /** Sim time the show starts at (the scene's warm-up by default: KPIs are measured from there, never reset on screen). */
  start: number;
  /** Simulated length of the show (s) from its start; then it restarts. */
  duration: number;
  /** Wall seconds the camera stays at each station of the tour. */
  tourSeconds: number;
  before: VariantInfo;
  /** A third side, shown between before and after, when the story has one. */
  middle?: VariantInfo;
  after: VariantInfo;
  captions: Caption[];
}

/** A story's running sessions: two, or three with a middle side. */
export interface StorySessions {
  story: StoryInfo;
  before: SessionInfo;
  middle?: SessionInfo;
  after: SessionInfo;
}

/** A scene for the picker: its catalog entry, its layout for a thumbnail, and the sessions running it. */
export interface SceneCard extends SceneInfo {
  /** The stations as the 3D view gets them (parameters left out), to draw a top-down thumbnail. */
  layout: StationInfo[];
  /** Without join codes for viewers. */
  sessions: ListedSession[];
}

/** Per-connection training data: the trainee this connection speaks for, in which session. */
export interface TrainingSocketData {
  trainee?: { session: string; id: string } | undefined;
  /** The trainee this connection registered in each session (one per class: a browser tab is one trainee). */
  registered?: Record<string, string> | undefined;
}

/** Sent to a trainee's connections when the trainer removed that trainee from the class. */
export interface TraineeRemoved {
  session: string;
  trainee: string;
  reason: string;
}

/** The payload of a training event, as a client sends it (derived from its schema). */
export type TrainingRequest<E extends keyof typeof trainingSchemas> = z.input<(typeof trainingSchemas)[E]>;

/** Training, story and picker events a client sends; each takes an acknowledgement. */
export interface TrainingClientEvents {
  'training:list': (req: TrainingRequest<'training:list'>, ack: Reply<{ scenarios: ScenarioInfo[] }>) => void;
  /** Trainer: a new session running the scenario, waiting in the lobby. */
  'training:start': (req: TrainingRequest<'training:start'>, ack: Reply<{ session: SessionInfo; report: TrainingReport }>) => void;
  /** Trainer: receive `training:report` for the joined session. */
  'training:console': (req: TrainingRequest<'training:console'>, ack: Reply<{ report: TrainingReport }>) => void;
  'training:run': (req: TrainingRequest<'training:run'>, ack: Reply) => void;
  'training:pause': (req: TrainingRequest<'training:pause'>, ack: Reply) => void;
  /** Trainer: run at full speed to the next step, which fires at its own time. */
  'training:skip': (req: TrainingRequest<'training:skip'>, ack: Reply<{ simTime: number }>) => void;
  'training:end': (req: TrainingRequest<'training:end'>, ack: Reply<{ report: TrainingReport }>) => void;
  /** Anyone in the session: its training state (null when no scenario runs there). */
  'training:state': (req: TrainingRequest<'training:state'>, ack: Reply<{ state: TrainingState | null }>) => void;
  /** Trainee: register (or come back as `trainee`) in the joined session. */
  'training:hello': (
    req: TrainingRequest<'training:hello'>,
    ack: Reply<{ trainee: string; state: TrainingState; results: TraineeResults }>,
  ) => void;
  'training:answer': (req: TrainingRequest<'training:answer'>, ack: Reply<{ result: TaskResult }>) => void;
  'training:act': (req: TrainingRequest<'training:act'>, ack: Reply<{ simTime: number }>) => void;
  /** Trainer: takes a trainee out of the class (answers and all); that trainee's page is told. */
  'training:remove': (req: TrainingRequest<'training:remove'>, ack: Reply<{ report: TrainingReport }>) => void;
  'story:list': (req: TrainingRequest<'story:list'>, ack: Reply<{ stories: StoryInfo[] }>) => void;
  /**
   * Opens (or joins) a story's two sessions: a viewer joins the running pair (created if there is none); `restart`
   * starts them again, for operators at any time, for viewers only once both sides have ended.
   */
  'story:open': (req: TrainingRequest<'story:open'>, ack: Reply<StorySessions>) => void;
  'scenes:catalog': (req: TrainingRequest<'scenes:catalog'>, ack: Reply<{ scenes: SceneCard[] }>) => void;
}

/** Training events the server sends. */
export interface TrainingServerEvents {
  'training:state': (state: TrainingState) => void;
  /** To trainers of the session (after `training:console`). */
  'training:report': (report: TrainingReport) => void;
  /** To one trainee. */
  'training:results': (results: TraineeResults) => void;
  /** To one trainee: the trainer removed you from the class. */
  'training:removed': (removed: TraineeRemoved) => void;
}

const key = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const empty = z.strictObject({});
/** A trainee's id, as the server makes them (and a browser keeps to come back). */
const traineeId = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, 'a trainee id');

/** zod schemas of the training client events, by name. */
export const trainingSchemas = {
  'training:list': empty,
  'training:start': z.strictObject({ scenario: key, speed: speedSchema.optional() }),
  'training:console': empty,
  'training:run': empty,
  'training:pause': empty,
  'training:skip': empty,
  'training:end': empty,
  'training:state': empty,
  'training:hello': z.strictObject({
    // no markup and no control characters: names are shown to everyone in the class
    name: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[^<>\p{Cc}]+$/u, 'a plain name'),
    trainee: traineeId.optional(),
  }),
  'training:answer': z.strictObject({ task: key, answer: z.string().min(1).max(64) }),
  'training:act': z.strictObject({
    action: z.enum(TRAINEE_ACTIONS),
    station: key,
    percent: z.number().int().min(10).max(200).optional(),
  }),
  'training:remove': z.strictObject({ trainee: traineeId }),
  'story:list': empty,
  'story:open': z.strictObject({ story: key, restart: z.boolean().optional() }),
  'scenes:catalog': empty,
} as const;

/** Training client events that need the operator token (trainer actions). */
export const TRAINER_EVENTS: ReadonlySet<keyof typeof trainingSchemas> = new Set([
  'training:start',
  'training:console',
  'training:run',
  'training:pause',
  'training:skip',
  'training:end',
  'training:remove',
] as const);
