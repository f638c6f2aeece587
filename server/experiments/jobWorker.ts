import { parentPort } from 'node:worker_threads';
import { executeJob, type JobRequest } from './job.ts';

/** Worker-thread loop: run each job posted by the pool and post its outcome (or its error) back. */

/** Message from the pool to a worker. */
export interface WorkerRequest {
  id: number;
  job: JobRequest;
}

/** Message from a worker to the pool. */
export type WorkerReply =
  { id: number; ok: true; outcome: ReturnType<typeof executeJob> } | { id: number; ok: false; error: string; message: string };

const port = parentPort;
if (port) {
  port.on('message', ({ id, job }: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { id, ok: true, outcome: executeJob(job) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      reply = { id, ok: false, error: error instanceof Error ? (error.stack ?? message) : message, message };
    }
    port.postMessage(reply);
  });
}
