import { randomBytes } from 'node:crypto';
import type { TaskResult, TraineeReport } from '../protocol/training.ts';
import { inputOf, type OpenTask } from './tasks.ts';

/**
 * Trainees and their scores. Answer tasks are individual: the first answer counts, timed in wall and sim
 * time from the task opening. Line tasks are the class's: everyone shares one line, so a goal met (or
 * missed) counts for every trainee, timed from opening to the moment the server measured it.
 */

/** A recorded answer. */
export interface Answer {
  answer: string;
  expected: string;
  correct: boolean;
  wallMs: number;
  simSeconds: number;
}

/** One trainee of a training session. */
export interface Trainee {
  readonly id: string;
  name: string;
  /** Connections currently speaking for this trainee. */
  connections: number;
  answers: Map<string, Answer>;
  actions: number;
  /** The network address it registered from (for the per-address limit; never shown). */
  address?: string | undefined;
}

/** A new trainee with a random id (the id is the trainee's key to come back after a reload). */
export function createTrainee(name: string): Trainee {
  return { id: randomBytes(9).toString('base64url'), name, connections: 0, answers: new Map(), actions: 0 };
}

/** The trainee's result for every task opened so far, in opening order. */
export function resultsOf(trainee: Trainee, tasks: readonly OpenTask[]): TaskResult[] {
  return tasks.map((task): TaskResult => {
    const { id, points } = task.spec;
    if (inputOf(task.spec) === 'line') {
      const o = task.outcome;
      return {
        task: id,
        answer: o?.answer ?? null,
        expected: o ? (o.expected ?? String(Math.round(o.value * 10) / 10)) : null,
        correct: o ? o.met : null,
        wallMs: o?.met ? Math.max(0, o.wall - task.openedWall) : null,
        simSeconds: o?.met ? o.at - task.openedAt : null,
        points,
      };
    }
    const a = trainee.answers.get(id);
    if (a)
      return { task: id, answer: a.answer, expected: a.expected, correct: a.correct, wallMs: a.wallMs, simSeconds: a.simSeconds, points };
    // unanswered: wrong once the task closed, undecided while it is open
    return {
      task: id,
      answer: null,
      expected: null,
      correct: task.status === 'closed' ? false : null,
      wallMs: null,
      simSeconds: null,
      points,
    };
  });
}

/** Points scored and the points of every task opened so far. */
export function scoreOf(results: readonly TaskResult[]): { score: number; maxScore: number } {
  let score = 0,
    maxScore = 0;
  for (const r of results) {
    maxScore += r.points;
    if (r.correct) score += r.points;
  }
  return { score, maxScore };
}

/** A trainee's row of the trainer's report. */
export function traineeReport(trainee: Trainee, tasks: readonly OpenTask[]): TraineeReport {
  const results = resultsOf(trainee, tasks);
  return { id: trainee.id, name: trainee.name, connected: trainee.connections > 0, results, ...scoreOf(results), actions: trainee.actions };
}
