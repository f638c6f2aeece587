import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../scene/index.ts';

/** Commander parser for a duration flag (`--horizon 7d`). */
export function durationOption(value: string): number {
  try {
    return parseDuration(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/** Commander parser for a non-negative integer flag. */
export function integerOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

/** Commander parser for a positive integer flag. */
export function positiveIntegerOption(value: string): number {
  const n = integerOption(value);
  if (n < 1) throw new InvalidArgumentError(`expected at least 1, got ${n}`);
  return n;
}
