import type { z } from 'zod';
import { EXPERIMENT_CONTROL_EVENTS, experimentSchemas, type ExperimentClientEvents } from '../protocol/experiments.ts';
import { createExperimentService, type ExperimentService } from './experimentService.ts';
import type { Gate } from './gate.ts';
import type { HandlerContext, TwinServer, TwinSocket } from './handlers.ts';

/**
 * Socket handlers of the Experiments view, registered from attachHandlers through the same gate (rate limit,
 * zod, the operator check for launching, cancelling and opening a variant live). One experiment service per
 * server, created on first use and closed with the server's HTTP listener: a running experiment is aborted
 * (its finished jobs stay stored) and the database closed.
 */

/** Room of the connections watching experiments (they get progress and the end of runs). */
export const EXPERIMENTS_ROOM = 'experiments';

type EventName = keyof typeof experimentSchemas;
type Payload<E extends EventName> = z.infer<(typeof experimentSchemas)[E]>;
type Success<E extends EventName> = Omit<Extract<Parameters<Parameters<ExperimentClientEvents[E]>[1]>[0], { ok: true }>, 'ok'>;

const services = new WeakMap<TwinServer, ExperimentService>();

/** Worker threads per experiment from `TWIN_EXPERIMENT_WORKERS`, else the service's default. */
function workersFromEnv(): number | undefined {
  const n = Number(process.env['TWIN_EXPERIMENT_WORKERS']);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** The experiment service of a server (created on first use). */
export function experimentServiceOf(ctx: Pick<HandlerContext, 'io' | 'catalog'>): ExperimentService {
  let service = services.get(ctx.io);
  if (!service) {
    const { io } = ctx;
    const workers = workersFromEnv();
    const created = createExperimentService({
      catalog: ctx.catalog,
      ...(workers === undefined ? {} : { workers }),
      broadcast: (event: 'progress' | 'finished', payload: never) => { io.to(EXPERIMENTS_ROOM).emit(`experiment:${event}`, payload); },
    });
    services.set(io, created);
    io.httpServer?.once('close', () => { void created.close(); }); // server.close(): abort, keep finished jobs
    service = created;
  }
  return service;
}

/** Registers the experiment events on a new connection. */
export function attachExperimentHandlers(socket: TwinSocket, ctx: HandlerContext, gate: Gate): void {
  const on = <E extends EventName>(event: E, handler: (payload: Payload<E>) => Success<E> | Promise<Success<E>>): void =>
    gate(event, experimentSchemas[event], handler as (p: unknown) => object, { control: EXPERIMENT_CONTROL_EVENTS.has(event) });
  const service = (): ExperimentService => experimentServiceOf(ctx);

  on('experiment:catalog', async () => {
    void socket.join(EXPERIMENTS_ROOM);
    const s = service();
    return { scenes: s.scenes(), files: await s.files(), running: s.running(), workers: s.workers };
  });
  on('experiment:file', (req) => service().fileText(req.key));
  on('experiment:start', async (req) => {
    void socket.join(EXPERIMENTS_ROOM);
    return { progress: await service().start(req.text, req.file ?? 'experiment.yaml', req.rank) };
  });
  on('experiment:cancel', async () => ({ runId: await service().cancel() }));
  on('experiment:history', (req) => ({ runs: service().history(req.limit ?? 50) }));
  on('experiment:open', (req) => service().open(req.run));
  on('experiment:csv', (req) => service().csv(req.run));
  on('experiment:live', (req) => {
    const { key, scene } = service().variantScene(req.run, req.variant);
    return { session: ctx.registry.create(key, scene, scene.run.seed).info() };
  });
}
