import { Worker } from 'node:worker_threads';
import { executeJob, type JobOutcome, type JobRequest } from './job.ts';
import type { WorkerReply } from './jobWorker.ts';
import { JobFailedError } from './errors.ts';

/**
 * Where jobs run: a pool of worker threads, or the calling thread. Both report each outcome with the job's
 * index in the batch, never by order of completion, so callers can assemble results independently of timing.
 */

/**
 * The jobs of a batch, each built when it is dispatched: an experiment of thousands of jobs never holds thousands
 * of requests (each carries a whole scene document).
 */
export interface JobSource {
  readonly length: number;
  at(index: number): JobRequest;
}

/** A batch of requests already built. */
export function jobsOf(requests: readonly JobRequest[]): JobSource {
  return { length: requests.length, at: (i) => requests[i]! };
}

/** Runs batches of jobs. */
export interface JobExecutor {
  /** Worker threads used (0: the calling thread). */
  readonly size: number;
  /** Runs every job, calling `onDone` as each finishes; rejects on the first failure or when `signal` aborts. */
  run(jobs: JobSource, onDone: (index: number, outcome: JobOutcome) => void, signal?: AbortSignal): Promise<void>;
  /** Stops the workers; the executor can still be used afterwards (it starts new ones). */
  close(): Promise<void>;
  /** Starts the worker threads now instead of at the first batch (a long-lived `twin worker` has them ready). */
  start?(): void;
}

/** The error a batch rejects with when its signal aborts. */
function abortError(): Error {
  const error = new Error('the experiment was aborted');
  error.name = 'AbortError';
  return error;
}

/** Jobs one after another in this thread, yielding to the event loop between jobs so an abort is seen. */
export function createInlineExecutor(): JobExecutor {
  return {
    size: 0,
    async run(jobs, onDone, signal) {
      for (let i = 0; i < jobs.length; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) throw abortError();
        onDone(i, executeJob(jobs.at(i)));
      }
    },
    async close() {},
  };
}

interface Slot {
  worker: Worker;
  job: number; // index in the current batch, -1 when idle
}

interface Batch {
  onReply(slot: Slot, reply: WorkerReply): void;
  onFailure(error: Error): void;
}

const WORKER_ENTRY = new URL('./worker.mjs', import.meta.url);

/** A pool of `size` worker threads (at least 1), started on first use. */
export function createWorkerPool(size: number): JobExecutor {
  const count = Math.max(1, Math.floor(size));
  let slots: Slot[] = [];
  let batch: Batch | null = null;

  const spawn = (): Slot => {
    // execArgv []: the entry loads TypeScript itself; inheriting tsx's loader flags would register it twice.
    const slot: Slot = { worker: new Worker(WORKER_ENTRY, { execArgv: [] }), job: -1 };
    slot.worker.on('message', (reply: WorkerReply) => batch?.onReply(slot, reply));
    slot.worker.on('error', (error) => batch?.onFailure(error));
    slot.worker.on('exit', (code) => {
      if (slots.includes(slot)) batch?.onFailure(new Error(`an experiment worker stopped unexpectedly (exit code ${code})`));
    });
    return slot;
  };

  const terminate = async (): Promise<void> => {
    const stopping = slots;
    slots = []; // before terminating, so their exit events are not taken for crashes
    await Promise.all(stopping.map((s) => s.worker.terminate()));
  };

  return {
    size: count,
    start() {
      while (slots.length < count) slots.push(spawn());
    },
    run(jobs, onDone, signal) {
      if (jobs.length === 0) return Promise.resolve();
      if (signal?.aborted) return Promise.reject(abortError());
      while (slots.length < Math.min(count, jobs.length)) slots.push(spawn());
      return new Promise<void>((resolve, reject) => {
        let next = 0;
        let finished = 0;
        let settled = false;
        const settle = (error?: Error): void => {
          if (settled) return;
          settled = true;
          batch = null;
          signal?.removeEventListener('abort', onAbort);
          if (error === undefined) {
            resolve();
            return;
          }
          // Jobs still running are lost with their workers; they will run again if the experiment resumes.
          void terminate().finally(() => reject(error));
        };
        const onAbort = (): void => settle(abortError());
        const dispatch = (slot: Slot): void => {
          if (next >= jobs.length) {
            slot.job = -1;
            return;
          }
          slot.job = next++;
          slot.worker.postMessage({ id: slot.job, job: jobs.at(slot.job) });
        };
        batch = {
          onReply(slot, reply) {
            if (!reply.ok) {
              const key = reply.id < jobs.length ? jobs.at(reply.id).key : String(reply.id);
              settle(new JobFailedError(`job ${key} failed in a worker: ${reply.error}`, key, reply.message));
              return;
            }
            try {
              onDone(reply.id, reply.outcome);
            } catch (error) {
              settle(error instanceof Error ? error : new Error(String(error)));
              return;
            }
            if (++finished === jobs.length) settle();
            else dispatch(slot);
          },
          onFailure: (error) => settle(error),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        for (const slot of slots) dispatch(slot);
      });
    },
    close: terminate,
  };
}
