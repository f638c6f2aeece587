import { Worker } from 'node:worker_threads';
import type { EstimateJob, EstimateJobResult } from './estimateJob.ts';
import type { EstimateWorkerReply } from './estimateWorker.ts';

/**
 * The worker threads quick estimates run in, kept warm between estimates (starting one costs a few hundred ms of
 * TypeScript loading). Replications queue first come, first served. A cancelled replication still queued is
 * dropped; one already running finishes (it is short: an event budget bounds it) and its result is thrown away,
 * so a superseded estimate never costs a worker restart. A replication running past `jobTimeoutMs` has its worker
 * stopped: the pool never hangs on one scene.
 */

/** A replication handed to the pool. */
export interface PoolTask {
  readonly result: Promise<EstimateJobResult>;
  /** Drops the task if it is still queued; its promise then never settles (the caller has moved on). */
  cancel(): void;
}

/** The estimate workers of one server. */
export interface EstimatePool {
  readonly size: number;
  submit(job: EstimateJob): PoolTask;
  /** Starts the workers now (they take a few hundred ms to load), so the first estimate does not wait for them. */
  warm(): void;
  /** Stops every worker; queued and running tasks are rejected. */
  close(): Promise<void>;
}

interface Queued {
  job: EstimateJob;
  cancelled: boolean;
  resolve(result: EstimateJobResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task: Queued | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const WORKER_ENTRY = new URL('./estimateWorker.mjs', import.meta.url);

/** A pool of `size` workers (at least 1), started on first use. */
export function createEstimatePool(size: number, jobTimeoutMs = 30_000): EstimatePool {
  const count = Math.max(1, Math.floor(size));
  const queue: Queued[] = [];
  let slots: Slot[] = [];
  let closed = false;
  let nextId = 0;

  const finish = (slot: Slot): Queued | null => {
    const task = slot.task;
    slot.task = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return task;
  };

  const spawn = (): Slot => {
    // execArgv []: the entry loads TypeScript itself; inheriting tsx's loader flags would register it twice.
    const slot: Slot = { worker: new Worker(WORKER_ENTRY, { execArgv: [] }), task: null, timer: null };
    slot.worker.unref(); // an idle pool never keeps the process alive
    slot.worker.on('message', (reply: EstimateWorkerReply) => {
      const task = finish(slot);
      if (task && !task.cancelled) {
        if (reply.ok) task.resolve(reply.result);
        else task.reject(new Error(reply.error));
      }
      pump();
    });
    const lost = (why: string): void => {
      if (!slots.includes(slot)) return; // terminated on purpose
      slots = slots.filter((s) => s !== slot);
      finish(slot)?.reject(new Error(why));
      pump();
    };
    slot.worker.on('error', (error) => lost(`an estimate worker failed: ${error.message}`));
    slot.worker.on('exit', (code) => lost(`an estimate worker stopped unexpectedly (exit code ${code})`));
    return slot;
  };

  const start = (slot: Slot, task: Queued): void => {
    slot.task = task;
    slot.timer = setTimeout(() => {
      // too slow for a quick estimate: stop the worker (a new one starts for the next task)
      slots = slots.filter((s) => s !== slot);
      finish(slot)?.reject(new Error(`a replication took more than ${jobTimeoutMs / 1000} s: the line is too large for a quick estimate`));
      void slot.worker.terminate();
      pump();
    }, jobTimeoutMs);
    slot.worker.postMessage({ id: nextId++, job: task.job });
  };

  function pump(): void {
    while (!closed && queue.length > 0) {
      if (queue[0]!.cancelled) {
        queue.shift();
        continue;
      }
      let slot = slots.find((s) => s.task === null);
      if (!slot && slots.length < count) {
        slot = spawn();
        slots.push(slot);
      }
      if (!slot) return;
      start(slot, queue.shift()!);
    }
  }

  return {
    size: count,
    submit(job) {
      let queued!: Queued;
      const result = new Promise<EstimateJobResult>((resolve, reject) => {
        queued = { job, cancelled: false, resolve, reject };
      });
      result.catch(() => {}); // a cancelled task's rejection (the pool closing) has nobody waiting for it
      if (closed) queued.reject(new Error('the server is stopping'));
      else {
        queue.push(queued);
        pump();
      }
      return {
        result,
        cancel: () => {
          queued.cancelled = true;
        },
      };
    },
    warm() {
      while (!closed && slots.length < count) slots.push(spawn());
    },
    async close() {
      closed = true;
      const stopping = slots;
      slots = [];
      for (const task of [...queue, ...stopping.map(finish)]) task?.reject(new Error('the server is stopping'));
      queue.length = 0;
      await Promise.all(stopping.map((s) => s.worker.terminate()));
    },
  };
}
