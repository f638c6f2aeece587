import type { Role } from '../protocol/events.ts';
import { clientSchemas, type ClientEventName } from '../protocol/schemas.ts';
import type { SceneCatalog } from '../scene/catalog.ts';
import type { Feature, FeatureConnection, FeatureHost, Handler } from '../session/feature.ts';
import type { Session } from '../session/session.ts';
import { listedSession } from '../session/describe.ts';
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
}

/** The session and control events of every connection. */
export function createSessionControls(host: FeatureHost, deps: SessionControlsDeps): Feature {
  const { registry } = host;
  return {
    connect(conn: FeatureConnection) {
      const on = <E extends ClientEventName>(event: E, handler: Handler<E, (typeof clientSchemas)[E]>): void =>
        conn.handle(event, clientSchemas[event], handler, { control: CONTROL_EVENTS.has(event) });

      const current = (): Session => {
        const s = conn.data.session ? registry.get(conn.data.session) : null;
        if (!s) throw new Error('join a session first');
        return s;
      };
      const join = (session: Session): void => {
        const previous = conn.data.session ? registry.get(conn.data.session) : null;
        if (previous) {
          conn.leave(previous.id);
          previous.viewers = Math.max(0, previous.viewers - 1);
        }
        conn.join(session.id);
        session.viewers++;
        conn.data.session = session.id;
      };
      const control = (act: (s: Session) => void): Record<string, never> => {
        const s = current();
        act(s);
        host.announce(s);
        return {};
      };

      on('session:join', (req) => {
        const session = registry.get(req.session ?? registry.defaultId);
        if (!session) throw new Error(`no session "${req.session}"`);
        if (session.codeOnly && conn.data.role !== 'operator' && req.session?.toUpperCase() !== session.info().code) {
          throw new Error(`session "${req.session}" is a training class: join it with its code`);
        }
        join(session);
        return { snapshot: session.snapshot(conn.data.role) };
      });
      on('session:list', () => ({ sessions: registry.all().map((s) => listedSession(s, conn.data.role)), scenes: deps.catalog.list() }));
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
      on('session:reset', (req) =>
        control((s) => {
          s.reset(req.seed);
          host.resnapshot(s);
        }),
      );
      on('session:close', (req) => {
        if (!registry.get(req.session)) throw new Error(`no session "${req.session}"`);
        if (!registry.close(req.session)) throw new Error('the default session cannot be closed');
        host.broadcast(req.session, 'session:closed', { id: req.session, reason: 'closed by an operator' });
        host.clearRoom(req.session);
        return {};
      });
      on('auth:operator', (req) => {
        const result = deps.signIn.attempt(conn.address, req.token);
        if (!result.ok) throw new Error(result.error);
        conn.data.role = 'operator';
        return { role: 'operator' as Role };
      });
      on('control:speed', (req) => control((s) => s.setSpeed(req.speed)));
      on('control:pause', () => control((s) => s.pause()));
      on('control:resume', () => control((s) => s.resume()));
      on('control:step', (req) => {
        const s = current();
        const target = s.step(req.seconds);
        host.announce(s);
        return { simTime: target };
      });
      on('control:intervene', (req) => {
        const s = current();
        const error = s.intervene(req);
        if (error) throw new Error(error);
        host.announce(s);
        return { simTime: s.sim.now };
      });
      on('station:inspect', (req) => {
        const details = current().details(req.station);
        if (!details) throw new Error(`no station "${req.station}"`);
        return { details };
      });
      // not a control event: viewers read it too (the energy view asks every couple of seconds while it is open)
      on('energy:breakdown', () => {
        return { breakdown: current().energyBreakdown() };
      });

      conn.onDisconnect(() => {
        const s = conn.data.session ? registry.get(conn.data.session) : null;
        if (s) s.viewers = Math.max(0, s.viewers - 1);
      });
    },
  };
}
