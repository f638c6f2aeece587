import { describe, expect, it } from 'vitest';
import { maxExperimentJobs } from '../../server/commands/limits.ts';
import { DEFAULT_MAX_JOBS } from '../../server/experiments/design.ts';

/** The job limit of an experiment: the flag, else TWIN_MAX_JOBS, else the default; a bad setting is refused. */
describe('the experiment job limit', () => {
  it('comes from the flag, then the environment, then the default', () => {
    expect(maxExperimentJobs(50, '900')).toBe(50);
    expect(maxExperimentJobs(undefined, '900')).toBe(900);
    expect(maxExperimentJobs(undefined, undefined)).toBe(DEFAULT_MAX_JOBS);
    expect(maxExperimentJobs(undefined, ' ')).toBe(DEFAULT_MAX_JOBS);
  });
  it('refuses a setting that is not a whole number >= 1', () => {
    for (const bad of ['0', '-5', '2.5', 'lots'])
      expect(() => maxExperimentJobs(undefined, bad)).toThrow(/TWIN_MAX_JOBS must be a whole number >= 1/);
  });
});
