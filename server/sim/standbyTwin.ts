import { isMachineSpec, type LineSpec, type StationSpec } from './spec.ts';
import type { SimReport } from './kpi.ts';

/**
 * The standby-off twin: the same line with the same seed and no machine ever in standby, run alongside a line with
 * standby, so the savings are measured against the run that differs in nothing else (common random numbers: every
 * stream draws the same values). Both runs are reported.
 */

/** The line without standby, or null when no machine has it. */
export function withoutStandby(line: LineSpec): LineSpec | null {
  if (!line.stations.some((s) => isMachineSpec(s) && s.standby !== undefined)) return null;
  const stations = line.stations.map((s): StationSpec => {
    if (!isMachineSpec(s) || s.standby === undefined) return s;
    const { standby: _asleep, ...rest } = s;
    return rest;
  });
  return { ...line, stations };
}

/** What standby saves: the twin's energy (and cost) less this run's, with the twin's own figures. */
export interface StandbySavings {
  kWh: number;
  cost?: number;
  /** The standby-off run. */
  without: { kWh: number; kWhPerGoodPart: number; good: number; cost?: number; costPerGoodPart?: number };
}

export function withStandbySavings(report: SimReport, off: SimReport): SimReport {
  const e = report.energy;
  const o = off.energy;
  const priced = e.cost !== undefined && o.cost !== undefined;
  const savings: StandbySavings = {
    kWh: o.kWh - e.kWh,
    ...(priced ? { cost: o.cost! - e.cost! } : {}),
    without: {
      kWh: o.kWh,
      kWhPerGoodPart: o.kWhPerGoodPart,
      good: off.produced.good,
      ...(priced ? { cost: o.cost!, costPerGoodPart: o.costPerGoodPart! } : {}),
    },
  };
  return { ...report, energy: { ...e, standbySavings: savings } };
}
