import { TRAINER_EVENTS, trainingSchemas } from '../protocol/training.ts';
import type { Feature, FeatureConnection, FeatureHost, Handler } from '../session/feature.ts';
import type { Session } from '../session/session.ts';
import { createTrainingHub, traineeRoom, trainersRoom, type HubDeps, type TrainingHub } from './hub.ts';
import { networkOf } from './network.ts';
import type { ScenarioRunner } from './runner.ts';

/**
 * Training, stories and the scene picker as a feature of the live server: its events on every connection, all
 * through the connection's gate (rate limit, ack, zod, operator check). Trainer events need the operator token;
 * trainees need none, but answer and act only as the trainee they said hello as, in the session they did that in.
 */

type Schemas = typeof trainingSchemas;
type EventName = keyof Schemas;

/** The training feature of a server: one hub, and the events of each connection. */
export function createTrainingFeature(host: FeatureHost, deps: HubDeps): Feature {
  const hub = createTrainingHub(host, deps);
  return { connect: (conn) => connectTraining(conn, host, hub) };
}

/** Registers the training handlers of one connection. */
function connectTraining(conn: FeatureConnection, host: FeatureHost, hub: TrainingHub): void {
  const on = <E extends EventName>(event: E, handler: Handler<E, Schemas[E]>): void =>
    conn.handle(event, trainingSchemas[event], handler, { control: TRAINER_EVENTS.has(event) });

  const current = (): Session => {
    const s = conn.data.session ? host.registry.get(conn.data.session) : null;
    if (!s) throw new Error('join a session first');
    return s;
  };
  const runner = (): ScenarioRunner => {
    const r = hub.runnerOf(current().id);
    if (!r) throw new Error('no training scenario runs in this session');
    return r;
  };
  // The trainee this connection speaks for, in the session it is in now (never another session's).
  const trainee = (): { r: ScenarioRunner; id: string } => {
    const bound = conn.data.trainee;
    const r = runner();
    if (!bound || bound.session !== r.session.id || !r.trainee(bound.id)) throw new Error('say hello as a trainee of this session first');
    return { r, id: bound.id };
  };
  // Counts this connection for its trainee (+1) or no longer (-1), so the console shows who is here.
  const count = (delta: 1 | -1): void => {
    const bound = conn.data.trainee;
    const t = bound ? hub.runnerOf(bound.session)?.trainee(bound.id) : null;
    if (!bound || !t) return;
    t.connections = Math.max(0, t.connections + delta);
    hub.touch(bound.session);
  };
  const unbind = (): void => {
    const bound = conn.data.trainee;
    if (!bound) return;
    count(-1);
    conn.leave(traineeRoom(bound.session, bound.id));
    conn.data.trainee = undefined;
  };
  // A connection that Socket.IO recovered keeps its data and rooms: it is that trainee again.
  if (conn.recovered) count(1);

  on('training:list', () => ({ scenarios: hub.scenarios() }));
  on('training:start', (req) => {
    const r = hub.start(req.scenario, req.speed);
    conn.join(trainersRoom(r.session.id));
    return { session: r.session.info(), report: r.report() };
  });
  on('training:console', () => {
    const r = runner();
    conn.join(trainersRoom(r.session.id));
    return { report: r.report() };
  });
  // A trainer's change to the run: applied, then announced to the session's viewers.
  const control = <T extends object>(act: (r: ScenarioRunner) => T): T => {
    const r = runner();
    const result = act(r);
    host.announce(r.session);
    return result;
  };
  on('training:run', () =>
    control((r) => {
      r.run();
      return {};
    }),
  );
  on('training:pause', () =>
    control((r) => {
      r.pause();
      return {};
    }),
  );
  on('training:skip', () => control((r) => ({ simTime: r.skip() })));
  on('training:end', () =>
    control((r) => {
      r.end();
      return { report: r.report() };
    }),
  );
  on('training:state', () => ({ state: hub.runnerOf(current().id)?.state() ?? null }));

  on('training:hello', (req) => {
    const r = runner();
    const known = conn.data.trainee;
    const sameTrainee = known && known.session === r.session.id && known.id === req.trainee;
    // One trainee per connection and class: a second registration (the way to fill a class with fakes) is refused.
    const mine = conn.data.registered?.[r.session.id];
    if (mine !== undefined && mine !== req.trainee) {
      throw new Error(
        r.trainee(mine)
          ? 'this page is a trainee of this class already: one trainee per browser tab'
          : 'the trainer removed you from this class',
      );
    }
    const t = r.hello(req.name, req.trainee, networkOf(conn.address));
    conn.data.registered = { ...conn.data.registered, [r.session.id]: t.id };
    if (!sameTrainee) unbind();
    if (!sameTrainee) {
      t.connections++;
      conn.data.trainee = { session: r.session.id, id: t.id };
      conn.join(traineeRoom(r.session.id, t.id));
    }
    hub.touch(r.session.id);
    const report = r.report().trainees.find((x) => x.id === t.id)!;
    return {
      trainee: t.id,
      state: r.state(),
      results: { trainee: t.id, results: report.results, score: report.score, maxScore: report.maxScore },
    };
  });
  on('training:answer', (req) => {
    const { r, id } = trainee();
    return { result: r.answer(id, req.task, req.answer) };
  });
  on('training:act', (req) => {
    const { r, id } = trainee();
    r.act(id, req);
    host.announce(r.session);
    return { simTime: r.session.sim.now };
  });

  on('training:remove', (req) => {
    const r = runner();
    r.remove(req.trainee);
    host.broadcast(traineeRoom(r.session.id, req.trainee), 'training:removed', {
      session: r.session.id,
      trainee: req.trainee,
      reason: 'the trainer removed you from this class',
    });
    host.clearRoom(traineeRoom(r.session.id, req.trainee));
    return { report: r.report() };
  });

  on('story:list', () => ({ stories: hub.stories() }));
  on('story:open', (req) => hub.openStory(req.story, req.restart ?? false, conn.data.role));
  on('scenes:catalog', () => ({ scenes: hub.sceneCards(conn.data.role) }));

  conn.onDisconnect(() => count(-1)); // the binding stays in the connection's data for a recovery
}
