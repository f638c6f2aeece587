import { didYouMean } from '../scene/didYouMean.ts';
import type { IssueAt } from '../scene/errors.ts';
import type { Scene } from '../scene/index.ts';
import { isMachineType, type MachineSpec } from '../sim/index.ts';
import type { ScenarioFile } from './schema.ts';

/**
 * Checks of a schema-valid scenario that need its scene or the whole file: every station named exists and is
 * of a kind the action fits, task ids are unique, choice answers are among the options, line-task windows
 * fit their time limits, every step lies within the scenario, and what needs wear has it (a warning to act on, a
 * service duration, a policy to switch). Returns issues with data paths.
 */
export function checkScenario(file: ScenarioFile, scene: Scene): IssueAt[] {
  const issues: IssueAt[] = [];
  const types = new Map(scene.line.stations.map((s) => [s.id, s.type]));
  const ids = [...types.keys()];
  const machines = ids.filter((s) => isMachineType(types.get(s) ?? ''));

  const station = (path: PropertyKey[], value: string, kind: 'any' | 'machine' | 'buffer'): void => {
    const type = types.get(value);
    if (type === undefined) {
      issues.push({ path, message: `no station "${value}" in the scene "${scene.name}"`, hint: didYouMean(value, ids) });
    } else if (kind === 'machine' && !isMachineType(type)) {
      issues.push({ path, message: `${value} is a ${type}; this needs a machine (${machines.join(', ')})` });
    } else if (kind === 'buffer' && type !== 'buffer') {
      issues.push({ path, message: `${value} is a ${type}; capacity can be set on buffers only` });
    }
  };

  const spec = (id: string): MachineSpec | undefined => {
    const s = scene.line.stations.find((x) => x.id === id);
    return s && isMachineType(s.type) ? (s as MachineSpec) : undefined;
  };
  const warners = machines.filter((m) => spec(m)?.wear?.warnAt !== undefined);
  const servicable = machines.filter((m) => spec(m)?.maintenance?.duration !== undefined);
  // a machine `value` that exists must have `has`; `what` says what is missing
  const needs = (path: PropertyKey[], value: string, has: readonly string[], what: string): void => {
    if (spec(value) !== undefined && !has.includes(value))
      issues.push({ path, message: `${value} ${what}`, hint: has.length > 0 ? `these have it: ${has.join(', ')}` : undefined });
  };

  const end = endOf(file);
  if (end === undefined) issues.push({ path: [], message: 'needs a `duration` or a step with `end: true`: when does the scenario end?' });
  else if (file.start !== undefined && file.start >= end)
    issues.push({ path: ['start'], message: `must be before the end of the scenario (${end} s)` });

  const taskAt = new Map<string, number>();
  file.steps.forEach((step, i) => {
    const at = ['steps', i];
    if (end !== undefined && step.at > end) issues.push({ path: [...at, 'at'], message: `is after the end of the scenario (${end} s)` });
    if (file.start !== undefined && step.at < file.start)
      issues.push({ path: [...at, 'at'], message: `is before the scenario starts (start: ${file.start} s)` });
    if (step.fault) station([...at, 'fault', 'station'], step.fault.station, 'machine');
    if (step.repair) station([...at, 'repair', 'station'], step.repair.station, 'machine');
    if (step.set) station([...at, 'set', 'station'], step.set.station, step.set.param === 'capacity' ? 'buffer' : 'machine');
    const set = step.set;
    if (set?.param === 'threshold' || (set?.param === 'policy' && (set.value === 'condition' || set.value === 'predictive'))) {
      const withCare = machines.filter((m) => spec(m)?.wear?.signal !== undefined && spec(m)?.maintenance !== undefined);
      needs(
        [...at, 'set', 'station'],
        set.station,
        withCare,
        'has no condition signal and maintenance to switch (wear.signal, maintenance in the scene)',
      );
    } else if (set?.param === 'policy' || set?.param === 'every') {
      const serviced = machines.filter((m) => spec(m)?.maintenance?.duration !== undefined);
      needs([...at, 'set', 'station'], set.station, serviced, 'has no service duration: give it maintenance.duration in the scene');
    }
    const task = step.ask;
    if (!task) return;
    const path = [...at, 'ask'];
    const first = taskAt.get(task.id);
    if (first !== undefined) issues.push({ path: [...path, 'id'], message: `duplicate task id "${task.id}" (also at steps[${first}])` });
    else taskAt.set(task.id, i);
    switch (task.type) {
      case 'findBottleneck':
        if (task.station !== undefined) station([...path, 'station'], task.station, 'machine');
        break;
      case 'pickStation':
        if (task.answer !== 'mostEnergy') station([...path, 'answer'], task.answer, 'any');
        break;
      case 'firstFailure':
        if (task.after !== undefined && task.after > step.at) {
          issues.push({
            path: [...path, 'after'],
            message: `must not be later than the step (${step.at} s): the answer must be known when the task opens`,
          });
        }
        break;
      case 'choice':
        if (typeof task.answer === 'number' && task.answer >= task.options.length) {
          issues.push({
            path: [...path, 'answer'],
            message: `option ${task.answer} does not exist: options are numbered 0 to ${task.options.length - 1}`,
          });
        } else if (typeof task.answer === 'string' && !task.options.includes(task.answer)) {
          issues.push({ path: [...path, 'answer'], message: 'is not one of the options', hint: didYouMean(task.answer, task.options) });
        }
        break;
      case 'actOnWarning':
        if (task.station !== undefined) {
          station([...path, 'station'], task.station, 'machine');
          needs([...path, 'station'], task.station, warners, 'never warns: it needs wear with a signal and warnAt in the scene');
        } else if (warners.length === 0) {
          issues.push({
            path: [...path, 'type'],
            message: `no machine of the scene "${scene.name}" warns (wear.warnAt): nothing to act on`,
          });
        }
        if (!file.controls?.some((c) => c.action === 'service'))
          issues.push({
            path: [...path, 'type'],
            message: 'needs a control `{ action: service }`: trainees act on the warning by servicing a machine',
          });
        break;
      case 'restoreThroughput':
      case 'reducePower':
        if (task.window !== undefined && task.window > task.within) {
          issues.push({
            path: [...path, 'window'],
            message: `must not be longer than within (${task.within} s): the goal is measured over a window inside the time allowed`,
          });
        }
        break;
    }
  });

  file.controls?.forEach((c, i) =>
    c.stations?.forEach((s, j) => {
      station(['controls', i, 'stations', j], s, 'machine');
      if (c.action === 'service')
        needs(['controls', i, 'stations', j], s, servicable, 'has no service duration: give it maintenance.duration in the scene');
    }),
  );
  file.controls?.forEach((c, i) => {
    if (c.action === 'service' && servicable.length === 0)
      issues.push({
        path: ['controls', i, 'action'],
        message: `no machine of the scene "${scene.name}" can be serviced (maintenance.duration)`,
      });
  });
  return issues;
}

/** When the scenario ends: its `duration`, else its first `end` step. */
export function endOf(file: Pick<ScenarioFile, 'duration' | 'steps'>): number | undefined {
  if (file.duration !== undefined) return file.duration;
  const ends = file.steps.filter((s) => s.end).map((s) => s.at);
  return ends.length > 0 ? Math.min(...ends) : undefined;
}
