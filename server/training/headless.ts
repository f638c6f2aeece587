import { createSession, type Session } from '../session/session.ts';
import type { TrainingReport } from '../protocol/training.ts';
import type { ActRequest } from './controls.ts';
import { attachScenario, type ScenarioRunner } from './runner.ts';
import type { Scenario } from './types.ts';

/**
 * Runs a scenario start to end without a server or a wall clock: the same session and runner as live, the
 * clock driven as fast as the engine goes, pause steps passed through, and scripted trainees answering or
 * acting at given sim times. For tests and `twin validate`.
 */

/** Something a scripted trainee does at a sim time. */
export type ScriptedMove = { at: number; task: string; answer: string } | { at: number; act: ActRequest };

/** A trainee played by a script. */
export interface ScriptedTrainee {
  name: string;
  moves: ScriptedMove[];
}

/** What a headless run gives back. */
export interface HeadlessRun {
  session: Session;
  runner: ScenarioRunner;
  report: TrainingReport;
  /** Moves the server refused, with its message (an answer before anything failed, a disallowed action...). */
  refused: Array<{ trainee: string; at: number; error: string }>;
}

/** Options of a headless run. */
export interface HeadlessOptions {
  trainees?: ScriptedTrainee[];
  /** Largest slice of sim time per advance (s): slicing must not change results. */
  sliceSeconds?: number;
  /** Fake wall clock (ms) as a function of sim time; defaults to sim time, so wall times taken equal sim times. */
  now?: (simSeconds: number) => number;
}

/** Runs `scenario` to its end. */
export function runScenarioHeadless(scenario: Scenario, options: HeadlessOptions = {}): HeadlessRun {
  const session = createSession({
    id: 'headless',
    code: 'HEADLS',
    sceneKey: scenario.sceneKey,
    scene: scenario.scene,
    seed: scenario.seed,
    speed: 'max',
  });
  const wall = options.now ?? ((t: number) => t * 1000);
  const runner = attachScenario(session, scenario, { now: () => wall(session.sim.now) });
  session.timer = runner;
  const moves = (options.trainees ?? [])
    .flatMap((t) => {
      const id = runner.hello(t.name).id;
      return t.moves.map((m) => ({ ...m, trainee: id, name: t.name }));
    })
    .sort((a, b) => a.at - b.at);
  const refused: HeadlessRun['refused'] = [];
  const slice = options.sliceSeconds ?? Infinity;

  session.advance(0, Number.MAX_SAFE_INTEGER); // up to the scenario's start
  runner.run();
  let i = 0;
  for (let guard = 0; runner.state().status !== 'finished' && guard < 1e6; guard++) {
    const now = session.sim.now;
    const target = Math.min(moves[i]?.at ?? Infinity, scenario.duration, now + slice);
    if (target > now) {
      session.step(target - now); // pause steps are stepped over: nobody has to press Run
      session.advance(0, Number.MAX_SAFE_INTEGER);
    } else if (runner.due() <= now) {
      runner.fire();
    }
    for (; i < moves.length && moves[i]!.at <= session.sim.now; i++) {
      const m = moves[i]!;
      try {
        if ('task' in m) runner.answer(m.trainee, m.task, m.answer);
        else runner.act(m.trainee, m.act);
      } catch (e) {
        refused.push({ trainee: m.name, at: session.sim.now, error: (e as Error).message });
      }
    }
  }
  return { session, runner, report: runner.report(), refused };
}
