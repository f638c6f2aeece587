import type { z } from 'zod';
import type { Ack } from '../protocol/events.ts';
import { describeZodError } from '../protocol/schemas.ts';
import { createRateLimiter } from './rateLimit.ts';
import type { TwinSocket } from './handlers.ts';

/**
 * The one door every client message comes through: a per-connection rate limit (flooders are disconnected),
 * a callable acknowledgement, zod validation of the payload, the operator check for control events, and a
 * catch-all so no message can throw out of a handler. Handlers return the extra fields of `{ ok: true }`
 * or throw an Error whose message goes back as `{ ok: false, error }`.
 */
export type Gate = <S extends z.ZodType>(
  event: string,
  schema: S,
  handler: (payload: z.infer<S>, socket: TwinSocket) => object | Promise<object>,
  options?: { control?: boolean },
) => void;

/** Messages per second per connection, and the burst allowed. */
const RATE = 20, BURST = 40;
/** Dropped messages after which a connection is considered a flood and disconnected. */
const FLOOD_DISCONNECT = 200;

/** Creates the gate of one connection (one rate limiter shared by all its events). */
export function createGate(socket: TwinSocket): Gate {
  const limiter = createRateLimiter(RATE, BURST);
  return (event, schema, handler, options = {}) => {
    (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (res: Ack) => void) : null;
      const reply = (res: Ack): void => { if (ack) ack(res); };
      if (!limiter.take(Date.now())) {
        if (limiter.dropped === 1 || limiter.dropped % 50 === 0) socket.emit('server:notice', { level: 'warn', text: 'too many messages: some were dropped' });
        if (limiter.dropped >= FLOOD_DISCONNECT) socket.disconnect(true);
        return reply({ ok: false, error: 'rate limited' });
      }
      if (!ack) return; // every client event takes an acknowledgement; without one there is nobody to answer
      const parsed = schema.safeParse(args.length > 1 ? args[0] : {});
      if (!parsed.success) return reply({ ok: false, error: `invalid ${event}: ${describeZodError(parsed.error)}` });
      if (options.control && socket.data.role !== 'operator') {
        return reply({ ok: false, error: 'operator token required: viewers can watch but not control' });
      }
      try {
        Promise.resolve(handler(parsed.data, socket))
          .then((result) => reply({ ok: true, ...result }))
          .catch((e: unknown) => reply({ ok: false, error: (e as Error).message }));
      } catch (e) {
        reply({ ok: false, error: (e as Error).message });
      }
    });
  };
}
