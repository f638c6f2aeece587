import type { MachineSpec, MaintenancePolicy, ShiftWindow } from '../spec.ts';
import type { Seconds } from '../types.ts';
import type { RandomStream, StreamPurpose } from '../random.ts';
import { createSampler, meanOf, standardNormal, type Sampler } from '../distributions.ts';
import { isOnShift, nextShiftChange } from './shifts.ts';

/**
 * The condition of a machine unit: its wear stage and the clock that ends it, its signal readings and warning,
 * and the crew job (repair or service) it holds or waits for. Only machines with wear, a crew or a maintenance
 * policy other than `time` carry it; the others keep `care: null` and pay nothing.
 *
 * Operating-basis clocks are folded into the unit's one operating clock `u.ttf`, which the hot path already
 * counts down while the unit works: it runs to the nearer of the random failure and the end of the wear stage.
 * `ttfBase` is what `u.ttf` was set to, so `ttfBase - u.ttf` is the operating time since, and syncClocks charges
 * it to both clocks when one of them runs out or is renewed.
 */

export const POLICY_NONE = 0,
  POLICY_TIME = 1,
  POLICY_CONDITION = 2,
  POLICY_PREDICTIVE = 3;
export const POLICY_CODE: Record<MaintenancePolicy, number> = {
  none: POLICY_NONE,
  time: POLICY_TIME,
  condition: POLICY_CONDITION,
  predictive: POLICY_PREDICTIVE,
};

/** Readings the predictive estimator averages. */
const RECENT = 5;

/** A station's wear, signal, policy and crews, prepared for run time. */
export interface CareConfig {
  stages: number; // 0 without wear
  stageTime: Sampler | null;
  meanStage: Seconds;
  wearOperating: boolean;
  wearRepair: Sampler | null;
  horizon: Seconds;
  levels: Float64Array; // signal level by stage - 1; empty without a signal
  noise: number;
  every: Seconds; // between readings; Infinity without a signal
  warnAt: number; // Infinity without warnings
  policy: number; // POLICY_*
  threshold: number;
  margin: Seconds;
  serviceTime: Sampler | null;
  crewRandom: number; // crew index for random-failure repairs, -1 none
  crewWear: number;
  crewService: number;
  failuresOperating: boolean;
  /** A random failure's (or injected fault's) repair renews the wear too (failures.renewsWear, default true). */
  randomRepairRenewsWear: boolean;
  rngWear: RandomStream;
  rngWearRepairs: RandomStream;
  rngSignal: RandomStream;
}

/** No job, a repair, or a service. */
export const JOB_NONE = 0,
  JOB_REPAIR = 1,
  JOB_SERVICE = 2;

/** The care state of one unit. */
export interface UnitCare {
  stage: number; // 1..stages
  wearLeft: Seconds; // operating basis: operating time left in the stage
  randomLeft: Seconds; // operating basis: operating time left to the random failure
  ttfBase: Seconds; // u.ttf as last set
  clock: Seconds; // operating time up to the last sync (operating-basis wear): the horizon's clock
  wearToken: number;
  readingToken: number;
  serviceToken: number;
  reading: number; // latest reading; NaN before the first
  recent: Float64Array; // the last RECENT readings, a ring
  readings: number;
  warned: boolean;
  warnTime: Seconds; // calendar time of the warning
  warnClock: Seconds; // horizon clock at the warning
  serviceDue: boolean; // a service starts after the current part
  renewsWear: boolean; // the pending repair took over a service, so it renews the wear as the service would have
  plannedAt: Seconds; // a planned service's start; Infinity none
  job: number; // JOB_*
  jobActive: boolean; // a technician works on it (else it waits)
  jobCrew: number; // -1 without a crew
  jobTime: Seconds; // its duration, drawn when the job arose
  waitSince: Seconds;
  jobStart: Seconds; // when a technician (or, without a crew, the job itself) started on it
}

const crewOf = (name: string | undefined, crews: ReadonlyMap<string, number>): number =>
  name === undefined ? -1 : (crews.get(name) ?? -1);

/** The care of a machine station, or null when it has no wear, crew or policy beyond `time`. */
export function createCareConfig(
  m: MachineSpec,
  streams: (purpose: StreamPurpose) => RandomStream,
  crews: ReadonlyMap<string, number>,
): CareConfig | null {
  const wear = m.wear;
  const maintenance = m.maintenance;
  const crewed = m.failures?.crew !== undefined || wear?.crew !== undefined || maintenance?.crew !== undefined;
  const policy = maintenance ? POLICY_CODE[maintenance.policy ?? 'time'] : POLICY_NONE;
  // A priced machine needs care for its jobs' technician time (service.ts), even with no wear, crew or policy.
  const priced = maintenance?.cost !== undefined;
  if (!wear && !crewed && !priced && (policy === POLICY_NONE || policy === POLICY_TIME)) return null;
  const signal = wear?.signal;
  return {
    stages: wear ? wear.stages : 0,
    stageTime: wear ? createSampler(wear.stageTime) : null,
    meanStage: wear ? meanOf(wear.stageTime) : 0,
    wearOperating: wear?.basis === 'operating',
    wearRepair: wear ? createSampler(wear.repair) : null,
    horizon: wear ? wear.horizon : 0,
    levels: new Float64Array(signal ? signal.levels : []),
    noise: signal ? signal.noise : 0,
    every: signal ? signal.every : Infinity,
    warnAt: wear?.warnAt ?? Infinity,
    policy,
    threshold: maintenance?.threshold ?? Infinity,
    margin: maintenance?.margin ?? (wear ? meanOf(wear.stageTime) : 0),
    serviceTime: maintenance?.duration ? createSampler(maintenance.duration) : null,
    crewRandom: crewOf(m.failures?.crew, crews),
    crewWear: crewOf(wear?.crew, crews),
    crewService: crewOf(maintenance?.crew, crews),
    failuresOperating: m.failures?.basis === 'operating',
    randomRepairRenewsWear: m.failures?.renewsWear ?? true,
    rngWear: streams('wear'),
    rngWearRepairs: streams('wearRepairs'),
    rngSignal: streams('signal'),
  };
}

/** A unit's care at time 0: stage 1, clocks drawn when the unit starts (renewal in unit.ts). */
export function createUnitCare(c: CareConfig): UnitCare {
  return {
    stage: 1,
    wearLeft: Infinity,
    randomLeft: Infinity,
    ttfBase: Infinity,
    clock: 0,
    wearToken: 0,
    readingToken: 0,
    serviceToken: 0,
    reading: NaN,
    recent: new Float64Array(c.every < Infinity ? RECENT : 0),
    readings: 0,
    warned: false,
    warnTime: 0,
    warnClock: 0,
    serviceDue: false,
    renewsWear: false,
    plannedAt: Infinity,
    job: JOB_NONE,
    jobActive: false,
    jobCrew: -1,
    jobTime: 0,
    waitSince: 0,
    jobStart: 0,
  };
}

/** Charges the operating time since the operating clock was last set (`ttfBase - ttf`) to the clocks it stands for. */
export function syncClocks(uc: UnitCare, ttf: Seconds): void {
  const used = uc.ttfBase - ttf;
  if (!(used > 0)) return;
  uc.wearLeft -= used;
  uc.randomLeft -= used;
  uc.clock += used;
  uc.ttfBase = ttf;
}

/** The operating clock's new value: the nearer of the operating-basis random failure and wear stage end. */
export function operatingClock(c: CareConfig, uc: UnitCare): Seconds {
  uc.ttfBase = Math.min(c.failuresOperating ? uc.randomLeft : Infinity, c.wearOperating ? uc.wearLeft : Infinity);
  return uc.ttfBase;
}

/** Draws the length of the stage the unit is entering. */
export function drawStage(c: CareConfig): Seconds {
  return c.stageTime!(c.rngWear);
}

/** One reading of the signal in the unit's stage: the stage's level plus normal noise. */
export function drawReading(c: CareConfig, uc: UnitCare): number {
  const level = c.levels[uc.stage - 1] as number;
  const reading = c.noise > 0 ? level + c.noise * standardNormal(c.rngSignal) : level;
  uc.reading = reading;
  if (uc.recent.length > 0) uc.recent[uc.readings++ % RECENT] = reading;
  return reading;
}

/**
 * The predictive estimator: the stage whose level is nearest the mean of the last few readings, and the mean
 * remaining life from there: the rest of this stage and every later one, each at the mean stage time (exact for
 * exponential stage times, whose remaining time does not depend on the time spent). In stage-time units of the
 * wear's basis.
 */
export function remainingLife(c: CareConfig, uc: UnitCare): Seconds {
  const n = Math.min(uc.readings, RECENT);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += uc.recent[i] as number;
  const mean = sum / n;
  let stage = 1,
    best = Infinity;
  for (let k = 0; k < c.levels.length; k++) {
    const d = Math.abs((c.levels[k] as number) - mean);
    if (d < best) {
      best = d;
      stage = k + 1;
    }
  }
  return (c.stages - stage + 1) * c.meanStage;
}

/**
 * The start of the last shift break (an on-to-off change) in (now, deadline], or -1 when none comes in time or the
 * line has no shifts: where a predictive service costs no planned production time.
 */
export function lastBreakBefore(shifts: readonly ShiftWindow[] | undefined, now: Seconds, deadline: Seconds): Seconds {
  if (!shifts) return -1;
  let best = -1;
  let t = now;
  let on = isOnShift(shifts, now);
  for (;;) {
    const next = nextShiftChange(shifts, t);
    if (!(next <= deadline)) return best;
    if (on) best = next; // on -> off: a break starts
    on = !on;
    t = next;
  }
}

/** Scores the warning of the renewal cycle that ends now: right if a wear-out failure came within the horizon. */
export function scoreWarning(c: CareConfig, uc: UnitCare, wearOut: boolean, clockNow: Seconds): 'right' | 'false' | 'none' {
  if (!uc.warned) return 'none';
  uc.warned = false;
  return wearOut && clockNow - uc.warnClock <= c.horizon ? 'right' : 'false';
}
