import { advanceMeter } from './meter.ts';
import type { Station, World } from './world.ts';

/**
 * Conveyor power (`power: { running, stopped }`): a belt runs while it holds a part and stops when it is empty, and
 * its drives are off outside shifts, loaded or not (the model still lets parts already on it reach its end then: a
 * simplification that draws no energy). A conveyor without `power` draws nothing and has no belt state, so the flow
 * pays one null check per move on it.
 */

/** A conveyor's power when stopped and when running, its state and when it last changed. */
export interface Belt {
  stopped: number; // kW
  running: number; // kW
  on: boolean;
  since: number; // s
}

export function createBelt(power: { running: number; stopped: number } | undefined): Belt | null {
  return power === undefined ? null : { stopped: power.stopped, running: power.running, on: false, since: 0 };
}

/** The belt's power now. */
export const beltKW = (b: Belt): number => (b.on ? b.running : b.stopped);

/** Books the belt's energy up to now and switches it on or off. */
export function setBelt(w: World, st: Station, on: boolean): void {
  const b = st.belt!;
  if (b.on === on) return;
  st.stats.energyKWh += (beltKW(b) * (w.now - b.since)) / 3600;
  b.since = w.now;
  if (w.meter !== null) advanceMeter(w.meter, w.now, w.powerNow, w.lineOn);
  w.powerNow += on ? b.running - b.stopped : b.stopped - b.running;
  if (w.powerNow > w.peakKW) w.peakKW = w.powerNow;
  b.on = on;
}

/** Energy of the belt since its last change (for reports, which add it to what is booked). */
export function openBeltEnergy(w: World, st: Station): number {
  const b = st.belt;
  return b === null ? 0 : (beltKW(b) * (w.now - b.since)) / 3600;
}
