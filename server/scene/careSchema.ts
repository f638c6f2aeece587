import { z } from 'zod';
import type { CrewSpec, MaintenanceCostSpec, MaintenanceSpec, WearSpec } from '../sim/index.ts';
import { didYouMean } from './didYouMean.ts';
import { distSchema, positiveDurationSchema, recurringDistSchema, recurringDurationSchema } from './distSchema.ts';
import type { IssueAt } from './errors.ts';

/**
 * The scene keys of condition-based maintenance: crews, wear with its condition signal and warning, and the
 * maintenance policies. The keys are fixed by issue 12 (other tools read them); docs/maintenance.md explains them.
 */

const crewId = z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'crew names may contain only letters, digits, "_" and "-"' });

/** `crews: { maintenance: { size: 2 } }`. */
export const crewsSchema = z.record(
  crewId,
  z.strictObject({ size: z.number().int().min(1, { error: 'a crew needs at least 1 technician' }) }),
);

const signalSchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string(),
  levels: z.array(z.number().min(-1e9).max(1e9)).min(1),
  noise: z.number().min(0, { error: 'the noise is a standard deviation: it must be >= 0' }).max(1e9),
  every: recurringDurationSchema,
});

/** Failures that announce themselves. */
export const wearSchema = z.strictObject({
  stages: z.number().int().min(1).max(100),
  stageTime: recurringDistSchema,
  basis: z.enum(['operating', 'calendar']).optional(),
  repair: distSchema,
  crew: crewId.optional(),
  signal: signalSchema.optional(),
  warnAt: z.number().min(-1e9).max(1e9).optional(),
  horizon: positiveDurationSchema.optional(),
});

const POLICIES = ['none', 'time', 'condition', 'predictive'] as const;

const price = z.number().min(0, { error: 'a price must be >= 0' }).max(1e12);

/** `cost:` of a machine's maintenance, in one currency of the user's choice; a price left out is 0. */
export const maintenanceCostSchema = z.strictObject({
  technicianPerHour: price.optional(),
  sparePartsPerRepair: price.optional(),
  sparePartsPerService: price.optional(),
  downtimePerHour: price.optional(),
});

/** How a machine is serviced; `{every, duration}` alone is the time policy, as before. */
export const maintenanceSchema = z
  .strictObject({
    policy: z.enum(POLICIES).optional(),
    every: recurringDurationSchema.optional(),
    threshold: z.number().min(-1e9).max(1e9).optional(),
    window: z.literal('shift-end').optional(),
    margin: positiveDurationSchema.optional(),
    duration: distSchema.optional(),
    crew: crewId.optional(),
    cost: maintenanceCostSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const policy = m.policy ?? 'time';
    const issue = (key: string, message: string): void => ctx.addIssue({ code: 'custom', path: [key], message, input: m });
    const needs = (key: keyof typeof m, what: string): void => {
      if (m[key] === undefined) issue(key, `is required by policy ${policy}: ${what}`);
    };
    if (policy !== 'none') needs('duration', 'how long a service takes');
    if (policy === 'time') needs('every', 'operating time between services');
    if (policy === 'condition') needs('threshold', 'the reading above which the machine is serviced');
    const only: Record<string, readonly string[]> = {
      every: ['time'],
      threshold: ['condition'],
      window: ['predictive'],
      margin: ['predictive'],
    };
    for (const [key, policies] of Object.entries(only)) {
      if (m[key as keyof typeof m] !== undefined && !policies.includes(policy))
        issue(key, `applies to policy ${policies.join('/')}, not ${policy}`);
    }
  });

type WearFile = z.output<typeof wearSchema>;
type MaintenanceFile = z.output<typeof maintenanceSchema>;
type CrewsFile = z.output<typeof crewsSchema>;

/** What one machine of a scene file says about maintenance, for the checks. */
interface MachineCare {
  failures?: { crew?: string | undefined } | undefined;
  wear?: WearFile | undefined;
  maintenance?: MaintenanceFile | undefined;
}

/**
 * Checks across keys: crews that exist, one signal level per stage, thresholds a noiseless signal can cross, and
 * a signal for the policies that read one.
 */
export function checkCare(crews: CrewsFile | undefined, machine: MachineCare, at: PropertyKey[]): IssueAt[] {
  const issues: IssueAt[] = [];
  const names = Object.keys(crews ?? {});
  const checkCrew = (crew: string | undefined, path: PropertyKey[]): void => {
    if (crew === undefined || names.includes(crew)) return;
    const known = names.length ? `crews: ${names.join(', ')}` : 'the scene has no "crews"';
    issues.push({ path: [...at, ...path], message: `unknown crew "${crew}" (${known})`, hint: didYouMean(crew, names) });
  };
  checkCrew(machine.failures?.crew, ['failures', 'crew']);
  checkCrew(machine.wear?.crew, ['wear', 'crew']);
  checkCrew(machine.maintenance?.crew, ['maintenance', 'crew']);
  const wear = machine.wear;
  const signal = wear?.signal;
  if (wear && signal && signal.levels.length !== wear.stages) {
    issues.push({
      path: [...at, 'wear', 'signal', 'levels'],
      message: `gives ${signal.levels.length} levels for ${wear.stages} stages: give one level per stage`,
    });
  }
  if (wear?.warnAt !== undefined && !signal)
    issues.push({ path: [...at, 'wear', 'warnAt'], message: 'needs a signal to read: add wear.signal' });
  const policy = machine.maintenance?.policy;
  if ((policy === 'condition' || policy === 'predictive') && !signal) {
    issues.push({
      path: [...at, 'maintenance', 'policy'],
      message: `${policy} maintenance reads a condition signal: give the machine wear with a signal`,
      hint: wear
        ? 'add wear.signal: { name, unit, levels, noise, every }'
        : 'add wear: { stages, stageTime, repair, signal: { name, unit, levels, noise, every } }',
    });
  }
  if (signal && signal.noise === 0) {
    const low = Math.min(...signal.levels),
      high = Math.max(...signal.levels);
    const crossable = (value: number): boolean => value >= low && value < high;
    const range = `the signal's levels run from ${low} to ${high} and its noise is 0`;
    if (wear?.warnAt !== undefined && !crossable(wear.warnAt)) {
      issues.push({ path: [...at, 'wear', 'warnAt'], message: `${wear.warnAt} can never be exceeded or is always exceeded: ${range}` });
    }
    const threshold = machine.maintenance?.threshold;
    if (threshold !== undefined && !crossable(threshold)) {
      issues.push({
        path: [...at, 'maintenance', 'threshold'],
        message: `${threshold} can never be exceeded or is always exceeded: ${range}`,
      });
    }
  }
  return issues;
}

/** The engine's crews. */
export function normalizeCrews(crews: CrewsFile): CrewSpec[] {
  return Object.entries(crews).map(([id, c]) => ({ id, size: c.size }));
}

/** A wear warning is scored over this much time by default. */
const DEFAULT_HORIZON = 4 * 3600;

/** The engine's wear: basis operating and a 4 h horizon by default. */
export function normalizeWear(w: WearFile): WearSpec {
  return {
    stages: w.stages,
    stageTime: w.stageTime,
    basis: w.basis ?? 'operating',
    repair: w.repair,
    horizon: w.horizon ?? DEFAULT_HORIZON,
    ...(w.crew === undefined ? {} : { crew: w.crew }),
    ...(w.warnAt === undefined ? {} : { warnAt: w.warnAt }),
    ...(w.signal === undefined ? {} : { signal: { ...w.signal, levels: [...w.signal.levels] } }),
  };
}

/** The engine's maintenance; the policy defaults to `time`. */
export function normalizeMaintenance(m: MaintenanceFile): MaintenanceSpec {
  return {
    policy: m.policy ?? 'time',
    ...(m.duration === undefined ? {} : { duration: m.duration }),
    ...(m.every === undefined ? {} : { every: m.every }),
    ...(m.threshold === undefined ? {} : { threshold: m.threshold }),
    ...(m.margin === undefined ? {} : { margin: m.margin }),
    ...(m.crew === undefined ? {} : { crew: m.crew }),
    ...(m.cost === undefined ? {} : { cost: normalizeCost(m.cost) }),
  };
}

/** The engine's prices: a price left out is 0. */
function normalizeCost(c: z.output<typeof maintenanceCostSchema>): MaintenanceCostSpec {
  return {
    technicianPerHour: c.technicianPerHour ?? 0,
    sparePartsPerRepair: c.sparePartsPerRepair ?? 0,
    sparePartsPerService: c.sparePartsPerService ?? 0,
    downtimePerHour: c.downtimePerHour ?? 0,
  };
}
