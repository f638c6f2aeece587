import { loadScene } from '../scene/index.ts';
import type { PowerChange, Intervention } from '../sim/index.ts';
import { sceneKey } from '../scene/catalog.ts';
import type { TraineeControl } from '../protocol/training.ts';
import { checkScenario, endOf } from './check.ts';
import { failure, readValidated } from '../scene/readValidated.ts';
import { sceneFileOf } from './readFile.ts';
import { scenarioSchema, type StepFile, type TaskFile } from './schema.ts';
import type { Scenario, Step, StepAction, TaskCheck, TaskSpec } from './types.ts';

/** Default suggested speed of a scenario: a minute of line time in two seconds. */
const DEFAULT_SPEED = 30;
/** Default window of momentary measures (bottleneck, energy) and of line goals (s). */
const DEFAULT_WINDOW = 15 * 60;
const DEFAULT_GOAL_WINDOW = 5 * 60;

/** Loads and validates a scenario file and the scene it names; every problem is a SceneError. */
export async function loadScenario(file: string): Promise<Scenario> {
  const { data, locate } = await readValidated(file, scenarioSchema);
  const { path: scenePath, issue } = sceneFileOf(file, data.scene);
  if (issue) throw failure(file, [issue], locate);
  const scene = await loadScene(scenePath);
  const issues = checkScenario(data, scene);
  if (issues.length > 0) throw failure(file, issues, locate);

  const steps = data.steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at - b.s.at || a.i - b.i) // steps at the same time keep their file order
    .map(({ s }) => toStep(s));
  return {
    key: sceneKey(file),
    file,
    name: data.name,
    description: data.description ?? '',
    scene,
    sceneKey: sceneKey(scenePath),
    seed: data.seed ?? scene.run.seed,
    speed: data.speed ?? DEFAULT_SPEED,
    start: data.start ?? 0,
    duration: endOf(data)!, // checkScenario reported a missing end
    controls: (data.controls ?? []).map((c): TraineeControl => ({
      action: c.action,
      stations: c.stations ?? [],
      ...(c.action === 'stop' ? { duration: c.duration ?? 15 * 60 } : {}),
      ...(c.action === 'speed' ? { percents: c.percents ?? [100, 90, 80] } : {}),
    })),
    steps,
  };
}

function toStep(s: StepFile): Step {
  const action = toAction(s);
  return { at: s.at, label: s.label ?? labelOf(action), action };
}

function toAction(s: StepFile): StepAction {
  if (s.message !== undefined) return { kind: 'message', text: s.message, pause: s.pause ?? false };
  if (s.fault) return { kind: 'intervene', intervention: { type: 'fault', station: s.fault.station, duration: s.fault.duration } };
  if (s.repair) return { kind: 'intervene', intervention: { type: 'repair', station: s.repair.station } };
  if (s.set) return { kind: 'intervene', intervention: toSet(s.set) };
  if (s.ask) return { kind: 'ask', task: toTask(s.ask, s.at) };
  return { kind: 'end' };
}

/** A `set` from a file as an intervention (`idle` power expanded to both waiting states). */
export function toSet(set: NonNullable<StepFile['set']>): Intervention {
  if (set.param !== 'power') return { type: 'set', ...set };
  // `idle` is the file's shorthand for both waiting states
  const { idle, ...rest } = set.value;
  const value: PowerChange = { ...rest };
  if (idle !== undefined) {
    value.starved ??= idle;
    value.blocked ??= idle;
  }
  return { type: 'set', station: set.station, param: 'power', value };
}

function toTask(t: TaskFile, at: number): TaskSpec {
  const common = { id: t.id, prompt: t.prompt, points: t.points ?? 1, timeLimit: t.timeLimit ?? null };
  let check: TaskCheck;
  switch (t.type) {
    case 'findBottleneck':
      check = { kind: t.type, station: t.station, window: t.window ?? DEFAULT_WINDOW };
      break;
    case 'firstFailure':
      check = { kind: t.type, after: t.after ?? at };
      break;
    case 'pickStation':
      check = { kind: t.type, answer: t.answer, window: t.window ?? DEFAULT_WINDOW };
      break;
    case 'choice':
      check = { kind: t.type, options: t.options, answer: typeof t.answer === 'number' ? t.answer : t.options.indexOf(t.answer) };
      break;
    case 'restoreThroughput':
      check = { kind: t.type, above: t.above, within: t.within, window: t.window ?? Math.min(DEFAULT_GOAL_WINDOW, t.within) };
      break;
    case 'actOnWarning':
      check = { kind: t.type, station: t.station, within: t.within };
      break;
    case 'reducePower':
      check = { kind: t.type, below: t.below, within: t.within, window: t.window ?? Math.min(DEFAULT_GOAL_WINDOW, t.within) };
      break;
  }
  return { ...common, check };
}

/** A short label for the console's timeline. */
function labelOf(a: StepAction): string {
  const cut = (text: string): string => (text.length > 48 ? `${text.slice(0, 45)}…` : text);
  switch (a.kind) {
    case 'message':
      return `${a.pause ? 'Pause: ' : ''}${cut(a.text)}`;
    case 'ask':
      return `Task: ${cut(a.task.prompt)}`;
    case 'end':
      return 'End';
    case 'intervene': {
      const iv = a.intervention;
      return iv.type === 'fault'
        ? `Fault on ${iv.station}`
        : iv.type === 'repair'
          ? `Repair ${iv.station}`
          : iv.type === 'service'
            ? `Service ${iv.station}`
            : `Set ${iv.station}.${iv.param}`;
    }
  }
}
