import { DEFAULT_MAX_JOBS } from '../experiments/design.ts';
import { DEFAULT_TRAINEES_PER_ADDRESS } from '../training/runner.ts';
import { InputError } from './inputError.ts';

/**
 * Limits an operator may set by flag or environment variable: the flag, else the variable, else the default. A
 * variable that is not a whole number >= 1 is an InputError naming it, so a typo stops the command at once.
 */

function limit(option: number | undefined, variable: string, env: string | undefined, fallback: number): number {
  if (option !== undefined) return option;
  if (env === undefined || env.trim() === '') return fallback;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`${variable} must be a whole number >= 1 (got "${env}")`);
  return n;
}

/**
 * The most jobs (design points x replications) one experiment may have: `--max-jobs`, else `TWIN_MAX_JOBS`, else
 * DEFAULT_MAX_JOBS. A bigger experiment is refused before it is planned, naming its size and the limit.
 */
export function maxExperimentJobs(flag?: number, env: string | undefined = process.env['TWIN_MAX_JOBS']): number {
  return limit(flag, 'TWIN_MAX_JOBS', env, DEFAULT_MAX_JOBS);
}

/**
 * The most trainees of one training class that may register from one network address: the option, else
 * `TWIN_MAX_TRAINEES_PER_ADDRESS`, else DEFAULT_TRAINEES_PER_ADDRESS. A classroom behind one NAT needs more; a
 * stranger filling a class with fake trainees gets no further than this.
 */
export function maxTraineesPerAddress(option?: number, env: string | undefined = process.env['TWIN_MAX_TRAINEES_PER_ADDRESS']): number {
  return limit(option, 'TWIN_MAX_TRAINEES_PER_ADDRESS', env, DEFAULT_TRAINEES_PER_ADDRESS);
}
