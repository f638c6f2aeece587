import { beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import { runScenarioHeadless, type HeadlessRun } from '../../server/training/headless.ts';
import { loadScenario } from '../../server/training/load.ts';
import { createLineMeter, type LineMeter } from '../../server/training/measure.ts';
import { interventionFor, scaleDist } from '../../server/training/controls.ts';
import { scoreOf } from '../../server/training/scoring.ts';
import { judge, openTask } from '../../server/training/tasks.ts';
import type { Scenario, TaskSpec } from '../../server/training/types.ts';

/** Task checks the server evaluates, right and wrong answers, and scores per trainee. */

let quick: Scenario;
let run: HeadlessRun;
const result = (name: string, task: string) => run.report.trainees.find((t) => t.name === name)!.results.find((r) => r.task === task)!;

beforeAll(async () => {
  quick = await loadScenario('test/fixtures/training/scenarios/quick.yaml');
  run = runScenarioHeadless(quick, {
    now: (t) => 1_000_000 + t * 500, // a fake wall clock running at 2x sim speed
    trainees: [
      {
        // right every time, and acts on the line
        name: 'Anna',
        moves: [
          { at: 100, task: 'sum', answer: '1' },
          { at: 135, task: 'first', answer: 'M2' },
          { at: 190, task: 'bn-named', answer: 'M2' },
          { at: 200, task: 'bn', answer: 'M2' },
          { at: 200, task: 'energy', answer: 'M1' },
          { at: 250, act: { action: 'speed', station: 'M1', percent: 100 } },
          { at: 545, act: { action: 'stop', station: 'M1' } },
        ],
      },
      {
        // wrong every time, twice where it can, and tries what is not allowed
        name: 'Ben',
        moves: [
          { at: 95, task: 'sum', answer: '0' },
          { at: 96, task: 'sum', answer: '1' },
          { at: 140, task: 'first', answer: 'M1' },
          { at: 185, task: 'bn', answer: 'M1' },
          { at: 185, task: 'energy', answer: 'M2' },
          { at: 255, task: 'restore', answer: 'M1' },
          { at: 187, task: 'nope', answer: 'M1' },
          { at: 250, task: 'bn-named', answer: 'M2' },
          { at: 300, act: { action: 'stop', station: 'M2' } },
          { at: 301, act: { action: 'speed', station: 'M2', percent: 75 } },
        ],
      },
    ],
  });
});

describe('task checks', () => {
  it('judges choices against the right option', () => {
    expect(result('Anna', 'sum')).toMatchObject({ answer: '1', expected: '1', correct: true, simSeconds: 10 });
    expect(result('Ben', 'sum')).toMatchObject({ answer: '0', expected: '1', correct: false, simSeconds: 5 });
  });

  it('judges the first failure after a time from the session event log', () => {
    expect(result('Anna', 'first')).toMatchObject({ expected: 'M2', correct: true });
    expect(result('Ben', 'first')).toMatchObject({ answer: 'M1', expected: 'M2', correct: false });
  });

  it("judges the bottleneck: a named station, or the engine's momentary bottleneck over the window", () => {
    expect(result('Anna', 'bn-named')).toMatchObject({ expected: 'M2', correct: true });
    expect(result('Anna', 'bn')).toMatchObject({ expected: 'M2', correct: true }); // M2 is the slower machine
    expect(result('Ben', 'bn')).toMatchObject({ expected: 'M2', correct: false });
    expect(result('Anna', 'energy')).toMatchObject({ expected: 'M1', correct: true }); // M1 draws 12 kW working, M2 8 kW
    expect(result('Ben', 'energy').correct).toBe(false);
  });

  it('counts an unanswered task as wrong once it closed', () => {
    expect(result('Ben', 'bn-named')).toMatchObject({ answer: null, correct: false }); // closed at 240 before Ben answered
  });

  it('measures line goals on the line, for the whole class', () => {
    const tasks = Object.fromEntries(run.report.state.tasks.map((t) => [t.id, t]));
    // M1 was slowed to a 3 s mean at 240; Anna set it back at 250; the 2-min window from 240 is complete at 360
    expect(tasks.restore?.outcome).toMatchObject({ met: true, at: 360 });
    expect(tasks.restore!.outcome!.value).toBeGreaterThan(1800);
    // Anna stopped M1 for 2 min at 545: mean power over the minute to 600 is below 6 kW
    expect(tasks.power?.outcome).toMatchObject({ met: true, at: 600 });
    for (const name of ['Anna', 'Ben']) {
      expect(result(name, 'restore')).toMatchObject({ correct: true, simSeconds: 120, wallMs: 60_000 });
      expect(result(name, 'power')).toMatchObject({ correct: true, simSeconds: 60 });
    }
  });

  it('fails a line goal nobody reaches', () => {
    const idle = runScenarioHeadless(quick);
    const tasks = Object.fromEntries(idle.report.state.tasks.map((t) => [t.id, t]));
    expect(tasks.restore?.outcome).toMatchObject({ met: false, at: 480 });
    expect(tasks.restore!.outcome!.value).toBeLessThan(1800);
    expect(tasks.power?.outcome).toMatchObject({ met: false, at: 660 });
  });

  it('refuses a second answer, unknown and closed tasks, answers to line tasks and actions not allowed', () => {
    const errors = run.refused.filter((r) => r.trainee === 'Ben').map((r) => r.error);
    expect(errors).toEqual([
      'you have answered this task already',
      'no open task "nope"',
      'this task is closed',
      'this task is measured on the line: act on the line, the server checks the result',
      'this scenario does not let trainees stop M2',
      'choose a speed of 100, 50 %',
    ]);
    expect(run.refused.filter((r) => r.trainee === 'Anna')).toEqual([]);
    expect(run.report.actions.map((a) => a.text)).toEqual(['Anna set M1 to 100 % speed', 'Anna stopped M1 for 2 min']);
  });

  it('cannot judge the first failure before anything failed', () => {
    const spec: TaskSpec = { id: 'f', prompt: '?', points: 1, timeLimit: null, check: { kind: 'firstFailure', after: 100 } };
    const meter = {} as LineMeter;
    expect(judge(openTask(spec, 100, 0), 'M1', { meter, now: 120, firstFailureAfter: () => null })).toEqual({
      error: expect.stringMatching(/no machine has failed yet/),
    });
    expect(judge(openTask(spec, 100, 0), 'M1', { meter, now: 120, firstFailureAfter: () => 'M1' })).toEqual({
      expected: 'M1',
      correct: true,
    });
    const choice: TaskSpec = { ...spec, check: { kind: 'choice', options: ['a', 'b'], answer: 1 } };
    expect(judge(openTask(choice, 0, 0), '7', { meter, now: 0, firstFailureAfter: () => null })).toEqual({
      error: 'answer with an option number from 0 to 1',
    });
  });
});

describe('scores', () => {
  it('add up the points of right answers against every task opened', () => {
    const anna = run.report.trainees.find((t) => t.name === 'Anna')!;
    const ben = run.report.trainees.find((t) => t.name === 'Ben')!;
    expect(anna).toMatchObject({ score: 7, maxScore: 7, actions: 2 });
    expect(ben).toMatchObject({ score: 2, maxScore: 7, actions: 0 }); // the two class goals
    expect(
      scoreOf([
        { task: 'a', answer: '1', expected: '1', correct: true, wallMs: 1, simSeconds: 1, points: 2 },
        { task: 'b', answer: null, expected: null, correct: null, wallMs: null, simSeconds: null, points: 1 },
      ]),
    ).toEqual({ score: 2, maxScore: 3 });
  });

  it('time answers in wall and sim time from the task opening', () => {
    expect(result('Anna', 'first')).toMatchObject({ simSeconds: 5, wallMs: 2500 }); // the fake wall clock runs at 2x
  });
});

describe('trainee controls and line measures', () => {
  it('turn allowed actions into interventions; speeds are relative to the nameplate cycle time', () => {
    const controls = quick.controls;
    expect(interventionFor(controls, { action: 'stop', station: 'M1' }, quick.scene)).toEqual({
      type: 'fault',
      station: 'M1',
      duration: 120,
    });
    expect(interventionFor(controls, { action: 'repair', station: 'M2' }, quick.scene)).toEqual({ type: 'repair', station: 'M2' });
    expect(interventionFor(controls, { action: 'speed', station: 'M2', percent: 50 }, quick.scene)).toEqual({
      type: 'set',
      station: 'M2',
      param: 'cycleTime',
      value: { dist: 'exponential', mean: 3 },
    });
    expect(interventionFor(controls, { action: 'repair', station: 'B1' }, quick.scene)).toBe('B1 is not a machine');
    expect(scaleDist({ dist: 'weibull', shape: 2, scale: 10 }, 2)).toEqual({ dist: 'weibull', shape: 2, scale: 20 });
    expect(scaleDist({ dist: 'empirical', values: [1, 2], weights: [1, 3] }, 0.5)).toEqual({
      dist: 'empirical',
      values: [0.5, 1],
      weights: [1, 3],
    });
  });

  it('measure windows from samples and start afresh at the end of warm-up', async () => {
    const scene = await loadScene('test/fixtures/training/line.yaml');
    const sim = createSimulation(scene.line, { seed: 1, warmup: 100 });
    const meter = createLineMeter(sim, 600);
    const good: number[] = [];
    for (let t = 0; t <= 300; t += 15) {
      sim.runUntil(t);
      meter.sample();
      good[t] = sim.report().produced.good;
    }
    expect(meter.throughput(60)).toBeCloseTo(((good[300]! - good[240]!) * 3600) / 60, 6);
    sim.runUntil(130);
    // the window reaches back before the warm-up ended at 100: only the 30 s since count
    const fresh = createSimulation(scene.line, { seed: 1, warmup: 100 });
    const m2 = createLineMeter(fresh, 600);
    for (let t = 0; t <= 120; t += 15) {
      fresh.runUntil(t);
      m2.sample();
    }
    fresh.runUntil(130);
    expect(m2.throughput(60)).toBeCloseTo((fresh.report().produced.good * 3600) / 30, 6);
    expect(m2.meanPower(60)).toBeCloseTo((fresh.report().energy.kWh * 3600) / 30, 6);
  });
});
