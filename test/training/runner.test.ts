import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../server/session/session.ts';
import { replaySession } from '../../server/session/replay.ts';
import { runScenarioHeadless, type ScriptedTrainee } from '../../server/training/headless.ts';
import { loadScenario } from '../../server/training/load.ts';
import { attachScenario, type ScenarioRunner } from '../../server/training/runner.ts';
import type { Scenario } from '../../server/training/types.ts';

/** The scenario runner: steps at exact sim times however the clock is sliced, replayable, trainer controls. */

let quick: Scenario;
beforeAll(async () => {
  quick = await loadScenario('test/fixtures/training/scenarios/quick.yaml');
});

const anna: ScriptedTrainee = {
  name: 'Anna',
  moves: [
    { at: 100, task: 'sum', answer: '1' },
    { at: 250, act: { action: 'speed', station: 'M1', percent: 100 } },
    { at: 545, act: { action: 'stop', station: 'M1' } },
  ],
};

/** A live-like session with the runner attached, as the hub does it. */
function live(scenario: Scenario, speed = 20): { session: Session; runner: ScenarioRunner } {
  const session = createSession({ id: 's1', code: 'ABCDEF', sceneKey: 'line', scene: scenario.scene, seed: scenario.seed, speed });
  session.pause();
  const runner = attachScenario(session, scenario, { now: () => 0 });
  session.timer = runner;
  return { session, runner };
}
/** Advances a live session by `n` ticks of `dt` wall seconds. */
const tick = (session: Session, n: number, dt = 0.05): void => {
  for (let i = 0; i < n; i++) session.advance(dt, 1e6);
};

describe('the scenario runner', () => {
  it('fires every step at its exact sim time, however the clock is sliced', () => {
    const runs = [Infinity, 7.3, 0.9].map((slice) => runScenarioHeadless(quick, { trainees: [anna], sliceSeconds: slice }));
    for (const run of runs) {
      expect(run.session.interventions.map((i) => [i.t, i.intervention.type])).toEqual([
        [120, 'fault'],
        [240, 'set'],
        [250, 'set'],
        [545, 'fault'],
      ]);
      const opened = Object.fromEntries(run.report.state.tasks.map((t) => [t.id, t.openedAt]));
      expect(opened).toEqual({ sum: 90, first: 130, 'bn-named': 180, bn: 180, energy: 180, restore: 240, power: 540 });
      expect(run.report.state.tasks.find((t) => t.id === 'bn-named')?.closesAt).toBe(240);
    }
    // the same line, the same results: slicing changes nothing
    const [a, b, c] = runs.map((r) =>
      JSON.stringify({
        kpi: r.session.sim.report(),
        report: { ...r.report, trainees: r.report.trainees.map(({ id: _random, ...t }) => t) },
      }),
    );
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('leaves an intervention log that replays the session exactly', () => {
    const run = runScenarioHeadless(quick, { trainees: [anna], sliceSeconds: 3.7 });
    const replay = replaySession(quick.scene, quick.seed, run.session.interventions, run.session.sim.now);
    expect(JSON.stringify(replay.report())).toBe(JSON.stringify(run.session.sim.report()));
  });

  it('runs up to the start in the lobby, then steps fire on the paced clock and a pause step stops it exactly', () => {
    const { session, runner } = live(quick, 40);
    expect(() => runner.run()).toThrow(/still running up to the start/);
    tick(session, 1);
    expect(session.sim.now).toBe(60);
    expect(runner.state().status).toBe('lobby');
    tick(session, 5);
    expect(session.sim.now).toBe(60); // the lobby waits for the trainer
    runner.run();
    for (let i = 0; i < 400 && !session.info().paused; i++) tick(session, 1);
    expect(session.sim.now).toBe(240); // the pause step at 4 min
    const state = runner.state();
    expect(state.status).toBe('paused');
    expect(state.message).toEqual({ text: 'Pause here', at: 240 });
    // steps at the same time as the pause all ran: the parameter change and the task
    expect(session.interventions.map((i) => i.t)).toEqual([120, 240]);
    expect(state.tasks.map((t) => t.id)).toContain('restore');
    runner.run();
    tick(session, 3);
    expect(session.sim.now).toBeGreaterThan(240);
    expect(runner.state().status).toBe('running');
  });

  it('skips to the next step at full speed and carries on; end closes every task', () => {
    const { session, runner } = live(quick, 1);
    tick(session, 1);
    // a step at the start fires when the lobby gets there: the welcome shows while trainees join
    expect(runner.state().steps.filter((s) => s.done)).toHaveLength(1);
    expect(runner.state()).toMatchObject({ status: 'lobby', message: { text: 'Welcome', at: 60 } });
    expect(runner.skip()).toBe(90);
    tick(session, 1);
    expect(session.sim.now).toBeGreaterThanOrEqual(90);
    expect(session.sim.now).toBeLessThan(91); // running again at 1x
    expect(runner.state().status).toBe('running');
    expect(runner.state().tasks.map((t) => t.id)).toEqual(['sum']);
    runner.end();
    const state = runner.state();
    expect(state.status).toBe('finished');
    expect(state.tasks.every((t) => t.status === 'closed')).toBe(true);
    expect(session.info().paused).toBe(true);
    expect(() => runner.run()).toThrow(/over/);
  });

  it("fires work due at a step's target even when the CPU budget runs out exactly there", () => {
    const session = createSession({ id: 's9', code: 'ABCDEG', sceneKey: 'line', scene: quick.scene, seed: 1, speed: 1 });
    const fired: number[] = [];
    session.timer = {
      due: () => (fired.length ? Infinity : 10),
      fire: () => {
        fired.push(session.sim.now);
        session.resume();
      },
    };
    session.step(10);
    for (let i = 0; i < 50 && fired.length === 0; i++) session.advance(0.05, 0); // a zero budget: one slice per call
    expect(fired).toEqual([10]);
    expect(session.info().paused).toBe(false);
  });

  it('starts the scenario again when the session is reset, keeping its trainees', () => {
    const { session, runner } = live(quick, 100);
    tick(session, 1);
    const id = runner.hello('Anna').id;
    runner.run();
    tick(session, 40);
    expect(session.sim.now).toBeGreaterThan(100);
    runner.answer(id, 'sum', '1');
    session.reset();
    tick(session, 1);
    const state = runner.state();
    expect(state.steps.some((s) => s.done)).toBe(false);
    expect(state.tasks).toEqual([]);
    expect(runner.trainee(id)?.answers.size).toBe(0);
    expect(runner.report().trainees.map((t) => t.name)).toEqual(['Anna']);
  });
});
