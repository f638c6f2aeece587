import type { SceneCatalog } from '../scene/catalog.ts';
import type { FeatureHost } from '../session/feature.ts';
import { UNKEPT_JOURNAL, type SessionJournal } from '../session/journal.ts';
import type { SessionPersistence } from '../session/persist.ts';
import type { Session } from '../session/session.ts';
import type { Role } from '../protocol/events.ts';
import type { SceneCard, ScenarioInfo, StoryInfo, StorySessions, TraineeResults } from '../protocol/training.ts';
import type { TrainingCatalog } from './catalog.ts';
import { attachScenario, type RunnerOptions, type ScenarioRunner } from './runner.ts';
import { createSceneCards } from './sceneCards.ts';
import { createStorySessions } from './storySessions.ts';
import { journaledRunner, replayRunnerCommand, type RunnerCommand } from './journaled.ts';
import type { Scenario } from './types.ts';

/**
 * The server's training and showcase state: a scenario runner per training session, the story session
 * pairs, and the scene picker's cards. It pushes what changed to the right rooms, coalesced so a burst of
 * changes in one pacing tick goes out once: the public state to the session's room, the full report to
 * its trainers (`trainers:<session>`), and each trainee's own results to that trainee (`trainee:<session>:<id>`).
 */

/** Room of the trainers of a session. */
export const trainersRoom = (session: string): string => `trainers:${session}`;
/** Room of one trainee's connections. */
export const traineeRoom = (session: string, trainee: string): string => `trainee:${session}:${trainee}`;

/** What the training handlers use. */
export interface TrainingHub {
  scenarios(): ScenarioInfo[];
  stories(): StoryInfo[];
  /** The scene picker's cards, as a client of `role` may see them (viewers get no join codes). */
  sceneCards(role: Role): SceneCard[];
  /** A new session running `scenario`, in the lobby. */
  start(scenario: string, speed?: number | 'max'): ScenarioRunner;
  /** The runner of a session, or null if no scenario runs there. */
  runnerOf(session: string): ScenarioRunner | null;
  openStory(story: string, restart: boolean, role: Role): StorySessions;
  /** Schedules a push of a session's training state (trainee connected or left). */
  touch(session: string): void;
}

/** What the hub needs besides the server's host. */
export interface HubDeps {
  catalog: SceneCatalog;
  training: TrainingCatalog;
  /** Keeps training sessions (trainees, answers) across restarts; without it they live in memory only. */
  sessions?: SessionPersistence | undefined;
  /** Most trainees of one class registered from one network address (default DEFAULT_TRAINEES_PER_ADDRESS). */
  maxTraineesPerAddress?: number | undefined;
}

/** Creates the hub. */
export function createTrainingHub(host: FeatureHost, deps: HubDeps): TrainingHub {
  const { registry } = host;
  const { training } = deps;
  const runners = new Map<string, ScenarioRunner>();
  const pending = new Set<string>();
  const stories = createStorySessions(registry);
  const cards = createSceneCards(deps.catalog, registry);

  const runnerOf = (id: string): ScenarioRunner | null => {
    const r = runners.get(id);
    if (r && registry.get(id) === r.session) return r;
    runners.delete(id); // the session was closed
    return null;
  };

  const push = (id: string): void => {
    pending.delete(id);
    const runner = runnerOf(id);
    if (!runner) return;
    const report = runner.report();
    host.broadcast(id, 'training:state', report.state);
    host.broadcast(trainersRoom(id), 'training:report', report);
    for (const t of report.trainees) {
      if (!t.connected) continue;
      const own: TraineeResults = { trainee: t.id, results: t.results, score: t.score, maxScore: t.maxScore };
      host.broadcast(traineeRoom(id, t.id), 'training:results', own);
    }
  };
  const touch = (id: string): void => {
    if (pending.has(id)) return;
    pending.add(id);
    setImmediate(() => push(id)); // after the tick that changed it: one push for a burst of changes
  };

  const open = (session: Session, scenario: Scenario, journal: SessionJournal): ScenarioRunner => {
    const runner = openScenario(session, scenario, journal, {
      onChange: () => touch(session.id),
      maxPerAddress: deps.maxTraineesPerAddress,
    });
    runners.set(session.id, runner);
    session.codeOnly = true; // a class is for the people in the room
    return runner;
  };
  keepTraining(deps.sessions, open);

  return {
    scenarios: () =>
      [...training.scenarios.values()].map((s) => ({
        key: s.key,
        name: s.name,
        description: s.description,
        scene: s.sceneKey,
        sceneName: s.scene.name,
        duration: s.duration,
        tasks: s.steps.filter((st) => st.action.kind === 'ask').length,
        speed: s.speed,
      })),
    stories: () => [...training.stories.values()].map((s) => s.info),
    sceneCards: cards,
    start(key, speed) {
      const scenario = training.scenarios.get(key);
      if (!scenario) throw new Error(`no scenario "${key}"; available: ${[...training.scenarios.keys()].join(', ')}`);
      const session = registry.create(`scenario:${key}`, scenario.scene, { seed: scenario.seed, speed: speed ?? scenario.speed });
      const runner = open(session, scenario, deps.sessions?.adopt(session, 'training', { scenario }) ?? UNKEPT_JOURNAL);
      host.announce(session);
      return runner;
    },
    runnerOf,
    openStory(key, restart, role) {
      const story = training.stories.get(key);
      if (!story) throw new Error(`no story "${key}"; available: ${[...training.stories.keys()].join(', ')}`);
      const { sessions, restarted } = stories.open(story, restart, role);
      forgetStory(
        deps.sessions,
        [sessions.before, sessions.middle, sessions.after].map((s) => (s ? registry.get(s.id) : null)),
      );
      for (const s of restarted) {
        host.resnapshot(s);
        host.announce(s);
      }
      return sessions;
    },
    touch,
  };
}

/**
 * Runs `scenario` on a new (or restored) session, in the lobby, its commands kept in `journal`. What it does to
 * the session here is part of creating it, so not recorded: a restore does it again.
 */
function openScenario(session: Session, scenario: Scenario, journal: SessionJournal, options: RunnerOptions): ScenarioRunner {
  const runner = journal.quiet(() => {
    session.pause(); // the lobby: trainees join before the trainer runs it
    return journaledRunner(attachScenario(session, scenario, { ...options, now: () => journal.clock() }), journal);
  });
  session.timer = runner;
  // A reset restarts the scenario: at once, so a replay restarts it at the same point as the live session did.
  session.onCommand((command) => {
    if (command.op === 'reset') runner.due();
  });
  return runner;
}

/** Brings training sessions back after a restart: the same scenario (as stored), then their recorded commands. */
function keepTraining(
  sessions: SessionPersistence | undefined,
  open: (session: Session, scenario: Scenario, journal: SessionJournal) => ScenarioRunner,
): void {
  sessions?.register('training', (session, data, journal) => {
    const runner = open(session, (data as { scenario: Scenario }).scenario, journal);
    return (command) => replayRunnerCommand(runner, command as RunnerCommand);
  });
}

/** Story sessions are not kept: after a restart, opening the story starts its pair anew from the story's start. */
function forgetStory(sessions: SessionPersistence | undefined, sides: ReadonlyArray<Session | null>): void {
  for (const s of sides) if (s) sessions?.forget(s);
}
