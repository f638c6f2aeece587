import type { LineState, UnitStart } from './lineState.ts';
import type { Simulation } from './simulation.ts';
import type { SimView } from './view.ts';
import { MACHINE_STATES, PART_TAG_PRODUCT } from './types.ts';

/**
 * The LineState of a running simulation now, read through its view only, as a plant's signals would tell it: a
 * fork of any running session (SimOptions.initial) starts from it. What the view does not know a fork draws afresh:
 * the repair or maintenance time left of a unit that is down or in maintenance.
 */

/** One unit as a LineState tells it. */
function unitStart(v: SimView, station: number, k: number): UnitStart {
  const part = v.unitPart(station, k);
  const product = part === null || v.products.length === 0 ? undefined : v.products[(part.tag / PART_TAG_PRODUCT) | 0];
  const withProduct = (start: UnitStart): UnitStart => (product === undefined ? start : { ...start, product });
  const state = MACHINE_STATES[v.unitState(station, k)]!;
  if (v.unitDown(station, k)) return { state: state === 'maintenance' ? 'maintenance' : 'down' };
  if (part === null) return { state };
  const remaining = Math.max(0, part.readyAt - v.now);
  // `off` with a part (a shift break): the part and its phase carry over; the fork's shift calendar turns it off
  if (state === 'working' || state === 'setup') return withProduct({ state, remaining });
  if (state === 'off') return withProduct({ state: 'working', remaining });
  return withProduct({ state: 'blocked' });
}

/** The state of `sim`'s line now: levels of its stores, each machine unit's state, part and time left. */
export function lineStateOf(sim: Simulation): LineState {
  const v = sim.view;
  const levels: LineState['levels'] = {};
  const units: LineState['units'] = {};
  for (const st of v.stations) {
    if (st.type === 'buffer' || st.type === 'conveyor') {
      const level = v.level(st.index);
      if (level > 0) levels[st.id] = level;
    }
    if (st.units > 0) units[st.id] = Array.from({ length: st.units }, (_, k) => unitStart(v, st.index, k));
  }
  return { t: v.now, levels, units };
}
