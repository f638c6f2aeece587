import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack, ClientToServerEvents, ServerToClientEvents, SocketData } from '../protocol/events.ts';
import { describeZodError } from '../protocol/schemas.ts';
import { SceneError } from '../scene/errors.ts';
import type { ClientEvent, FeatureConnection, Handler } from '../session/feature.ts';
import { eventCost } from './eventCosts.ts';
import type { ConnectionMeter } from './traffic.ts';

/**
 * The one door every client message comes through. Every incoming event, whatever its name, pays its cost from
 * the connection's token bucket (traffic.ts, which also counts every other packet); a refused one is answered
 * "rate limited", and a connection that keeps flooding is disconnected; an event nobody handles is answered with
 * an error; a handled one gets zod validation of its payload, the operator check for control events, and a
 * catch-all so no message can throw out of a handler. Handlers return the extra fields of `{ ok: true }` or throw
 * an Error whose message goes back as `{ ok: false, error }`.
 */

export type TwinServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type TwinSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Longest event name repeated back in an error. */
const SHOWN_NAME = 64;

type Reply = (res: Ack) => void;

/** What a refused request is told: the handler's message, or a generic one when it threw something else. */
function refusal(e: unknown): string {
  return e instanceof Error && e.message !== '' ? e.message : 'the request failed on the server';
}

/** Extra fields of a refusal: a scene that did not parse sends its issues too, so the editor can show each at its line. */
function refusalDetails(e: unknown): { issues?: SceneError['issues'] } {
  return e instanceof SceneError ? { issues: e.issues } : {};
}

/** A handled event: validates and runs, then answers through `reply`. */
interface Route {
  control: boolean;
  run(payload: unknown, reply: Reply): void;
}

function route<E extends ClientEvent, S extends z.ZodType>(event: E, schema: S, handler: Handler<E, S>, control: boolean): Route {
  return {
    control,
    run(payload, reply) {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: `invalid ${event}: ${describeZodError(parsed.error)}` });
      try {
        Promise.resolve(handler(parsed.data))
          .then((result) => reply({ ok: true, ...result }))
          .catch((e: unknown) => reply({ ok: false, error: refusal(e), ...refusalDetails(e) }));
      } catch (e) {
        reply({ ok: false, error: refusal(e), ...refusalDetails(e) });
      }
    },
  };
}

/** Creates the gate of one connection and returns its `handle`; `meter` is the connection's budget (traffic.ts). */
export function createGate(socket: TwinSocket, meter: ConnectionMeter): FeatureConnection['handle'] {
  // A flood is cut as a server disconnect (the client is told, so it does not reconnect by itself), then the
  // transport is closed once that packet is out.
  meter.onFlood(() => {
    socket.disconnect();
    socket.conn.close();
  });
  const routes = new Map<string, Route>();
  // A middleware sees every packet, also those of events nobody listens to; it never passes them on (no `next()`):
  // the routes are the only listeners.
  socket.use((packet) => {
    const [event, ...args] = packet;
    const last: unknown = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Reply) : null;
    if (ack) args.pop();
    const reply: Reply = (res) => {
      if (ack) ack(res);
    };
    if (!meter.charge(eventCost(String(event)))) {
      if (meter.dropped === 1 || meter.dropped % 50 === 0)
        socket.emit('server:notice', { level: 'warn', text: 'too many messages: some were dropped' });
      return reply({ ok: false, error: 'rate limited: too many or too costly requests; wait a moment' });
    }
    const target = routes.get(String(event));
    if (!target) return reply({ ok: false, error: `unknown event "${String(event).slice(0, SHOWN_NAME)}"` });
    if (!ack) return; // every client event takes an acknowledgement; without one there is nobody to answer
    if (target.control && socket.data.role !== 'operator') {
      return reply({ ok: false, error: 'operator token required: viewers can watch but not control' });
    }
    target.run(args.length > 0 ? args[0] : {}, reply);
  });
  return (event, schema, handler, options = {}) => {
    routes.set(event, route(event, schema, handler, options.control ?? false));
  };
}
