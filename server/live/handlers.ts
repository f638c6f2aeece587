import type { z } from 'zod';
import type { Role, Snapshot } from '../protocol/events.ts';
import { clientSchemas, describeZodError, type ClientEventName } from '../protocol/schemas.ts';
import type { SceneCatalog } from '../scene/catalog.ts';
import type { Feature, FeatureConnection, FeatureHost, Handler, Success } from '../session/feature.ts';
import type { Session } from '../session/session.ts';
import { listedInfo, listedSession } from '../session/describe.ts';
import { OWNER_EVENTS, type OwnerAnswer, type OwnerEvent, type OwnerRunner, type RemoteSessions } from './clusterLink.ts';
import type { SignIn } from './signIn.ts';

/**
 * The live twin's own events: joining and listing sessions, creating, resetting and closing them, signing in as
 * operator, pacing and interventions, the inspector and the energy view. Every one goes through the gate (gate.ts); control
 * events need the operator token.
 */

const CONTROL_EVENTS: ReadonlySet<ClientEventName> = new Set([
  'session:create',
  'session:reset',
  'session:close',
  'control:speed',
  'control:pause',
  'control:resume',
  'control:step',
  'control:intervene',
]);

/** What the session controls need besides the host. */
export interface SessionControlsDeps {
  catalog: SceneCatalog;
  /** The operator sign-in, limited per address. */
  signIn: SignIn;
  /** How events run on a session of this process (createSessionOps). */
  ops: SessionOps;
  /** With `twin serve --redis`: the sessions of the other processes, reached through their owners. */
  remote?: RemoteSessions | undefined;
}

/** Session events as the process running the session runs them: for its own connections and for other processes'. */
export interface SessionOps {
  /** Runs `event` on `session` for a connection of `role`; returns the acknowledgement's fields or throws an Error. */
  run(session: Session, event: OwnerEvent | 'session:leave', payload: unknown, role: Role): Record<string, unknown>;
  /** Runs a request another process forwarded (validated again here); null when this process does not run the session. */
  forwarded: OwnerRunner;
}

/** The session events of the sessions in the host's registry. */
export function createSessionOps(host: FeatureHost): SessionOps {
  const { registry } = host;
  const announced = (s: Session, fields: Record<string, unknown> = {}): Record<string, unknown> => {
    host.announce(s);
    return fields;
  };
  const run: SessionOps['run'] = (s, event, payload, role) => {
    switch (event) {
      case 'session:join': {
        const req = payload as Request<'session:join'>;
        if (s.codeOnly && role !== 'operator' && req.session?.toUpperCase() !== s.info().code) {
          throw new Error(`session "${req.session}" is a training class: join it with its code`);
        }
        s.viewers++;
        return { snapshot: s.snapshot(role) };
      }
      case 'session:leave':
        s.viewers = Math.max(0, s.viewers - 1);
        return {};
      case 'session:reset':
        s.reset((payload as Request<'session:reset'>).seed);
        host.resnapshot(s);
        return announced(s);
      case 'session:close':
        if (!registry.close(s.id)) throw new Error('the default session cannot be closed');
        host.broadcast(s.id, 'session:closed', { id: s.id, reason: 'closed by an operator' });
        host.clearRoom(s.id);
        return {};
      case 'control:speed':
        s.setSpeed((payload as Request<'control:speed'>).speed);
        return announced(s);
      case 'control:pause':
        s.pause();
        return announced(s);
      case 'control:resume':
        s.resume();
        return announced(s);
      case 'control:step':
        return announced(s, { simTime: s.step((payload as Request<'control:step'>).seconds) });
      case 'control:intervene': {
        const error = s.intervene(payload as Request<'control:intervene'>);
        if (error) throw new Error(error);
        return announced(s, { simTime: s.sim.now });
      }
      case 'station:inspect': {
        const station = (payload as Request<'station:inspect'>).station;
        const details = s.details(station);
        if (!details) throw new Error(`no station "${station}"`);
        return { details };
      }
      // not a control event: viewers read it too (the energy view asks every couple of seconds while it is open)
      case 'energy:breakdown':
        return { breakdown: s.energyBreakdown() };
    }
  };
  return {
    run,
    forwarded(request) {
      const s = registry.get(request.session);
      if (!s) return null;
      let payload: unknown = request.payload;
      if (request.event !== 'session:leave') {
        // the asking process's gate validated it; a peer's message is checked again before it touches the engine
        const parsed = clientSchemas[request.event].safeParse(payload);
        if (!parsed.success) return { ok: false, error: `invalid ${request.event}: ${describeZodError(parsed.error)}` };
        payload = parsed.data;
      }
      try {
        return { ok: true, ...run(s, request.event, payload, request.role) };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

/** The payload of client event E as its schema parsed it. */
type Request<E extends ClientEventName> = z.output<(typeof clientSchemas)[E]>;

/** The fields of an answer from another process, or its error thrown. */
function answered(answer: OwnerAnswer): Record<string, unknown> {
  if (!answer.ok) throw new Error(answer.error);
  const { ok: _ok, ...fields } = answer;
  return fields;
}

/** The session and control events of every connection. */
export function createSessionControls(host: FeatureHost, deps: SessionControlsDeps): Feature {
  const { registry } = host;
  const { ops, remote } = deps;
  return {
    connect(conn: FeatureConnection) {
      const on = <E extends ClientEventName>(event: E, handler: Handler<E, (typeof clientSchemas)[E]>): void =>
        conn.handle(event, clientSchemas[event], handler, { control: CONTROL_EVENTS.has(event) });

      // an event on the connection's session (or, for session:close, the named one): run here if this process runs
      // it, else forwarded to the process that does (twin serve --redis)
      const onSession = <E extends OwnerEvent>(event: E): void =>
        on(event, (req) => {
          const named = event === 'session:close' ? (req as Request<'session:close'>).session : null;
          const id = named ?? conn.data.session;
          const missing = named !== null ? `no session "${named}"` : 'join a session first';
          if (id === null) throw new Error(missing);
          const local = registry.get(id);
          if (local) return ops.run(local, event, req, conn.data.role) as Success<E>;
          if (!remote) throw new Error(missing);
          return remote.call({ session: id, event, payload: req, role: conn.data.role }).then(answered) as Promise<Success<E>>;
        });
      const leavePrevious = (): void => {
        const previous = conn.data.session;
        if (previous === null) return;
        conn.leave(previous);
        const s = registry.get(previous);
        if (s) ops.run(s, 'session:leave', {}, conn.data.role);
        else void remote?.call({ session: previous, event: 'session:leave', payload: {}, role: conn.data.role });
      };

      on('session:join', async (req) => {
        const wanted = req.session ?? registry.defaultId;
        const local = registry.get(wanted);
        let snapshot: Snapshot;
        if (local) snapshot = (ops.run(local, 'session:join', req, conn.data.role) as { snapshot: Snapshot }).snapshot;
        else if (remote) {
          const answer = answered(await remote.call({ session: wanted, event: 'session:join', payload: req, role: conn.data.role }));
          snapshot = answer['snapshot'] as Snapshot;
        } else throw new Error(`no session "${req.session}"`);
        leavePrevious();
        // the room's broadcasts reach this connection from whichever process runs the session (the Redis adapter)
        conn.join(snapshot.session.id);
        conn.data.session = snapshot.session.id;
        return { snapshot };
      });
      on('session:list', async () => {
        const here = registry.all().map((s) => listedSession(s, conn.data.role));
        const elsewhere = remote ? (await remote.list()).filter((info) => !registry.get(info.id)) : [];
        return { sessions: [...here, ...elsewhere.map((info) => listedInfo(info, conn.data.role))], scenes: deps.catalog.list() };
      });
      on('session:create', (req) => {
        const scene = deps.catalog.get(req.scene);
        if (!scene)
          throw new Error(
            `no scene "${req.scene}"; available: ${deps.catalog
              .list()
              .map((s) => s.key)
              .join(', ')}`,
          );
        return { session: registry.create(req.scene, scene, { seed: req.seed, speed: req.speed, start: scene.run.warmup }).info() };
      });
      on('auth:operator', (req) => {
        const result = deps.signIn.attempt(conn.address, req.token);
        if (!result.ok) throw new Error(result.error);
        conn.data.role = 'operator';
        return { role: 'operator' as Role };
      });
      for (const event of OWNER_EVENTS) onSession(event);

      conn.onDisconnect(leavePrevious);
    },
  };
}
