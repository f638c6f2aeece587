import { z } from 'zod';
import type { FeatureHost } from '../../session/feature.ts';
import { applyPlantCommand } from '../command.ts';

/**
 * Operator commands over MQTT: `linetwin/<session>/cmd` with `{ token, command, payload, id? }`. Anyone who can
 * publish to the broker can send one, so nothing in it is trusted: the size is checked before parsing, the shape by
 * zod, the token and the command by applyPlantCommand (the browser's own sign-in and schemas). Every message gets a
 * reply, so a dashboard learns why a command was refused instead of waiting.
 */

/** Largest command payload (bytes): commands are tiny; a bigger one is refused before it is parsed. */
export const MAX_COMMAND_BYTES = 64 * 1024;

/** The answer on `linetwin/<session>/cmd/reply`; `id` echoes the command's, when it had a usable one. */
export interface CommandReply {
  id: string | number | null;
  ok: boolean;
  error?: string;
  /** Simulated seconds at which the command took effect. */
  t?: number;
}

const commandSchema = z.object({
  token: z.string().max(1024).optional(),
  command: z.string().max(64),
  payload: z.unknown().optional(),
  id: z.union([z.string().max(128), z.number()]).optional(),
});

/** The command's id if it has one we can echo (so a client can match the reply even to a refused command). */
function idOf(message: unknown): string | number | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { id?: unknown }).id;
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  return typeof id === 'string' && id.length <= 128 ? id : null;
}

/** Checks and applies one command message for `session`; never throws. */
export function handleMqttCommand(host: FeatureHost, session: string, raw: Uint8Array, address: string): CommandReply {
  if (raw.byteLength > MAX_COMMAND_BYTES)
    return { id: null, ok: false, error: `command too large: ${raw.byteLength} bytes, at most ${MAX_COMMAND_BYTES}` };
  let message: unknown;
  try {
    message = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    return { id: null, ok: false, error: 'command is not JSON: expected {"token", "command", "payload", "id"}' };
  }
  const id = idOf(message);
  const parsed = commandSchema.safeParse(message);
  if (!parsed.success) {
    const where = parsed.error.issues[0];
    return { id, ok: false, error: `invalid command: ${where ? `${where.path.join('.') || 'message'}: ${where.message}` : 'bad shape'}` };
  }
  const { token, command, payload } = parsed.data;
  const result = applyPlantCommand(host, { address, token, session, command, payload, by: `MQTT client (${address})` });
  return result.ok ? { id, ok: true, t: result.simTime } : { id, ok: false, error: result.error };
}
