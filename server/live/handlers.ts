import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { ClientToServerEvents, Role, ServerToClientEvents, SocketData } from '../protocol/events.ts';
import { clientSchemas, type ClientEventName } from '../protocol/schemas.ts';
import { tokenMatches } from './auth.ts';
import { createGate } from './gate.ts';
import { attachExperimentHandlers } from './experimentHandlers.ts';
import type { SessionRegistry } from './registry.ts';
import type { SceneCatalog } from './sceneCatalog.ts';
import type { Session } from './session.ts';
import type { TrainingHub } from '../training/hub.ts';
import { attachTrainingHandlers } from '../training/handlers.ts';

/**
 * Socket event handlers of the live twin. Every message goes through the gate (gate.ts): rate limit, a
 * callable ack, zod validation, the operator check for control events, and a catch-all.
 */

export type TwinServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type TwinSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface HandlerContext {
  io: TwinServer;
  registry: SessionRegistry;
  catalog: SceneCatalog;
  operatorToken: string;
  /** Broadcasts a session's changed info and new log entries right away (control changes). */
  announce(session: Session): void;
  /** Training scenarios, stories and the scene picker (server/training/). */
  training: TrainingHub;
}

const CONTROL_EVENTS: ReadonlySet<ClientEventName> = new Set([
  'session:create', 'session:reset', 'session:close', 'control:speed', 'control:pause', 'control:resume', 'control:step', 'control:intervene',
]);

type Payload<E extends ClientEventName> = z.infer<(typeof clientSchemas)[E]>;
type Handler<E extends ClientEventName> = (payload: Payload<E>, socket: TwinSocket) => object | Promise<object>;

/** Registers all handlers on a new connection. */
export function attachHandlers(socket: TwinSocket, ctx: HandlerContext): void {
  const gate = createGate(socket);
  const on = <E extends ClientEventName>(event: E, handler: Handler<E>): void =>
    gate(event, clientSchemas[event], handler as (p: unknown, s: TwinSocket) => object, { control: CONTROL_EVENTS.has(event) });

  const current = (): Session => {
    const s = socket.data.session ? ctx.registry.get(socket.data.session) : null;
    if (!s) throw new Error('join a session first');
    return s;
  };

  const join = (session: Session): void => {
    const previous = socket.data.session ? ctx.registry.get(socket.data.session) : null;
    if (previous) {
      void socket.leave(previous.id);
      previous.viewers = Math.max(0, previous.viewers - 1);
    }
    void socket.join(session.id);
    session.viewers++;
    socket.data.session = session.id;
  };

  on('session:join', (req) => {
    const session = ctx.registry.get(req.session ?? ctx.registry.defaultId);
    if (!session) throw new Error(`no session "${req.session}"`);
    join(session);
    return { snapshot: session.snapshot(socket.data.role) };
  });
  on('session:list', () => ({ sessions: ctx.registry.all().map((s) => s.info()), scenes: ctx.catalog.list() }));
  on('session:create', (req) => {
    const scene = ctx.catalog.get(req.scene);
    if (!scene) throw new Error(`no scene "${req.scene}"; available: ${ctx.catalog.list().map((s) => s.key).join(', ')}`);
    return { session: ctx.registry.create(req.scene, scene, req.seed, req.speed).info() };
  });
  on('session:reset', (req) => {
    const s = current();
    s.reset(req.seed);
    const snapshot = s.snapshot('viewer');
    void ctx.io.in(s.id).fetchSockets().then((sockets) => {
      for (const peer of sockets) peer.emit('sim:snapshot', { ...snapshot, role: peer.data.role });
    });
    ctx.announce(s);
    return {};
  });
  on('session:close', (req) => {
    if (!ctx.registry.get(req.session)) throw new Error(`no session "${req.session}"`);
    if (!ctx.registry.close(req.session)) throw new Error('the default session cannot be closed');
    ctx.io.to(req.session).emit('session:closed', { id: req.session, reason: 'closed by an operator' });
    ctx.io.in(req.session).socketsLeave(req.session);
    return {};
  });
  on('auth:operator', (req) => {
    if (!tokenMatches(ctx.operatorToken, req.token)) throw new Error('wrong operator token');
    socket.data.role = 'operator';
    return { role: 'operator' as Role };
  });
  on('control:speed', (req) => { const s = current(); s.setSpeed(req.speed); ctx.announce(s); return {}; });
  on('control:pause', () => { const s = current(); s.pause(); ctx.announce(s); return {}; });
  on('control:resume', () => { const s = current(); s.resume(); ctx.announce(s); return {}; });
  on('control:step', (req) => { const s = current(); const target = s.step(req.seconds); ctx.announce(s); return { simTime: target }; });
  on('control:intervene', (req) => {
    const s = current();
    const error = s.intervene(req);
    if (error) throw new Error(error);
    ctx.announce(s);
    return { simTime: s.sim.now };
  });
  on('station:inspect', (req) => {
    const details = current().details(req.station);
    if (!details) throw new Error(`no station "${req.station}"`);
    return { details };
  });

  attachExperimentHandlers(socket, ctx, gate);

  socket.on('disconnect', () => {
    const s = socket.data.session ? ctx.registry.get(socket.data.session) : null;
    if (s) s.viewers = Math.max(0, s.viewers - 1);
  });

  attachTrainingHandlers(socket, gate, ctx);
}
