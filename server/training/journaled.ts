import type { SessionJournal } from '../session/journal.ts';
import type { ActRequest } from './controls.ts';
import type { ScenarioRunner } from './runner.ts';

/**
 * A training session's runner as the server uses it, kept in the session journal: each command of a trainer or
 * trainee that changes the training is recorded (once it succeeded) with the simulated time, and what the runner
 * does to the session itself (its steps' interventions, pauses, steps) is not, because replaying the recorded
 * commands with the runner attached does it again. Any new runner method that changes state must be added here.
 */

/** A recorded command of a training session. */
export type RunnerCommand =
  | { op: 'hello'; trainee: string; name: string; address?: string | undefined }
  | { op: 'remove'; trainee: string }
  | { op: 'answer'; trainee: string; task: string; answer: string }
  | { op: 'act'; trainee: string; req: ActRequest }
  | { op: 'run' }
  | { op: 'pause' }
  | { op: 'skip' }
  | { op: 'end' };

/** Wraps `runner` so its commands go to `journal` and its own session commands stay out of it. */
export function journaledRunner(runner: ScenarioRunner, journal: SessionJournal): ScenarioRunner {
  // Runs a command quietly, then records it: a command that throws (refused) leaves no entry.
  const recorded = <R>(act: () => R, entry: (result: R) => RunnerCommand): R => {
    const result = journal.quiet(act);
    journal.record(entry(result));
    return result;
  };
  return {
    ...runner,
    // reading may catch the runner up with a reset (it restarts the scenario and steps the session): never recorded
    due: () => journal.quiet(() => runner.due()),
    fire: () => journal.quiet(() => runner.fire()),
    state: () => journal.quiet(() => runner.state()),
    report: () => journal.quiet(() => runner.report()),
    hello: (name, id, address) =>
      recorded(
        () => runner.hello(name, id, address),
        (t) => ({ op: 'hello', trainee: t.id, name, ...(t.address === undefined ? {} : { address: t.address }) }),
      ),
    remove: (trainee) =>
      recorded(
        () => runner.remove(trainee),
        () => ({ op: 'remove', trainee }),
      ),
    answer: (trainee, task, answer) =>
      recorded(
        () => runner.answer(trainee, task, answer),
        () => ({ op: 'answer', trainee, task, answer }),
      ),
    act: (trainee, req) =>
      recorded(
        () => runner.act(trainee, req),
        () => ({ op: 'act', trainee, req }),
      ),
    run: () =>
      recorded(
        () => runner.run(),
        () => ({ op: 'run' }),
      ),
    pause: () =>
      recorded(
        () => runner.pause(),
        () => ({ op: 'pause' }),
      ),
    skip: () =>
      recorded(
        () => runner.skip(),
        () => ({ op: 'skip' }),
      ),
    end: () =>
      recorded(
        () => runner.end(),
        () => ({ op: 'end' }),
      ),
  };
}

/** Applies a recorded command again, while the session is restored. */
export function replayRunnerCommand(runner: ScenarioRunner, command: RunnerCommand): void {
  switch (command.op) {
    case 'hello':
      if (runner.trainee(command.trainee)) runner.hello(command.name, command.trainee);
      else runner.restoreTrainee(command.trainee, command.name, command.address);
      return;
    case 'remove':
      return runner.remove(command.trainee);
    case 'answer':
      runner.answer(command.trainee, command.task, command.answer);
      return;
    case 'act':
      return runner.act(command.trainee, command.req);
    case 'run':
      return runner.run();
    case 'pause':
      return runner.pause();
    case 'skip':
      runner.skip();
      return;
    case 'end':
      return runner.end();
  }
}
