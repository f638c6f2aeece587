import { z } from 'zod';
import { MACHINE_STATES, type LineState, type MachineState, type UnitStart } from '../sim/index.ts';
import { failure, readValidated } from './readValidated.ts';

/**
 * A LineState file (`twin run --initial`): the state a run opens in, as a mirror of a real line writes it or as
 * `lineStateOf` reads it from a running simulation. JSON (or YAML), times in seconds:
 * `{ "t": 3600, "levels": { "B1": 4 }, "units": { "M2": [{ "state": "down", "remaining": 120 }] } }`.
 * The schema checks the shape; whether it fits the scene's line (stations, capacities, servers, products) is the
 * engine's check (checkLineState), reported against the same file.
 */

const seconds = z.number().finite().min(0);

const unitStartSchema = z.strictObject({
  state: z.enum(MACHINE_STATES as [MachineState, ...MachineState[]]),
  remaining: seconds.optional(),
  product: z.string().min(1).optional(),
});

/** The zod schema of a LineState file. */
export const lineStateSchema = z.strictObject({
  t: seconds,
  levels: z.record(z.string(), z.number().int().min(0)).default({}),
  units: z.record(z.string(), z.array(unitStartSchema)).default({}),
});

/** A unit as the engine takes it: keys left out rather than undefined (exactOptionalPropertyTypes). */
function toUnitStart(u: z.output<typeof unitStartSchema>): UnitStart {
  return {
    state: u.state,
    ...(u.remaining === undefined ? {} : { remaining: u.remaining }),
    ...(u.product === undefined ? {} : { product: u.product }),
  };
}

/**
 * Reads and validates a LineState file and checks it against `line` with `check` (the engine's checkLineState);
 * throws a SceneError naming the file (and, for the shape, the path and line) on any problem.
 */
export async function loadLineState(file: string, check: (state: LineState) => void): Promise<LineState> {
  const { data } = await readValidated(file, lineStateSchema);
  const units: LineState['units'] = {};
  for (const [id, list] of Object.entries(data.units)) units[id] = list.map(toUnitStart);
  const state: LineState = { t: data.t, levels: data.levels, units };
  try {
    check(state);
  } catch (error) {
    throw failure(file, [{ path: [], message: (error as Error).message.replace(/^initial state: /, '') }]);
  }
  return state;
}
