import { MACHINE_STATES, type SimReport, type SimView } from '../sim/index.ts';
import type { EnergyBreakdown, MachineEnergy } from '../protocol/events.ts';

/**
 * The energy view's data, read from a report: each machine's `energyByState` (the engine's bookings), each
 * conveyor's belt energy and the meter's base load. Everything is already in the report; this only regroups it,
 * so the KPI frame sent every second stays as small as it was.
 */

/** kWh to 6 decimals (a milliwatt-hour): the view shows at most 0.1 kWh, and sums stay exact to that. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Where the line's energy went, from a report of the running line and its view. */
export function energyBreakdown(r: SimReport, v: SimView): EnergyBreakdown {
  const machines: MachineEnergy[] = [];
  const conveyors: EnergyBreakdown['conveyors'] = [];
  for (const st of v.stations) {
    const s = r.stations[st.id]!;
    if (st.units > 0) {
      const byState = Object.fromEntries(MACHINE_STATES.map((k) => [k, round(s.energyByState?.[k] ?? 0)]));
      machines.push({ id: st.id, kWh: round(s.energyKWh), byState: byState as MachineEnergy['byState'] });
    } else if (st.type === 'conveyor') conveyors.push({ id: st.id, kWh: round(s.energyKWh) });
  }
  return {
    t: r.simTime,
    machines,
    conveyors,
    baseLoadKWh: round(r.energy.baseLoadKWh ?? 0),
    kWh: round(r.energy.kWh),
    good: r.produced.good,
    kWhPerGoodPart: round(r.energy.kWhPerGoodPart),
  };
}
