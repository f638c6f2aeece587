import type { Session, SimTimer } from '../session/session.ts';
import { isMachineType, type Simulation } from '../sim/index.ts';
import type { TaskResult, TrainingReport, TrainingState } from '../protocol/training.ts';
import { describeAction, interventionFor, type ActRequest } from './controls.ts';
import { createLineMeter, SAMPLE_SECONDS, type LineMeter } from './measure.ts';
import { createTrainee, resultsOf, traineeReport, type Trainee } from './scoring.ts';
import { inputOf, judge, measureGoal, openTask, taskView, type OpenTask } from './tasks.ts';
import type { Scenario, Step } from './types.ts';
import { serviceStarted, stationWarned, watchWarnings, type WarningContext } from './warningTask.ts';

/**
 * Runs a scenario on a live session. It is the session's SimTimer: the session stops the engine exactly at
 * each step's time and calls `fire`, so steps become interventions at exact simulated times (logged, and
 * replayable from scene + seed + intervention log like any operator's). Between steps it samples the line
 * every SAMPLE_SECONDS for the task checks, and closes tasks at their deadlines. A session reset restarts
 * the scenario from its first step (trainees stay; their answers go).
 */

/** A scenario attached to a session. */
export interface ScenarioRunner extends SimTimer {
  readonly scenario: Scenario;
  readonly session: Session;
  state(): TrainingState;
  report(): TrainingReport;
  trainee(id: string): Trainee | null;
  /**
   * Registers a trainee (or finds the one with `id`), coming from network `address`: a new one is refused when
   * `maxPerAddress` trainees of the class came from there already, or when `id` is one the trainer removed.
   */
  hello(name: string, id?: string, address?: string): Trainee;
  /** Trainer: takes a trainee out of the class, answers and all; the id cannot say hello again. */
  remove(traineeId: string): void;
  /** Judges and records a trainee's answer; throws an Error with a message for the trainee. */
  answer(traineeId: string, taskId: string, answer: string): TaskResult;
  /** A trainee's action on the line, if the scenario allows it; throws otherwise. */
  act(traineeId: string, req: ActRequest): void;
  /** Trainer: leave the lobby or a pause and run. */
  run(): void;
  pause(): void;
  /** Trainer: run at full speed to the next step (it fires at its own time), then carry on. Returns its time. */
  skip(): number;
  /** Trainer: end now (open tasks close). */
  end(): void;
  /** Restoring: the trainee `id` registered again under that id (a restarted server keeps its class). */
  restoreTrainee(id: string, name: string, address?: string): Trainee;
}

/** Callbacks of a runner. */
export interface RunnerOptions {
  /** Wall clock in ms (Date.now), for the time trainees take. */
  now?: () => number;
  /** Something trainers or trainees see changed (steps, tasks, answers, trainees). */
  onChange?: () => void;
  /** Most trainees one network address may register (a classroom may share a NAT). Default DEFAULT_TRAINEES_PER_ADDRESS. */
  maxPerAddress?: number | undefined;
}

/** Most trainees in one class. */
export const MAX_TRAINEES = 200;
/** Default for the most trainees of one class registered from one network address. */
export const DEFAULT_TRAINEES_PER_ADDRESS = 8;

/** Attaches a runner for `scenario` to `session` (which should run the scenario's scene and seed). */
export function attachScenario(session: Session, scenario: Scenario, options: RunnerOptions = {}): ScenarioRunner {
  const wall = options.now ?? (() => Date.now());
  const changed = options.onChange ?? (() => {});
  const machines = scenario.scene.line.stations.filter((s) => isMachineType(s.type)).map((s) => s.id);
  const maxWindow = Math.max(
    15 * 60,
    ...scenario.steps.flatMap((s) => (s.action.kind === 'ask' && 'window' in s.action.task.check ? [s.action.task.check.window] : [])),
  );
  const trainees = new Map<string, Trainee>();
  const removed = new Set<string>(); // ids the trainer removed: they may not come back as themselves
  const maxPerAddress = options.maxPerAddress ?? DEFAULT_TRAINEES_PER_ADDRESS;
  const actions: TrainingReport['actions'] = [];

  let sim: Simulation;
  let meter: LineMeter;
  let next = 0; // index of the next step to fire
  let tasks: OpenTask[] = [];
  let message: TrainingState['message'] = null;
  let finished = false;
  let lobby = true;
  let nextSample = 0;
  let skipTarget: number | null = null;
  let pausedByStep = false;
  let failures: Array<{ t: number; station: string }> = [];
  let warnings = new Map<string, number>(); // each machine's latest warning (log time)
  let lastSeq = -1;

  const restart = (): void => {
    sim = session.sim;
    meter = createLineMeter(sim, maxWindow);
    next = 0;
    tasks = [];
    message = null;
    finished = false;
    nextSample = sim.now;
    skipTarget = null;
    pausedByStep = false;
    failures = [];
    warnings = new Map();
    lastSeq = -1;
    for (const t of trainees.values()) t.answers.clear();
    actions.length = 0;
    // run up to the start at full speed (the session stays paused there: the trainer runs it)
    if (sim.now < scenario.start) session.step(scenario.start - sim.now);
  };
  restart();
  // A reset replaces the session's engine: the scenario starts again with it.
  const sync = (): void => {
    if (session.sim !== sim) {
      restart();
      lobby = false;
      changed();
    }
  };

  // Failures and injected faults, in order, from the session's event log (read often enough that its ring never overflows in between).
  const scanLog = (): void => {
    for (const e of session.recentLog()) {
      if (e.seq <= lastSeq) continue;
      lastSeq = e.seq;
      if ((e.kind === 'failure' || e.kind === 'fault') && e.station && failures.length < 10_000)
        failures.push({ t: e.t, station: e.station });
      if (e.kind === 'warning' && e.station) warnings.set(e.station, e.t);
    }
  };

  // What the act-on-the-warning tasks read: the engine now, and exact times from the log (scanned first).
  const warningContext = (): WarningContext => {
    scanLog();
    return {
      view: sim.view,
      now: sim.now,
      wall,
      warnedAt: (station) => warnings.get(station),
      failedSince(station, t) {
        for (let i = failures.length - 1; i >= 0 && failures[i]!.t >= t - 1e-9; i--)
          if (failures[i]!.station === station) return failures[i]!.t;
        return null;
      },
    };
  };

  // Measures line goals (all of them at a sample, only those due otherwise) and closes tasks at their deadline or `final`ly.
  const decideTasks = (now: number, measureAll: boolean, final = false): boolean => {
    let any = false;
    for (const task of tasks) {
      if (task.status !== 'open') continue;
      const due = final || (task.closesAt !== null && now >= task.closesAt - 1e-9);
      if (task.spec.check.kind === 'actOnWarning') watchWarnings(task, warningContext(), due);
      else if (inputOf(task.spec) === 'line' && (measureAll || due)) {
        const goal = measureGoal(task, meter, now);
        if (goal?.met) task.outcome = { met: true, at: now, value: goal.value, wall: wall() };
        else if (due) task.outcome = { met: false, at: now, value: goal?.value ?? 0, wall: wall() };
      }
      if (task.outcome || due) {
        task.status = 'closed';
        any = true;
      }
    }
    return any;
  };

  const runStep = (step: Step): void => {
    const a = step.action;
    switch (a.kind) {
      case 'intervene':
        session.intervene(a.intervention);
        break; // an impossible one (repair of a running machine) changes nothing
      case 'message':
        message = { text: a.text, at: sim.now };
        if (a.pause) {
          session.pause();
          pausedByStep = true;
        }
        break;
      case 'ask':
        tasks.push(openTask(a.task, sim.now, wall()));
        break;
      case 'end':
        finish();
        break;
    }
  };

  const finish = (): void => {
    if (finished) return;
    scanLog();
    decideTasks(sim.now, true, true);
    finished = true;
    skipTarget = null;
    session.pause();
  };

  const runner: ScenarioRunner = {
    scenario,
    session,
    due() {
      sync();
      if (finished) return Infinity;
      let due = Math.min(nextSample, scenario.duration, scenario.steps[next]?.at ?? Infinity);
      if (sim.now < scenario.start) due = Math.min(due, scenario.start);
      for (const task of tasks) if (task.status === 'open' && task.closesAt !== null) due = Math.min(due, task.closesAt);
      return due;
    },
    fire() {
      sync();
      if (finished) return;
      const now = sim.now;
      if (now < scenario.start) {
        // fast-forwarding to the start: samples only, for windows reaching back before it
        if (now >= nextSample) {
          meter.sample();
          scanLog();
          nextSample = (Math.floor(now / SAMPLE_SECONDS) + 1) * SAMPLE_SECONDS;
        }
        return;
      }
      const sampled = now >= nextSample;
      if (sampled) {
        meter.sample();
        scanLog();
        nextSample = (Math.floor(now / SAMPLE_SECONDS) + 1) * SAMPLE_SECONDS;
      }
      let any = decideTasks(now, sampled);
      pausedByStep = false;
      while (next < scenario.steps.length && scenario.steps[next]!.at <= now && !finished) {
        runStep(scenario.steps[next]!);
        next++;
        any = true;
      }
      // a task opened now notes the warnings open at its opening
      if (any) for (const task of tasks) if (watchWarnings(task, warningContext(), false)) task.status = 'closed';
      if (skipTarget !== null && now >= skipTarget) {
        skipTarget = null;
        if (!pausedByStep && !finished) session.resume();
      }
      if (!finished && now >= scenario.duration) {
        finish();
        any = true;
      }
      if (any) changed();
    },
    state() {
      sync();
      const info = session.info();
      return {
        session: session.id,
        code: info.code,
        scenario: {
          key: scenario.key,
          name: scenario.name,
          description: scenario.description,
          scene: scenario.sceneKey,
          sceneName: scenario.scene.name,
          duration: scenario.duration,
          tasks: scenario.steps.filter((s) => s.action.kind === 'ask').length,
          speed: scenario.speed,
        },
        status: finished ? 'finished' : lobby ? 'lobby' : info.paused ? 'paused' : 'running',
        steps: scenario.steps.map((s, i) => ({ at: s.at, label: s.label, done: i < next })),
        message,
        tasks: tasks.map((t) => taskView(t, machines)),
        controls: scenario.controls,
        trainees: trainees.size,
      };
    },
    report() {
      const list = [...trainees.values()].map((t) => traineeReport(t, tasks));
      return { state: runner.state(), trainees: list, actions: actions.slice(-200) };
    },
    trainee: (id) => trainees.get(id) ?? null,
    hello(name, id, address) {
      const known = id ? trainees.get(id) : undefined;
      if (known) {
        known.name = name;
        changed();
        return known;
      }
      if (id && removed.has(id)) throw new Error('the trainer removed you from this class');
      if (trainees.size >= MAX_TRAINEES) throw new Error('this training session is full');
      const fromThere = address === undefined ? 0 : [...trainees.values()].filter((t) => t.address === address).length;
      if (fromThere >= maxPerAddress)
        throw new Error(
          `${maxPerAddress} trainees of this class joined from your network address already: ask your trainer to remove one, or to allow more (TWIN_MAX_TRAINEES_PER_ADDRESS)`,
        );
      const t = { ...createTrainee(name), address };
      trainees.set(t.id, t);
      changed();
      return t;
    },
    remove(traineeId) {
      if (!trainees.delete(traineeId)) throw new Error(`no trainee "${traineeId}" in this class`);
      removed.add(traineeId);
      changed();
    },
    answer(traineeId, taskId, answer) {
      sync();
      const t = trainees.get(traineeId);
      if (!t) throw new Error('say hello first: you are not a trainee of this session');
      const task = tasks.find((k) => k.spec.id === taskId);
      if (!task) throw new Error(`no open task "${taskId}"`);
      if (task.status !== 'open') throw new Error('this task is closed');
      if (t.answers.has(taskId)) throw new Error('you have answered this task already');
      scanLog();
      const firstFailureAfter = (after: number): string | null => failures.find((f) => f.t >= after - 1e-9)?.station ?? null;
      const judged = judge(task, answer, { meter, now: sim.now, firstFailureAfter });
      if ('error' in judged) throw new Error(judged.error);
      t.answers.set(taskId, { answer, ...judged, wallMs: Math.max(0, wall() - task.openedWall), simSeconds: sim.now - task.openedAt });
      changed();
      return resultsOf(t, [task])[0]!;
    },
    act(traineeId, req) {
      const t = trainees.get(traineeId);
      if (!t) throw new Error('say hello first: you are not a trainee of this session');
      if (finished) throw new Error('the scenario is over');
      const iv = interventionFor(scenario.controls, req, scenario.scene);
      if (typeof iv === 'string') throw new Error(iv);
      // the engine ignores a fault on a unit that is down already: say so rather than pretend it stopped
      const st = sim.view.stations.find((s) => s.id === req.station);
      const allDown = st !== undefined && Array.from({ length: st.units }, (_, k) => sim.view.unitDown(st.index, k)).every(Boolean);
      if (iv.type === 'fault' && allDown) throw new Error(`${req.station} is stopped already`);
      const warned = st !== undefined && stationWarned(sim.view, st.index); // before the service ends the warning
      const error = session.intervene(iv, `trainee ${t.name}`);
      if (error) throw new Error(error);
      t.actions++;
      actions.push({ t: sim.now, trainee: t.name, text: describeAction(t.name, req, iv) });
      if (iv.type === 'service') {
        const ctx = warningContext();
        for (const task of tasks) if (serviceStarted(task, req.station, warned, ctx)) task.status = 'closed';
      }
      changed();
    },
    run() {
      sync();
      if (finished) throw new Error('the scenario is over: start it again from the list');
      if (sim.now < scenario.start) throw new Error('the line is still running up to the start of the scenario: a moment, please');
      lobby = false;
      skipTarget = null;
      session.resume();
      changed();
    },
    pause() {
      sync();
      session.pause();
      changed();
    },
    skip() {
      sync();
      if (finished) throw new Error('the scenario is over');
      lobby = false;
      const target = Math.min(scenario.steps[next]?.at ?? scenario.duration, scenario.duration);
      if (target > sim.now) {
        session.step(target - sim.now); // pauses and runs at full speed to exactly there
        skipTarget = target;
      } else {
        session.resume();
      }
      changed();
      return target;
    },
    end() {
      sync();
      finish();
      changed();
    },
    restoreTrainee: (id, name, address) => restoreTrainee(trainees, id, name, address, changed),
  };
  return runner;
}

/** A trainee stored by a server that restarted, under the id the trainee's browser keeps. */
function restoreTrainee(
  trainees: Map<string, Trainee>,
  id: string,
  name: string,
  address: string | undefined,
  changed: () => void,
): Trainee {
  const t: Trainee = { ...createTrainee(name), id, address };
  trainees.set(id, t);
  changed();
  return t;
}
