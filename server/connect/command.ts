import { clientSchemas, describeZodError } from '../protocol/schemas.ts';
import type { z } from 'zod';
import type { FeatureHost } from '../session/feature.ts';
import type { Session } from '../session/session.ts';

/**
 * Commands from plant systems (OPC UA methods, the MQTT command topic) go through the same checks as the browser's
 * control events: the operator token by the same sign-in (with its per-address limits), the payload by the Socket.IO
 * event's own zod schema, and the change through the session, which logs it with who made it and journals it. So a
 * fault injected over OPC UA appears in every viewer's event log, and a replay of the session reproduces it.
 */

/** The control events a plant connection may send, with the payload of the Socket.IO event of the same name. */
export const PLANT_COMMANDS = ['control:intervene', 'control:pause', 'control:resume', 'control:speed'] as const;
export type PlantCommandName = (typeof PLANT_COMMANDS)[number];

/** One command as a plant connection received it; nothing in it is trusted yet. */
export interface PlantCommand {
  /** The connection's remote address (the sign-in's limits are per address). */
  address: string;
  /** The operator token as sent (OPC UA password, MQTT password or the payload's `token`). */
  token: unknown;
  /** Session id or join code. */
  session: string;
  /** One of PLANT_COMMANDS. */
  command: unknown;
  payload: unknown;
  /** Who sent it, as the event log shows it ("OPC UA client 10.0.0.5"). */
  by: string;
}

/** The answer: applied (at simulated time `simTime`), or why not. */
export type PlantCommandResult = { ok: true; simTime: number } | { ok: false; error: string };

const isPlantCommand = (name: unknown): name is PlantCommandName => PLANT_COMMANDS.includes(name as PlantCommandName);

/** Validates `payload` with the event's schema and applies it; returns why not, or null. */
function run(session: Session, name: PlantCommandName, payload: unknown, by: string): string | null {
  const invalid = (error: z.ZodError): string => `invalid ${name}: ${describeZodError(error)}`;
  try {
    if (name === 'control:intervene') {
      const parsed = clientSchemas[name].safeParse(payload);
      return parsed.success ? session.intervene(parsed.data, by) : invalid(parsed.error);
    }
    if (name === 'control:speed') {
      const parsed = clientSchemas[name].safeParse(payload);
      if (!parsed.success) return invalid(parsed.error);
      session.setSpeed(parsed.data.speed);
      return null;
    }
    const parsed = clientSchemas[name].safeParse(payload);
    if (!parsed.success) return invalid(parsed.error);
    if (name === 'control:pause') session.pause();
    else session.resume();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : 'the command failed on the server';
  }
}

/** Checks and applies one command; never throws. */
export function applyPlantCommand(host: FeatureHost, command: PlantCommand): PlantCommandResult {
  const signIn = host.operatorSignIn(command.address, command.token);
  if (!signIn.ok) return { ok: false, error: `operator token required: ${signIn.error}` };
  if (!isPlantCommand(command.command))
    return { ok: false, error: `unknown command ${JSON.stringify(command.command)?.slice(0, 64)}; one of ${PLANT_COMMANDS.join(', ')}` };
  const session = host.registry.get(command.session);
  if (!session) return { ok: false, error: `no session "${command.session.slice(0, 64)}"` };
  const error = run(session, command.command, command.payload ?? {}, command.by);
  if (error) return { ok: false, error };
  host.announce(session);
  return { ok: true, simTime: session.sim.now };
}
