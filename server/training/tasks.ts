import type { TaskInput, TaskView } from '../protocol/training.ts';
import type { Seconds } from '../sim/index.ts';
import type { LineMeter } from './measure.ts';
import type { TaskSpec } from './types.ts';

/**
 * Tasks while a scenario runs: opening, the checks the server evaluates (an answer against the engine's
 * report or event log, a line goal against windowed measures), closing at their deadline, and the view
 * everyone gets (never the expected answer while a task is open).
 */

/** A task once a step opened it. */
export interface OpenTask {
  spec: TaskSpec;
  openedAt: Seconds;
  /** Wall clock (ms) when it opened, for time-taken in wall time. */
  openedWall: number;
  closesAt: Seconds | null;
  status: 'open' | 'closed';
  /** Line tasks once decided; `answer` and `expected` name machines where the task is about one (actOnWarning). */
  outcome?: { met: boolean; at: Seconds; value: number; wall: number; answer?: string; expected?: string } | undefined;
  /** actOnWarning: the machines seen with an open warning since the task opened, and when each warned. */
  warned?: Map<string, Seconds> | undefined;
  /** actOnWarning: machines whose warning someone else's service ended (a policy, an operator), not the class's. */
  servicedByOthers?: Set<string> | undefined;
}

/** What a check may read. */
export interface CheckContext {
  meter: LineMeter;
  now: Seconds;
  /** The machine that failed (or had a fault injected) first at or after `t`, or null if none has yet. */
  firstFailureAfter(t: Seconds): string | null;
}

/** A judged answer, or why it cannot be judged (nothing is recorded then). */
export type Judgement = { expected: string; correct: boolean } | { error: string };

/** Opens a task at `now`; line goals close after `within`, others after `timeLimit` or at the scenario's end. */
export function openTask(spec: TaskSpec, now: Seconds, wall: number): OpenTask {
  const c = spec.check;
  const limit = c.kind === 'restoreThroughput' || c.kind === 'reducePower' || c.kind === 'actOnWarning' ? c.within : spec.timeLimit;
  return { spec, openedAt: now, openedWall: wall, closesAt: limit === null ? null : now + limit, status: 'open' };
}

/** How a task is answered. */
export function inputOf(spec: TaskSpec): TaskInput {
  const k = spec.check.kind;
  return k === 'choice' ? 'choice' : k === 'restoreThroughput' || k === 'reducePower' || k === 'actOnWarning' ? 'line' : 'station';
}

/** Judges a trainee's answer (a station id, or an option index for choices) at the current sim time. */
export function judge(task: OpenTask, answer: string, ctx: CheckContext): Judgement {
  const c = task.spec.check;
  switch (c.kind) {
    case 'choice': {
      const i = Number(answer);
      if (!Number.isInteger(i) || i < 0 || i >= c.options.length)
        return { error: `answer with an option number from 0 to ${c.options.length - 1}` };
      return { expected: String(c.answer), correct: i === c.answer };
    }
    case 'findBottleneck': {
      const expected = c.station ?? ctx.meter.bottleneck(c.window);
      if (!expected) return { error: 'no machine has been a bottleneck yet: watch the line a little longer' };
      return { expected, correct: answer === expected };
    }
    case 'pickStation': {
      const expected = c.answer === 'mostEnergy' ? ctx.meter.mostEnergy(c.window) : c.answer;
      return { expected, correct: answer === expected };
    }
    case 'firstFailure': {
      const expected = ctx.firstFailureAfter(c.after);
      if (expected === null) return { error: 'no machine has failed yet since the alarm: watch the line' };
      return { expected, correct: answer === expected };
    }
    case 'restoreThroughput':
    case 'reducePower':
    case 'actOnWarning':
      return { error: 'this task is measured on the line: act on the line, the server checks the result' };
  }
}

/**
 * A line goal at sim time `now` (called at every sample and at the deadline): the value over a window that
 * lies wholly after the task opened, and whether it meets the goal. null while no such window exists yet.
 */
export function measureGoal(task: OpenTask, meter: LineMeter, now: Seconds): { value: number; met: boolean } | null {
  const c = task.spec.check;
  if (c.kind !== 'restoreThroughput' && c.kind !== 'reducePower') return null;
  if (now - task.openedAt < c.window - 1e-9) return null;
  if (c.kind === 'restoreThroughput') {
    const value = meter.throughput(c.window);
    return { value, met: value >= c.above };
  }
  const value = meter.meanPower(c.window);
  return { value, met: value < c.below };
}

/** The goal of a line task in words. */
function goalText(spec: TaskSpec): string | undefined {
  const c = spec.check;
  const min = (s: Seconds): string => `${+(s / 60).toFixed(1)} min`;
  if (c.kind === 'restoreThroughput')
    return `throughput ≥ ${c.above.toLocaleString('en-US')} parts/h over ${min(c.window)}, within ${min(c.within)}`;
  if (c.kind === 'reducePower') return `mean power < ${c.below.toLocaleString('en-US')} kW over ${min(c.window)}, within ${min(c.within)}`;
  if (c.kind === 'actOnWarning') return `service ${c.station ?? 'the machine that warns'} before it fails, within ${min(c.within)}`;
  return undefined;
}

/** What everyone sees of a task. */
export function taskView(task: OpenTask, machines: readonly string[]): TaskView {
  const { spec } = task;
  const input = inputOf(spec);
  const c = spec.check;
  const stations =
    input !== 'station'
      ? undefined
      : c.kind === 'pickStation' && c.answer !== 'mostEnergy' && !machines.includes(c.answer)
        ? [...machines, c.answer]
        : [...machines];
  return {
    id: spec.id,
    kind: c.kind,
    input,
    prompt: spec.prompt,
    options: c.kind === 'choice' ? c.options : undefined,
    stations,
    goal: goalText(spec),
    points: spec.points,
    openedAt: task.openedAt,
    closesAt: task.closesAt,
    status: task.status,
    outcome: task.outcome ? { met: task.outcome.met, at: task.outcome.at, value: Math.round(task.outcome.value * 10) / 10 } : undefined,
  };
}
