import type { LineState, UnitStart } from './lineState.ts';
import { isMachineSpec, storeCapacity, type LineSpec, type MachineSpec, type StationSpec } from './spec.ts';
import { MACHINE_STATES } from './types.ts';

/**
 * Whether a LineState fits a line (SimOptions.initial): every station it names exists and is of the right kind,
 * levels fit capacities, units fit servers, times are finite and not negative, products exist, and a phase whose
 * time is left out can be drawn from the scene. Plain Errors naming the station and the problem, like
 * createSimulation's other refusals of a bad line.
 */

/** The index of a unit's product: the first product when left out; -1 when the line has no such product. */
export function productIndex(line: LineSpec, product: string | undefined): number {
  if (product === undefined) return 0;
  return line.products?.findIndex((p) => p.id === product) ?? -1;
}

function checkLevel(byId: ReadonlyMap<string, StationSpec>, id: string, level: number): void {
  const spec = byId.get(id);
  if (spec === undefined) throw new Error(`initial state: levels name unknown station ${id}`);
  if (spec.type !== 'buffer' && spec.type !== 'conveyor')
    throw new Error(`initial state: ${id} is a ${spec.type}, not a buffer or conveyor: only stores have a level`);
  if (!Number.isInteger(level) || level < 0) throw new Error(`initial state: ${id}: level ${level} is not a whole number of parts >= 0`);
  const capacity = storeCapacity(spec);
  if (level > capacity) throw new Error(`initial state: ${id}: level ${level} is above its capacity of ${capacity}`);
}

/** The phase's duration when `remaining` is left out must come from the scene: a message when it cannot. */
function undrawable(spec: MachineSpec, start: UnitStart): string | null {
  if (start.remaining !== undefined) return null;
  if (start.state === 'down' && spec.failures === undefined)
    return 'down needs `remaining`: the station has no failures to draw a repair time from';
  if (start.state === 'setup' && spec.setup === undefined)
    return 'setup needs `remaining`: the station has no every-n setup to draw a setup time from';
  if (start.state === 'maintenance' && spec.maintenance?.duration === undefined)
    return 'maintenance needs `remaining`: the station has no maintenance duration to draw from';
  return null;
}

function checkUnit(line: LineSpec, spec: MachineSpec, k: number, start: UnitStart): void {
  const where = `initial state: ${spec.id} unit ${k}`;
  if (!MACHINE_STATES.includes(start.state)) throw new Error(`${where}: unknown state "${String(start.state)}"`);
  const r = start.remaining;
  if (r !== undefined && !(Number.isFinite(r) && r >= 0)) throw new Error(`${where}: remaining ${r} s must be a finite time >= 0`);
  if (productIndex(line, start.product) < 0) {
    const known = line.products?.map((p) => p.id).join(', ');
    throw new Error(
      `${where}: unknown product "${start.product}" (${known === undefined ? 'the line has no products' : `products: ${known}`})`,
    );
  }
  const problem = undrawable(spec, start);
  if (problem !== null) throw new Error(`${where}: ${problem}`);
}

/** Throws an Error naming the station and what is wrong when `state` does not fit `line`. */
export function checkLineState(line: LineSpec, state: LineState): void {
  if (!(Number.isFinite(state.t) && state.t >= 0)) throw new Error(`initial state: t = ${state.t} must be a finite time >= 0`);
  const byId = new Map(line.stations.map((s) => [s.id, s]));
  for (const [id, level] of Object.entries(state.levels)) checkLevel(byId, id, level);
  for (const [id, units] of Object.entries(state.units)) {
    const spec = byId.get(id);
    if (spec === undefined) throw new Error(`initial state: units name unknown station ${id}`);
    if (!isMachineSpec(spec))
      throw new Error(`initial state: ${id} is a ${spec.type}: only machines, assemblies and inspections have units`);
    if (units.length > spec.servers)
      throw new Error(`initial state: ${id}: ${units.length} units given, it has ${spec.servers} server${spec.servers === 1 ? '' : 's'}`);
    units.forEach((start, k) => checkUnit(line, spec, k, start));
  }
}
