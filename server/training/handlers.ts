import type { Gate } from '../live/gate.ts';
import type { HandlerContext, TwinSocket } from '../live/handlers.ts';
import type { Session } from '../live/session.ts';
import { TRAINER_EVENTS, trainingSchemas } from '../protocol/training.ts';
import { traineeRoom, trainersRoom } from './hub.ts';
import type { ScenarioRunner } from './runner.ts';

/**
 * Socket handlers of training, stories and the scene picker, registered once per connection from
 * attachHandlers, all through the connection's gate (rate limit, ack, zod, operator check). Trainer events
 * need the operator token; trainees need none, but answer and act only as the trainee they said hello as,
 * in the session they did that in.
 */

type Schemas = typeof trainingSchemas;
type EventName = keyof Schemas;

/** Registers the training handlers of one connection. */
export function attachTrainingHandlers(socket: TwinSocket, gate: Gate, ctx: HandlerContext): void {
  const hub = ctx.training;
  const on = <E extends EventName>(event: E, handler: (payload: import('zod').infer<Schemas[E]>) => object): void =>
    gate(event, trainingSchemas[event], handler as (p: unknown) => object, { control: TRAINER_EVENTS.has(event) });

  const current = (): Session => {
    const s = socket.data.session ? ctx.registry.get(socket.data.session) : null;
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
    const bound = socket.data.trainee;
    const r = runner();
    if (!bound || bound.session !== r.session.id || !r.trainee(bound.id)) throw new Error('say hello as a trainee of this session first');
    return { r, id: bound.id };
  };
  // Counts this connection for its trainee (+1) or no longer (-1), so the console shows who is here.
  const count = (delta: 1 | -1): void => {
    const bound = socket.data.trainee;
    const t = bound ? hub.runnerOf(bound.session)?.trainee(bound.id) : null;
    if (!bound || !t) return;
    t.connections = Math.max(0, t.connections + delta);
    hub.touch(bound.session);
  };
  const unbind = (): void => {
    const bound = socket.data.trainee;
    if (!bound) return;
    count(-1);
    void socket.leave(traineeRoom(bound.session, bound.id));
    socket.data.trainee = undefined;
  };
  // A connection that Socket.IO recovered keeps its data and rooms: it is that trainee again.
  if (socket.recovered) count(1);

  on('training:list', () => ({ scenarios: hub.scenarios() }));
  on('training:start', (req) => {
    const r = hub.start(req.scenario, req.speed);
    void socket.join(trainersRoom(r.session.id));
    return { session: r.session.info(), report: r.report() };
  });
  on('training:console', () => {
    const r = runner();
    void socket.join(trainersRoom(r.session.id));
    return { report: r.report() };
  });
  const control = (act: (r: ScenarioRunner) => object | void): object => {
    const r = runner();
    const result = act(r) ?? {};
    ctx.announce(r.session);
    return result;
  };
  on('training:run', () => control((r) => r.run()));
  on('training:pause', () => control((r) => r.pause()));
  on('training:skip', () => control((r) => ({ simTime: r.skip() })));
  on('training:end', () => control((r) => { r.end(); return { report: r.report() }; }));
  on('training:state', () => ({ state: hub.runnerOf(current().id)?.state() ?? null }));

  on('training:hello', (req) => {
    const r = runner();
    const known = socket.data.trainee;
    const sameTrainee = known && known.session === r.session.id && known.id === req.trainee;
    if (!sameTrainee) unbind();
    const t = r.hello(req.name, req.trainee);
    if (!sameTrainee) {
      t.connections++;
      socket.data.trainee = { session: r.session.id, id: t.id };
      void socket.join(traineeRoom(r.session.id, t.id));
    }
    hub.touch(r.session.id);
    const report = r.report().trainees.find((x) => x.id === t.id)!;
    return { trainee: t.id, state: r.state(), results: { trainee: t.id, results: report.results, score: report.score, maxScore: report.maxScore } };
  });
  on('training:answer', (req) => {
    const { r, id } = trainee();
    return { result: r.answer(id, req.task, req.answer) };
  });
  on('training:act', (req) => {
    const { r, id } = trainee();
    r.act(id, req);
    ctx.announce(r.session);
    return { simTime: r.session.sim.now };
  });

  on('story:list', () => ({ stories: hub.stories() }));
  on('story:open', (req) => hub.openStory(req.story, req.restart ?? false, socket.data.role));
  on('scenes:catalog', () => ({ scenes: hub.sceneCards() }));

  socket.on('disconnect', () => count(-1)); // the binding stays in socket.data for a recovery
}
