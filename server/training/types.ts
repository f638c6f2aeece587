import type { Scene } from '../scene/index.ts';
import type { Intervention, Seconds, StationId } from '../sim/index.ts';
import type { TraineeControl } from '../protocol/training.ts';

/**
 * A loaded, validated training scenario: a scene, a timeline of steps at simulated times, the tasks the
 * steps open, and what trainees may do on the line. Durations are in seconds.
 */

/** What a task checks, by kind. Station answers are station ids; choice answers option indices. */
export type TaskCheck =
  /** Right if the trainee picks `station`, or (without it) the momentary bottleneck over the last `window`. */
  | { kind: 'findBottleneck'; station?: StationId | undefined; window: Seconds }
  /** Right if the trainee picks the machine that failed (or had a fault injected) first at or after `after`. */
  | { kind: 'firstFailure'; after: Seconds }
  /** Right if the trainee picks `answer` (a station id, or `mostEnergy`: the machine that used the most energy over the last `window`). */
  | { kind: 'pickStation'; answer: StationId; window: Seconds }
  | { kind: 'choice'; options: string[]; answer: number }
  /** Met when the good parts per hour over a `window` after opening reach `above`, within `within`. */
  | { kind: 'restoreThroughput'; above: number; within: Seconds; window: Seconds }
  /** Met when the mean power (kW) over a `window` after opening falls below `below`, within `within`. */
  | { kind: 'reducePower'; below: number; within: Seconds; window: Seconds }
  /**
   * Met when the class starts a service (trainee action `service`) on a machine whose condition warning is open
   * (`station`, if given), within `within`; missed when it services a machine without one, or when the warned
   * machine's warning ends without that service (a wear-out failure), or at the deadline.
   */
  | { kind: 'actOnWarning'; station?: StationId | undefined; within: Seconds };

/** A task a step opens. */
export interface TaskSpec {
  id: string;
  prompt: string;
  points: number;
  /** Sim seconds after opening during which answers count; null: until the scenario ends. */
  timeLimit: Seconds | null;
  check: TaskCheck;
}

/** What a step does. */
export type StepAction =
  | { kind: 'intervene'; intervention: Intervention }
  | { kind: 'message'; text: string; pause: boolean }
  | { kind: 'ask'; task: TaskSpec }
  | { kind: 'end' };

/** One step of the timeline. */
export interface Step {
  at: Seconds;
  label: string;
  action: StepAction;
}

/** A scenario ready to run. */
export interface Scenario {
  /** File name without folder and extension. */
  key: string;
  file: string;
  name: string;
  description: string;
  scene: Scene;
  /** Scene key (file name without extension) of the scene it runs on. */
  sceneKey: string;
  seed: number;
  speed: number;
  /** Sim time the scenario starts at: the line runs up to it at full speed before the lobby opens. */
  start: Seconds;
  /** The scenario ends at this sim time (the last `end` step, or `duration`). */
  duration: Seconds;
  controls: TraineeControl[];
  /** In time order (steps at the same time in file order). */
  steps: Step[];
}
