import { parentPort } from 'node:worker_threads';
import { runEstimateJob, type EstimateJob, type EstimateJobResult } from './estimateJob.ts';

/** Worker-thread loop of the estimate pool: runs each replication posted and posts its result (or its error) back. */

/** Message from the pool to a worker. */
export interface EstimateWorkerRequest {
  id: number;
  job: EstimateJob;
}

/** Message from a worker to the pool. */
export type EstimateWorkerReply = { id: number; ok: true; result: EstimateJobResult } | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  port.on('message', ({ id, job }: EstimateWorkerRequest) => {
    let reply: EstimateWorkerReply;
    try {
      reply = { id, ok: true, result: runEstimateJob(job) };
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
