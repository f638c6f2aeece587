import { beforeAll, describe, expect, it } from 'vitest';
import { SceneError } from '../../server/scene/index.ts';
import { createSession } from '../../server/session/session.ts';
import { runScenarioHeadless, type ScriptedMove } from '../../server/training/headless.ts';
import { journaledRunner, replayRunnerCommand, type RunnerCommand } from '../../server/training/journaled.ts';
import { loadScenario } from '../../server/training/load.ts';
import { attachScenario } from '../../server/training/runner.ts';
import type { Scenario } from '../../server/training/types.ts';

/**
 * The "act on the warning" task on the bundled scenario scenes/scenarios/act-on-warning.yaml (seed 64): CNC3 warns
 * at 2 d 6 h 20 min and, left alone, fails at 2 d 7 h 53.7 min. The server scores the class's first service.
 */

let scenario: Scenario;
const T = (h: number, min: number): number => 2 * 86_400 + h * 3600 + min * 60;
const WARNS = T(6, 20);

beforeAll(async () => {
  scenario = await loadScenario('scenes/scenarios/act-on-warning.yaml');
}, 60_000);

/** The scenario run headless with one trainee making `moves`; the act-on-the-warning task's result and outcome. */
function play(moves: ScriptedMove[]) {
  const run = runScenarioHeadless(scenario, { trainees: [{ name: 'Anna', moves }] });
  const result = run.report.trainees[0]!.results.find((r) => r.task === 'service-warned')!;
  const task = run.report.state.tasks.find((t) => t.id === 'service-warned')!;
  return { run, result, task };
}
const service = (at: number, station: string): ScriptedMove => ({ at, act: { action: 'service', station } });

// each run drives the cell through two days up to the start: about a second, several on a loaded machine
describe('act on the warning', { timeout: 60_000 }, () => {
  it('is right when the class services the machine whose warning is open, before it fails', () => {
    const { run, result, task } = play([service(T(6, 30), 'CNC3')]);
    expect(run.refused).toEqual([]);
    expect(result).toMatchObject({ answer: 'CNC3', expected: 'CNC3', correct: true, simSeconds: T(6, 30) - T(6, 0), points: 2 });
    expect(task).toMatchObject({ kind: 'actOnWarning', input: 'line', status: 'closed', outcome: { met: true, at: T(6, 30), value: 10 } });
    expect(run.report.actions.map((a) => a.text)).toEqual(['Anna started a service of CNC3']);
    expect(run.session.interventions.some((i) => i.intervention.type === 'service' && i.intervention.station === 'CNC3')).toBe(true);
  });

  it('is wrong when the first service is of a machine without a warning', () => {
    const { result, task } = play([service(T(6, 30), 'CNC1'), service(T(6, 40), 'CNC3')]);
    expect(result).toMatchObject({ answer: 'CNC1', expected: 'CNC3', correct: false });
    expect(task.outcome).toMatchObject({ met: false, at: T(6, 30) });
  });

  it('is wrong when the right machine is serviced before it warned (that is not acting on the warning)', () => {
    const { result } = play([service(T(6, 10), 'CNC3')]);
    expect(WARNS).toBeGreaterThan(T(6, 10));
    expect(result).toMatchObject({ answer: 'CNC3', expected: 'no machine warned yet', correct: false });
  });

  it('is wrong when the warned machine fails first: too late, and a service of the down machine is refused', () => {
    const { run, result, task } = play([service(T(7, 56), 'CNC3')]);
    expect(result).toMatchObject({ answer: null, expected: 'CNC3', correct: false });
    // decided at the failure itself (from the event log), not at the next sample or the deadline
    expect(task.outcome!.met).toBe(false);
    expect(task.outcome!.at).toBeCloseTo(T(7, 53.7), -1);
    expect(task.outcome!.value).toBeCloseTo(93.7, 0); // minutes from the warning to the failure
    expect(task.closesAt).toBe(T(8, 0));
    expect(run.refused).toEqual([{ trainee: 'Anna', at: T(7, 56), error: 'CNC3 is down or already being serviced' }]);
  });

  it('is not decided by a service the class did not start: a condition policy left on services the warned machine', () => {
    const policyOn = {
      ...scenario,
      steps: scenario.steps.filter((s) => !(s.action.kind === 'intervene' && s.action.intervention.type === 'set')),
    };
    const run = runScenarioHeadless(policyOn, { trainees: [{ name: 'Anna', moves: [] }] });
    const task = run.report.state.tasks.find((t) => t.id === 'service-warned')!;
    const cnc3 = run.session.recentLog().filter((e) => e.station === 'CNC3' && e.t >= T(6, 0));
    expect(cnc3.find((e) => e.kind === 'warning')?.t).toBe(WARNS); // it warned, and the policy serviced it: no failure
    expect(cnc3.filter((e) => e.kind === 'failure')).toEqual([]);
    // missed at the deadline (nobody in the class acted), not at a failure that never came
    expect(task.outcome).toEqual({ met: false, at: T(8, 0), value: 0 });
    expect(run.report.trainees[0]!.results[0]).toMatchObject({ expected: 'CNC3', correct: false });
  });

  it('comes back the same when a restarted server replays the journaled trainee commands', () => {
    // a live class: the journaled runner records what the trainee and trainer did, at its sim time
    const recorded: Array<{ at: number; command: RunnerCommand }> = [];
    const clockReadings: number[] = []; // each one is a journal entry, played back on restore: samples must not read the clock
    const drive = (record: boolean) => {
      const session = createSession({
        id: 'w',
        code: 'WARNIN',
        sceneKey: 'cnc-cell',
        scene: scenario.scene,
        seed: scenario.seed,
        speed: 'max',
      });
      const journal = {
        record: (data: unknown) => (record ? recorded.push({ at: session.sim.now, command: data as RunnerCommand }) : undefined),
        quiet: <R>(act: () => R): R => act(),
        clock: () => (record ? clockReadings[clockReadings.push(1000 * session.sim.now) - 1]! : clockReadings.shift()!),
      };
      const plain = attachScenario(session, scenario, { now: () => journal.clock() }); // as the hub does
      session.timer = plain;
      const runner = journaledRunner(plain, journal);
      const to = (t: number): void => {
        session.step(t - session.sim.now);
        session.advance(0, Number.MAX_SAFE_INTEGER);
      };
      return { session, runner, to };
    };
    const live = drive(true);
    live.session.advance(0, Number.MAX_SAFE_INTEGER); // the run-up to the start, stepped by the runner
    const anna = live.runner.hello('Anna');
    live.runner.run();
    live.to(T(6, 30));
    live.runner.act(anna.id, { action: 'service', station: 'CNC3' });
    live.to(T(7, 0));
    expect(recorded.map((r) => r.command.op)).toEqual(['hello', 'run', 'act']);
    expect(clockReadings.length).toBeLessThan(10); // task openings, the act and its decision; not one per 15 s sample

    const again = drive(false);
    again.session.advance(0, Number.MAX_SAFE_INTEGER);
    for (const r of recorded) {
      again.to(r.at);
      replayRunnerCommand(again.runner, r.command);
    }
    again.to(T(7, 0));
    const outcome = (r: typeof live.runner) => r.state().tasks.find((t) => t.id === 'service-warned')!.outcome;
    expect(outcome(again.runner)).toEqual({ met: true, at: T(6, 30), value: 10 });
    expect(outcome(again.runner)).toEqual(outcome(live.runner));
    expect(again.runner.report().trainees[0]!.results[0]).toEqual(live.runner.report().trainees[0]!.results[0]);
  });
});

describe('the act-on-the-warning checks', () => {
  const problems = async (file: string): Promise<string[]> => {
    try {
      await loadScenario(file);
    } catch (e) {
      if (e instanceof SceneError) return e.message.split('\n');
      throw e;
    }
    throw new Error('expected the file to be refused');
  };

  it('want a machine that warns, one that can be serviced, and a policy to switch', async () => {
    const file = 'test/fixtures/training/bad/warning.yaml';
    expect(await problems(file)).toEqual(
      expect.arrayContaining([
        `${file}: controls[0].stations[0]: DRILL has no service duration: give it maintenance.duration in the scene (these have it: CNC, LATHE)`,
        `${file}: steps[0].set.station: DRILL has no condition signal and maintenance to switch (wear.signal, maintenance in the scene) (these have it: CNC, LATHE)`,
        `${file}: steps[1].ask.station: DRILL never warns: it needs wear with a signal and warnAt in the scene (these have it: CNC, LATHE)`,
      ]),
    );
  });

  it('want a service control: trainees act on the warning by servicing', async () => {
    const file = 'test/fixtures/training/bad/warning-no-control.yaml';
    expect(await problems(file)).toEqual([
      `${file}: steps[0].ask.type: needs a control \`{ action: service }\`: trainees act on the warning by servicing a machine`,
    ]);
  });
});
