import { availableParallelism } from 'node:os';
import { RedisUnavailableError, redactRedisUrl } from '../storage/redis.ts';
import { InputError } from './inputError.ts';

/**
 * `twin worker --redis URL [--concurrency N]`: takes experiment jobs from the Redis queue until stopped. The
 * queue code (bullmq, ioredis) is loaded here, behind the flag: no other command loads it without `--redis`.
 */

/** Flags of `twin worker`. */
export interface WorkerFlags {
  redis: string;
  concurrency?: number;
}

/** Runs a worker; resolves when Ctrl-C or SIGTERM stopped it (a second signal exits at once, code 130). */
export async function workerCommand(flags: WorkerFlags, print: (text: string) => void): Promise<void> {
  const { startQueueWorker } = await import('../experiments/queueWorker.ts');
  const concurrency = flags.concurrency ?? availableParallelism();
  const warn = (text: string): void => {
    process.stderr.write(`warning: ${text}\n`);
  };
  let worker;
  try {
    worker = await startQueueWorker({ url: flags.redis, concurrency, warn });
  } catch (error) {
    if (error instanceof RedisUnavailableError) throw new InputError(error.message);
    throw error;
  }
  print(`worker ${worker.id}: taking experiment jobs from ${redactRedisUrl(flags.redis)}, ${concurrency} at a time`);
  print('Ctrl-C to stop (running jobs finish first; twice to stop at once).');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) {
        // at once: the running jobs go back to the queue when their locks expire and run on another worker
        process.exit(130);
      }
      stopping = true;
      print('stopping: finishing the running jobs...');
      void worker.close().then(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
