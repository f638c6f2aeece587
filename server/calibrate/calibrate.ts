import { isMachineSpec, type LineSpec, type MachineSpec } from '../sim/index.ts';
import type { PlantLog } from '../plantlog/read.ts';
import { fitDistributions, type Fit } from './fit.ts';
import { meanEstimate, mtbfEstimate, wilsonEstimate, type Estimate } from './intervals.ts';
import { collectSamples, type StationSamples } from './samples.ts';

/** What a log says about one machine station, with what of it may be written back into the scene. */
export interface StationCalibration {
  station: string;
  units: number;
  /** Cycle times: the sample mean with its CI, and every family fitted (best AIC first); null without 2 cycles. */
  cycle: { mean: Estimate; fits: Fit[] } | null;
  /** s; null when the station has no failures in the log and none in the scene. */
  mtbf: Estimate | null;
  /** s, fault to repair; null without a repair. */
  mttr: Estimate | null;
  /** Scrapped share of the parts the station finished. */
  scrap: Estimate;
  /** s, mean setup time; null without setups. */
  setup: Estimate | null;
  /** Scene keys it is safe to overwrite for this station (the rest of the model is not one the fits describe). */
  writes: { cycleTime: boolean; failures: boolean; scrap: boolean };
  /** Caveats, in words. */
  notes: string[];
}

/** Calibrates every machine station of `line` that the log has events for. */
export function calibrate(log: PlantLog, line: LineSpec): StationCalibration[] {
  const samples = collectSamples(log);
  const out: StationCalibration[] = [];
  for (const st of line.stations) {
    if (!isMachineSpec(st)) continue;
    const s = samples.get(st.id);
    if (s) out.push(calibrateStation(st, s));
  }
  return out;
}

function calibrateStation(st: MachineSpec, s: StationSamples): StationCalibration {
  const notes: string[] = [];
  const writes = { cycleTime: true, failures: true, scrap: true };
  if (s.units > 1) notes.push(`${s.units} units: their cycles, failures and repairs are pooled (the units are identical in the scene)`);
  if (st.cycleTimes !== undefined) {
    writes.cycleTime = false;
    notes.push('cycle times per product: the pooled fit is reported, the scene is not changed');
  }
  const cycle = s.cycles.length >= 2 ? { mean: meanEstimate(s.cycles), fits: fitDistributions(s.cycles) } : null;
  if (cycle === null) writes.cycleTime = false;
  // the failure clock runs on operating time by default, on calendar (up) time when the scene says so
  const calendar = st.failures?.basis === 'calendar';
  const mtbf = s.failures > 0 || st.failures ? mtbfEstimate(calendar ? s.upTime : s.workingTime, s.failures) : null;
  const mttr = s.repairs.length > 0 ? meanEstimate(s.repairs) : null;
  if (st.wear !== undefined || st.failures?.crew !== undefined) {
    writes.failures = false;
    notes.push('wear or a repair crew: failures are not a plain {mtbf, mttr}, the scene is not changed');
  }
  if (s.failures === 0 || s.repairs.length === 0) writes.failures = false;
  if (st.failures?.crew !== undefined) notes.push('MTTR includes the wait for the crew');
  if (st.inspection !== undefined || st.defects !== undefined || st.rework !== undefined) {
    writes.scrap = false;
    notes.push('quality model: scrapped parts include rejected defects, `scrap` is not changed');
  }
  if (s.scrap === 0 && st.scrap === 0) writes.scrap = false;
  return {
    station: s.station,
    units: s.units,
    cycle,
    mtbf,
    mttr,
    scrap: wilsonEstimate(s.scrap, s.good + s.scrap),
    setup: s.setups.length > 0 ? meanEstimate(s.setups) : null,
    writes,
    notes,
  };
}
