import { DEFAULT_MAX_JOBS } from '../experiments/design.ts';
import { InputError } from './inputError.ts';

/**
 * The most jobs (design points x replications) one experiment may have: `--max-jobs`, else `TWIN_MAX_JOBS`, else
 * DEFAULT_MAX_JOBS. A bigger experiment is refused before it is planned, naming its size and the limit.
 */
export function maxExperimentJobs(flag?: number, env: string | undefined = process.env['TWIN_MAX_JOBS']): number {
  if (flag !== undefined) return flag;
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_JOBS;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`TWIN_MAX_JOBS must be a whole number >= 1 (got "${env}")`);
  return n;
}
