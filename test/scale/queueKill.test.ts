import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { tempDir } from '../experiments/helpers.ts';
import { LOCK_DURATION_MS, STALLED_INTERVAL_MS } from '../../server/experiments/queue.ts';
import { leftoverJobs, pollUntil, storedJobs, useQueue, waitForWorkers, workersById, type WorkerProcess } from './queueHelpers.ts';

/**
 * A worker SIGKILLed in the middle of a job loses nothing: its lock expires, another worker's stalled check puts
 * the job back in the queue, the other worker runs it, and the experiment's result is a local run's.
 */

const FILE = 'test/fixtures/experiments/queue-slow.yaml'; // 4 jobs of 12 simulated days
const tmp = tempDir();
const queue = useQueue([
  ['--concurrency', '1'],
  ['--concurrency', '1'],
]);
afterAll(() => tmp.remove());

describe('a worker killed mid-job', () => {
  it('its job runs again on the other worker and the result is unchanged', async () => {
    const [victim, survivor] = queue.workers as [WorkerProcess, WorkerProcess];
    await waitForWorkers(queue.client(), 2);
    const db = join(tmp.dir, 'queued.db');
    const run = twin('experiment', FILE, '--db', db, '--redis', queue.redis().url, '--json');

    // kill the victim while it computes a job (its heartbeat says so as the job starts)
    const seen = await pollUntil(
      () => workersById(queue.client()),
      (m) => (m.get(victim.id)?.active ?? 0) > 0,
      60_000,
    );
    const doneBeforeKill = seen.get(victim.id)!.jobsDone;
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    const queued = await run;
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    // the job came back within the lock plus two stalled checks (and its own run time) of the kill
    expect(Date.now() - killedAt).toBeLessThan(LOCK_DURATION_MS + 2 * STALLED_INTERVAL_MS + 30_000);
    // every job not finished by the victim, the killed one included, was finished by the survivor
    const survivorInfo = await pollUntil(
      () => workersById(queue.client()),
      (m) => (m.get(survivor.id)?.jobsDone ?? 0) === 4 - doneBeforeKill,
    );
    expect(survivorInfo.get(survivor.id)!.active).toBe(0);
    // the survivor's stalled check found the job and said so
    expect(survivor.output()).toMatch(/^warning: job \S+ lost its worker \(stopped or killed\): it goes back to the queue$/m);

    const local = join(tmp.dir, 'local.db');
    const reference = await twin('experiment', FILE, '--db', local, '--workers', '2', '--json');
    expect(reference.code).toBe(0);
    expect(queued.stdout).toBe(reference.stdout);
    expect(storedJobs(db)).toEqual(storedJobs(local));
    expect(await leftoverJobs(queue.client())).toEqual([]);
  }, 120_000);
});
