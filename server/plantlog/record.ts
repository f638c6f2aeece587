import { isMachineSpec, PART_TAG_PRODUCT, type LineSpec, type LineState, type SimObserver } from '../sim/index.ts';
import { MACHINE_STATE_CODES } from '../protocol/states.ts';
import type { PlantEvent } from './event.ts';

/**
 * Writes a simulation's plant event log as it runs: the events a real line's controllers would record (state
 * changes, parts counted at the cycle end, buffer levels, faults and repairs), so a log made from a scene with known
 * parameters can be mirrored and calibrated against what produced it (`twin run --event-log`). A run that opens in
 * a state (`initial`, `twin run --initial`) starts its log at the state's time with the stores' levels.
 */
export function plantLogObserver(line: LineSpec, emit: (event: PlantEvent) => void, initial?: LineState): SimObserver {
  const ids = line.stations.map((s) => s.id);
  const store = line.stations.map((s) => s.type === 'buffer' || s.type === 'conveyor');
  const machine = line.stations.map((s) => isMachineSpec(s));
  const levels = line.stations.map((s) => (initial !== undefined && Object.hasOwn(initial.levels, s.id) ? initial.levels[s.id]! : 0));
  const t0 = initial?.t ?? 0;
  const products = line.products?.map((p) => p.id) ?? null;
  // A unit's first state: the engine starts every unit empty (starved) at 0 and says so only when that changes, so
  // the log states it, as a controller's log starts with every machine's state (from a state: the engine's own
  // state events at its time follow these). A store's initial parts never move in, so the log states its level.
  let opened = false;
  const open = (): void => {
    if (opened) return;
    opened = true;
    line.stations.forEach((s, station) => {
      if (isMachineSpec(s))
        for (let unit = 0; unit < s.servers; unit++) emit({ t: t0, station: ids[station]!, event: 'state', unit, state: 'starved' });
      else if (store[station] && levels[station]! > 0) emit({ t: t0, station: ids[station]!, event: 'level', level: levels[station]! });
    });
  };
  const moveLevel = (station: number, by: number, t: number): void => {
    levels[station]! += by;
    emit({ t, station: ids[station]!, event: 'level', level: levels[station]! });
  };
  return {
    unitState(station, unit, state, t) {
      open();
      if (machine[station]) emit({ t, station: ids[station]!, event: 'state', unit, state: MACHINE_STATE_CODES[state]! });
    },
    partDone(station, unit, tag, scrap, t) {
      open();
      const product = products ? products[Math.floor(tag / PART_TAG_PRODUCT)] : undefined;
      emit({ t, station: ids[station]!, event: 'part', unit, result: scrap ? 'scrap' : 'good', ...(product ? { product } : {}) });
    },
    partMove(_part, from, to, t) {
      open();
      if (from >= 0 && store[from]) moveLevel(from, -1, t);
      if (store[to]) moveLevel(to, 1, t);
    },
    partEnd() {},
    fault(station, unit, kind, t) {
      open();
      const id = ids[station]!;
      emit(
        kind === 'repaired'
          ? { t, station: id, event: 'repair', unit }
          : { t, station: id, event: 'fault', unit, cause: kind === 'injected' ? 'injected' : 'failure' },
      );
    },
  };
}
