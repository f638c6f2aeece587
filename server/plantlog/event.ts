import { z } from 'zod';
import { MACHINE_STATE_CODES } from '../protocol/states.ts';

/**
 * The plant event log: what a real line's controllers record, one event per line (JSON lines or CSV), and what the
 * twin reads to mirror a line (server/mirror) and to learn its parameters (server/calibrate). `twin run --event-log`
 * writes the same format from a simulation. docs/plant.md documents it for the people who export it from a plant.
 *
 * - `state`: a machine unit entered a state (LineTwin's states: working, starved, blocked, down, setup, maintenance,
 *   off, standby);
 * - `part`: a machine unit finished a part (the end of its cycle: a PLC's part counter), kept (`good`) or scrapped;
 * - `level`: a buffer or conveyor holds this many parts now;
 * - `fault`: a unit failed (`failure`) or was stopped by an operator (`injected`); `repair`: it runs again.
 * `t` is seconds since the log's start; a file may give ISO 8601 timestamps instead (read.ts turns them into seconds
 * since the first one). `unit` is the unit's index in its station (0 for a single machine) and may be left out.
 */

export const PLANT_EVENT_KINDS = ['state', 'part', 'level', 'fault', 'repair'] as const;
export type PlantEventKind = (typeof PLANT_EVENT_KINDS)[number];

/** Longest station id in a log (the scene's limit). */
const MAX_ID = 64;

const time = z.number().finite().nonnegative();
const station = z.string().min(1).max(MAX_ID);
const unit = z.int().nonnegative().max(9999).default(0);

export const plantEventSchema = z.discriminatedUnion('event', [
  z.strictObject({ t: time, station, event: z.literal('state'), unit, state: z.enum(MACHINE_STATE_CODES) }),
  z.strictObject({
    t: time,
    station,
    event: z.literal('part'),
    unit,
    result: z.enum(['good', 'scrap']).default('good'),
    product: z.string().min(1).max(MAX_ID).optional(),
  }),
  z.strictObject({ t: time, station, event: z.literal('level'), level: z.int().nonnegative() }),
  z.strictObject({ t: time, station, event: z.literal('fault'), unit, cause: z.enum(['failure', 'injected']).default('failure') }),
  z.strictObject({ t: time, station, event: z.literal('repair'), unit }),
]);

/** One event of a plant log, as read (defaults filled in). */
export type PlantEvent = z.output<typeof plantEventSchema>;

/** The columns of the CSV form, in order; a file may leave out trailing columns it never uses. */
export const CSV_COLUMNS = ['t', 'station', 'unit', 'event', 'state', 'result', 'product', 'level', 'cause'] as const;
