import { DEFAULT_TRAINEES_PER_ADDRESS } from '../training/runner.ts';
import { InputError } from './inputError.ts';

/**
 * The most trainees of one training class that may register from one network address: the option, else
 * `TWIN_MAX_TRAINEES_PER_ADDRESS`, else DEFAULT_TRAINEES_PER_ADDRESS. A classroom behind one NAT needs more; a
 * stranger filling a class with fake trainees gets no further than this.
 */
export function maxTraineesPerAddress(option?: number, env: string | undefined = process.env['TWIN_MAX_TRAINEES_PER_ADDRESS']): number {
  if (option !== undefined) return option;
  if (env === undefined || env.trim() === '') return DEFAULT_TRAINEES_PER_ADDRESS;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`TWIN_MAX_TRAINEES_PER_ADDRESS must be a whole number >= 1 (got "${env}")`);
  return n;
}
