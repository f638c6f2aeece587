import { resetLevel, resetTally } from '../stats.ts';
import { restartCrewStatistics } from './crews.ts';
import { resetShipping, resetStationQuality } from './quality.ts';
import { advanceMeter, restartMeter } from './meter.ts';
import type { World } from './world.ts';

/**
 * Statistics starting again at the world's clock: at the end of a warm-up, and where a simulation opens at a given
 * state (initial.ts). The state of the line carries on; only what is measured starts from 0.
 */

/** Shipments by product and quality, each station's defect counts and changeovers start again from 0. */
function restartQualityStatistics(w: World): void {
  if (w.shipping !== null) resetShipping(w.shipping);
  for (const st of w.stations) {
    if (st.quality !== null) resetStationQuality(st.quality);
    if (st.mix !== null) {
      st.mix.counts.fill(0);
      st.mix.times.fill(0);
    }
  }
}

/** End of warm-up: everything measured so far is discarded; the state of the line carries on. */
export function restartStatistics(w: World): void {
  const now = w.now;
  w.measureStart = now;
  w.good = 0;
  w.scrap = 0;
  w.offTime = 0;
  w.offSince = now;
  resetLevel(w.wip, now);
  resetTally(w.leadTime);
  w.peakKW = w.powerNow;
  w.bottleneck.reset(now);
  for (const st of w.stations) {
    const s = st.stats;
    s.stateTime.fill(0);
    s.stateEnergy.fill(0);
    s.stateTimeMark.fill(0);
    s.energyKWh = 0;
    s.processed = 0;
    s.scrapped = 0;
    s.reworked = 0;
    s.failures = 0;
    s.injectedFaults = 0;
    s.repairs = 0;
    s.restorationTime = 0;
    s.wearFailures = 0;
    s.services = 0;
    s.warnings = 0;
    s.warningsRight = 0;
    s.falseAlarms = 0;
    s.leadTime = 0;
    s.crewWait = 0;
    s.technicianTime = 0;
    resetLevel(s.level, now);
    for (const u of st.units) u.since = now;
    if (st.belt !== null) st.belt.since = now;
  }
  for (const crew of w.crews) restartCrewStatistics(crew, now);
  restartQualityStatistics(w);
  if (w.meter !== null) {
    advanceMeter(w.meter, now, w.powerNow, w.lineOn);
    restartMeter(w.meter);
  }
}
