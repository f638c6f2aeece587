import type { MachineSpec } from './spec.ts';
import type { MachineState, Seconds } from './types.ts';
import { MACHINE_STATES } from './types.ts';
import { levelMean, tallyQuantile } from './stats.ts';
import { DOWN_NONE, type Station, type World } from './model/world.ts';
import { JOB_NONE, JOB_REPAIR } from './model/care.ts';
import { waitingCount } from './model/crews.ts';
import { readMeterAt } from './model/meter.ts';
import type { StandbySavings } from './standbyTwin.ts';
import { openBeltEnergy } from './model/belts.ts';
import { changeoverReports, productReports, qualityReport, stationQuality } from './qualityReport.ts';
import type { ChangeoverReport, ProductReport, QualityReport, StationQuality } from './qualityReport.ts';

export type { ChangeoverReport, ProductReport, QualityReport, StationQuality };

/**
 * KPIs of the measured period (warm-up excluded), per ISO 22400-2 and Roser's active period method.
 * Pure read of the world: calling it never changes a later result.
 */

/** ISO 22400 OEE and its factors for one station. */
export interface OeeFactors {
  availability: number; // APT / PBT
  performance: number; // PQ x ideal cycle time / APT (ISO "effectiveness")
  quality: number; // GQ / PQ
  oee: number;
}

/** KPIs of one station. Machine-only fields are 0 for other station types. */
export interface StationReport {
  type: string;
  stateShare: Record<MachineState, number>;
  oee: OeeFactors;
  processed: number;
  good: number;
  scrap: number;
  /** Parts found defective and sent to rework (inspection stations). */
  reworked: number;
  failures: number;
  injectedFaults: number;
  mtbfObserved: Seconds; // operating time per failure; 0 without failures
  mttrObserved: Seconds; // mean time to restoration: failure (or fault) to repair in calendar time, per stop; 0 without stops
  energyKWh: number;
  /** Machines: kWh per state (a wake-up from standby is working). */
  energyByState?: Record<MachineState, number>;
  /** Share of time as momentary bottleneck, sole plus shifting. */
  bottleneckShare: number;
  bottleneckSole: number;
  bottleneckShifting: number;
  meanActivePeriod: Seconds;
  /** Buffers and conveyors: mean and max number of parts held. */
  levelMean: number;
  levelMax: number;
  /** Machines with wear, a maintenance policy or a crew. */
  maintenance?: MaintenanceReport;
  /** Stations that make defects, inspect or repair parts. */
  quality?: StationQuality;
  /** Machines with a product changeover: changeovers and their setup time per product pair (ISO 22400 setup). */
  changeovers?: Record<string, ChangeoverReport>;
}

/**
 * Failures, services and warnings of a machine. A warning is right when a wear-out failure follows within the
 * wear's horizon; `precision` = right warnings / scored warnings, `recall` = wear-out failures with a right warning
 * / wear-out failures. Under a policy that services on readings the failures never come, so these are scored on
 * the run-to-failure twin (`scoredOn`).
 */
export interface MaintenanceReport {
  randomFailures: number;
  wearOutFailures: number;
  services: number;
  warnings: number;
  warningsRight: number;
  falseAlarms: number;
  precision: number;
  recall: number;
  /** Mean calendar time from a right warning to its failure. */
  meanLeadTime: Seconds;
  /** Wear-out failures of the run-to-failure twin that this run did not have; 0 without a twin. */
  failuresAvoided: number;
  /** Down time spent waiting for a technician, in unit-seconds. */
  waitingForCrew: Seconds;
  scoredOn: 'run' | 'run-to-failure twin';
  /** Only when the machine's maintenance is priced (`maintenance.cost`). */
  cost?: MaintenanceCost;
}

/**
 * Maintenance cost over the measured period, in the scene's currency: technician hours x technicianPerHour,
 * repairs (random and wear-out failures) x sparePartsPerRepair + services x sparePartsPerService, and down hours
 * (time booked `down`, waiting for a technician included) x downtimePerHour. Hours are unit-hours.
 */
export interface MaintenanceCost {
  technicianHours: number;
  downtimeHours: number;
  technician: number;
  spareParts: number;
  downtime: number;
  total: number;
}

/** A maintenance crew over the measured period. */
export interface CrewReport {
  size: number;
  /** Mean busy technicians / size. */
  utilisation: number;
  /** Jobs started (repairs and services). */
  jobs: number;
  /** Mean wait of a job for a technician (started jobs). */
  meanWait: Seconds;
  /** Jobs waiting now. */
  waiting: number;
  /** Technicians at work now (the live crew panel). */
  busy: number;
}

/** KPIs of the whole line. */
export interface SimReport {
  simTime: Seconds;
  observedSeconds: Seconds;
  throughputPerHour: number; // good parts per hour
  produced: { good: number; scrap: number };
  wipMean: number;
  leadTimeMean: Seconds;
  leadTimeP95: Seconds;
  /**
   * Line OEE: good parts x the line's ideal time per good part / planned busy time. The ideal time per good part is
   * that of the most loaded station: its ideal cycle time x expected visits per good part / parallel units. Visits
   * come from the line's structure (routing shares, scrap, rework, assembly needs: model/visits.ts), not from counts
   * so far, so parts still inside the line cannot move it: line OEE is throughput x a constant of the line.
   */
  oee: number;
  /** Station with the largest momentary bottleneck share (sole + shifting); '' if none. */
  bottleneck: string;
  /** Station with the longest mean active period (average method). */
  bottleneckAverage: string;
  /**
   * Energy of the measured period. With a meter (the scene's tariff, demand charge, CO2 profile or base load:
   * model/meter.ts) kWh includes the base load, and cost, CO2 and the demand peak are the meter's.
   */
  energy: EnergyReport;
  stations: Record<string, StationReport>;
  /** Lines with crews. */
  crews?: Record<string, CrewReport>;
  /** The sum of the priced machines' maintenance costs; only when one is priced. */
  maintenanceCost?: MaintenanceCost;
  /** Lines with products (the scene's `products`), by product id. */
  products?: Record<string, ProductReport>;
  /** Lines with defects, inspections or repair stations. */
  quality?: QualityReport;
}

export interface EnergyReport {
  kWh: number;
  kWhPerGoodPart: number;
  /** Highest momentary power. */
  peakKW: number;
  powerNowKW: number;
  baseLoadKWh?: number;
  baseLoadShare?: number;
  cost?: number;
  costPerGoodPart?: number;
  /** The tariff's price in force now, per kWh. */
  priceNow?: number;
  co2Kg?: number;
  co2PerGoodPart?: number;
  /** Highest mean power over the demand charge's window, the time that window ended, and the charge on it. */
  peakWindowKW?: number;
  peakWindowEnd?: number;
  demandCharge?: number;
  /** Lines with standby: the savings against the same run with standby off, and that run's figures (standbyTwin.ts). */
  standbySavings?: StandbySavings;
}

/** The energy block: per-state bookings summed over stations, or the meter's reading when the line has one. */
function energyReport(w: World, stationsKWh: number): EnergyReport {
  const plain = { kWh: stationsKWh, kWhPerGoodPart: ratio(stationsKWh, w.good), peakKW: w.peakKW, powerNowKW: w.powerNow };
  if (w.meter === null) return plain;
  const m = readMeterAt(w.meter, w.now, w.powerNow, w.lineOn);
  return {
    ...plain,
    kWh: m.kWh,
    kWhPerGoodPart: ratio(m.kWh, w.good),
    powerNowKW: w.powerNow + (w.lineOn ? w.meter.baseLoad : 0),
    baseLoadKWh: m.baseLoadKWh,
    baseLoadShare: ratio(m.baseLoadKWh, m.kWh),
    ...(m.cost !== undefined ? { cost: m.cost, costPerGoodPart: ratio(m.cost, w.good), priceNow: m.priceNow! } : {}),
    ...(m.co2Kg !== undefined ? { co2Kg: m.co2Kg, co2PerGoodPart: ratio(m.co2Kg, w.good) } : {}),
    ...(m.peakWindowKW !== undefined
      ? { peakWindowKW: m.peakWindowKW, peakWindowEnd: m.peakWindowEnd!, demandCharge: m.demandCharge! }
      : {}),
  };
}

/** The booked state index of a machine waking from standby, reported as working (types.ts BOOKED_STATES). */
const WAKE = MACHINE_STATES.length;

/** Time per booked state, the open periods included. */
function bookedTimes(w: World, st: Station): Float64Array {
  const t = st.stats.stateTime.slice();
  for (const u of st.units) t[u.state]! += w.now - u.since;
  return t;
}

/** Booked values per reported state: the wake-up counts as working. */
function reported(booked: Float64Array): Float64Array {
  booked[0]! += booked[WAKE]!;
  return booked.subarray(0, WAKE);
}

/** Time per reported state, the open periods included. */
const stateTimes = (w: World, st: Station): Float64Array => reported(bookedTimes(w, st));

/**
 * kWh per reported state, the open periods included: what was set aside at the last power change plus the time in
 * state since then at today's power, so the engine's hot path books nothing per state.
 */
function stateEnergy(w: World, st: Station): Float64Array {
  const { stateEnergy: aside, stateTimeMark: mark } = st.stats;
  return reported(bookedTimes(w, st).map((time, k) => aside[k]! + ((time - mark[k]!) * (st.power[k] as number)) / 3600));
}

const byState = (values: Float64Array): Record<MachineState, number> =>
  Object.fromEntries(MACHINE_STATES.map((s, i) => [s, values[i]!])) as Record<MachineState, number>;

function openEnergy(w: World, st: Station): number {
  let e = st.stats.energyKWh + openBeltEnergy(w, st);
  for (const u of st.units) e += ((st.power[u.state] as number) * (w.now - u.since)) / 3600;
  return e;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/**
 * Time from failure to repair within the measured window, the open repairs included: a repair goes on outside
 * shifts, where its time is booked `off`, so the time booked `down` understates it.
 */
function restorationTime(w: World, st: Station): Seconds {
  let t = st.stats.restorationTime;
  for (const u of st.units) if (u.down !== DOWN_NONE) t += w.now - Math.max(u.downSince, w.measureStart);
  return t;
}

function stationReport(w: World, st: Station, bn: { sole: number[]; shifting: number[]; meanActivePeriod: number[] }): StationReport {
  const isMachine = st.units.length > 0;
  const t = stateTimes(w, st);
  const total = t.reduce((a, b) => a + b, 0);
  const stateShare = Object.fromEntries(MACHINE_STATES.map((s, i) => [s, ratio(t[i] as number, total)])) as Record<MachineState, number>;
  const s = st.stats;
  const working = t[0] as number;
  const pbt = total - (t[6] as number) - (t[5] as number); // planned busy time: minus off and planned maintenance
  const ideal = isMachine ? (st.spec as MachineSpec).idealCycleTime : 0;
  const availability = ratio(working, pbt);
  const performance = ratio(s.processed * ideal, working);
  const quality = ratio(s.processed - s.scrapped - s.reworked, s.processed); // good first time: rework is a quality loss
  const downEvents = s.failures + s.injectedFaults;
  const b = st.bottleneckIndex;
  const sole = b >= 0 ? (bn.sole[b] as number) : 0;
  const shifting = b >= 0 ? (bn.shifting[b] as number) : 0;
  return {
    type: st.type,
    stateShare,
    oee: { availability, performance, quality, oee: availability * performance * quality },
    processed: s.processed,
    good: s.processed - s.scrapped - s.reworked,
    scrap: s.scrapped,
    reworked: s.reworked,
    failures: s.failures,
    injectedFaults: s.injectedFaults,
    mtbfObserved: ratio(working, s.failures),
    mttrObserved: ratio(restorationTime(w, st), downEvents),
    energyKWh: openEnergy(w, st),
    ...(st.units.length > 0 ? { energyByState: byState(stateEnergy(w, st)) } : {}),
    bottleneckShare: sole + shifting,
    bottleneckSole: sole,
    bottleneckShifting: shifting,
    meanActivePeriod: b >= 0 ? (bn.meanActivePeriod[b] as number) : 0,
    levelMean: levelMean(s.level, w.now),
    levelMax: s.level.max,
    ...(hasMaintenance(st) ? { maintenance: maintenanceReport(w, st, t[3] as number) } : {}),
    ...(st.quality !== null ? { quality: stationQuality(st.quality) } : {}),
    ...(st.mix !== null && st.mix.changeover.some((c) => c !== null) ? { changeovers: changeoverReports(w, st.mix) } : {}),
  };
}

function hasMaintenance(st: Station): boolean {
  const spec = st.spec as MachineSpec;
  return st.units.length > 0 && (st.care !== null || spec.maintenance !== undefined);
}

/** Technicians' time on the station's jobs in the measured window, the jobs at work now included. */
function technicianTime(w: World, st: Station): Seconds {
  let t = st.stats.technicianTime;
  for (const u of st.units) {
    const uc = u.care;
    if (uc !== null && uc.job !== JOB_NONE && uc.jobActive) t += w.now - Math.max(uc.jobStart, w.measureStart);
  }
  return t;
}

function maintenanceCost(w: World, st: Station, downTime: Seconds): MaintenanceCost | undefined {
  const price = (st.spec as MachineSpec).maintenance?.cost;
  if (!price) return undefined;
  const s = st.stats;
  const technicianHours = technicianTime(w, st) / 3600;
  const downtimeHours = downTime / 3600;
  const technician = technicianHours * price.technicianPerHour;
  const spareParts = (s.failures + s.wearFailures) * price.sparePartsPerRepair + s.services * price.sparePartsPerService;
  const downtime = downtimeHours * price.downtimePerHour;
  return { technicianHours, downtimeHours, technician, spareParts, downtime, total: technician + spareParts + downtime };
}

/** The line's maintenance cost: the sum over priced machines, or undefined when none is priced. */
function lineMaintenanceCost(stations: Record<string, StationReport>): MaintenanceCost | undefined {
  let sum: MaintenanceCost | undefined;
  for (const s of Object.values(stations)) {
    const c = s.maintenance?.cost;
    if (!c) continue;
    sum ??= { technicianHours: 0, downtimeHours: 0, technician: 0, spareParts: 0, downtime: 0, total: 0 };
    for (const key of Object.keys(sum) as (keyof MaintenanceCost)[]) sum[key] += c[key];
  }
  return sum;
}

function maintenanceReport(w: World, st: Station, downTime: Seconds): MaintenanceReport {
  const s = st.stats;
  const cost = maintenanceCost(w, st, downTime);
  let waiting = s.crewWait;
  for (const u of st.units) {
    const uc = u.care;
    if (uc !== null && uc.job === JOB_REPAIR && !uc.jobActive) waiting += w.now - Math.max(uc.waitSince, w.measureStart);
  }
  return {
    randomFailures: s.failures,
    wearOutFailures: s.wearFailures,
    services: s.services,
    warnings: s.warnings,
    warningsRight: s.warningsRight,
    falseAlarms: s.falseAlarms,
    precision: ratio(s.warningsRight, s.warningsRight + s.falseAlarms),
    recall: ratio(s.warningsRight, s.wearFailures),
    meanLeadTime: ratio(s.leadTime, s.warningsRight),
    failuresAvoided: 0,
    waitingForCrew: waiting,
    scoredOn: 'run',
    ...(cost ? { cost } : {}),
  };
}

function crewReports(w: World): Record<string, CrewReport> {
  return Object.fromEntries(
    w.crews.map((c) => [
      c.id,
      {
        size: c.size,
        utilisation: levelMean(c.busyLevel, w.now) / c.size,
        jobs: c.jobs,
        meanWait: ratio(c.waitTotal, c.jobs),
        waiting: waitingCount(c),
        busy: c.busy,
      },
    ]),
  );
}

function argmax(ids: string[], values: number[]): string {
  let best = -1,
    bestValue = 0;
  values.forEach((v, i) => {
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  });
  return best >= 0 ? (ids[best] as string) : '';
}

function withLineCost(stations: Record<string, StationReport>): { maintenanceCost?: MaintenanceCost } {
  const cost = lineMaintenanceCost(stations);
  return cost ? { maintenanceCost: cost } : {};
}

/** Builds the KPI report at the world's current time. */
export function buildReport(w: World): SimReport {
  const observed = w.now - w.measureStart;
  const bn = w.bottleneck.report(w.now);
  const stations: Record<string, StationReport> = {};
  for (const st of w.stations) stations[st.id] = stationReport(w, st, bn);
  const kWh = Object.values(stations).reduce((a, s) => a + s.energyKWh, 0);
  const planned = observed - (w.offTime + (w.lineOn ? 0 : w.now - w.offSince));
  const idealLineCycle = Math.max(
    0,
    ...w.machines.map((st) => ((st.spec as MachineSpec).idealCycleTime * (w.visits[st.bottleneckIndex] as number)) / st.units.length),
  );
  const machineIds = w.machines.map((st) => st.id);
  return {
    simTime: w.now,
    observedSeconds: observed,
    throughputPerHour: ratio(w.good * 3600, observed),
    produced: { good: w.good, scrap: w.scrap },
    wipMean: levelMean(w.wip, w.now),
    leadTimeMean: w.leadTime.mean,
    leadTimeP95: tallyQuantile(w.leadTime, 0.95),
    oee: ratio(w.good * idealLineCycle, planned),
    bottleneck: argmax(
      machineIds,
      w.machines.map((st) => stations[st.id]!.bottleneckShare),
    ),
    bottleneckAverage: argmax(machineIds, bn.meanActivePeriod),
    energy: energyReport(w, kWh),
    stations,
    ...(w.crews.length > 0 ? { crews: crewReports(w) } : {}),
    ...withLineCost(stations),
    ...(w.line.products !== undefined ? { products: productReports(w, observed) } : {}),
    ...(w.stations.some((st) => st.quality !== null) ? { quality: qualityReport(w) } : {}),
  };
}

/**
 * The report of a run whose warnings were scored on its run-to-failure twin (twin.ts): the twin's warnings,
 * precision, recall and lead time, and the wear-out failures the twin had and this run did not.
 */
export function scoreOnTwin(report: SimReport, twin: SimReport): SimReport {
  const stations: Record<string, StationReport> = {};
  for (const [id, s] of Object.entries(report.stations)) {
    const own = s.maintenance;
    const t = twin.stations[id]?.maintenance;
    if (!own || !t || t.warnings === 0) {
      stations[id] = s;
      continue;
    }
    stations[id] = {
      ...s,
      maintenance: {
        ...own,
        warnings: t.warnings,
        warningsRight: t.warningsRight,
        falseAlarms: t.falseAlarms,
        precision: t.precision,
        recall: t.recall,
        meanLeadTime: t.meanLeadTime,
        failuresAvoided: Math.max(0, t.wearOutFailures - own.wearOutFailures),
        scoredOn: 'run-to-failure twin',
      },
    };
  }
  return { ...report, stations };
}
