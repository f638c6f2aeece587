import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { twin } from '../helpers/cli.ts';
import { tempDir } from '../experiments/helpers.ts';
import { leftoverJobs, pollUntil, storedJobs, useQueue, waitForWorkers, workersById } from './queueHelpers.ts';

/**
 * `twin experiment --redis` with two spawned `twin worker` processes gives the results, CSV and history of a local
 * `twin experiment`, byte for byte, and leaves no job behind in Redis.
 */

const run = promisify(execFile);
const FILE = 'test/fixtures/experiments/small.yaml'; // 2 variants x 2 buffer sizes x 3 replications
const tmp = tempDir();
const queue = useQueue([
  ['--concurrency', '1'],
  ['--concurrency', '1'],
]);
afterAll(() => tmp.remove());

describe('experiments on the queue', () => {
  it('two workers give the results, CSV and history of a local run, byte for byte', async () => {
    const listed = await waitForWorkers(queue.client(), 2);
    expect([...listed.keys()].sort()).toEqual(queue.workers.map((w) => w.id).sort());

    const local = { db: join(tmp.dir, 'local.db'), csv: join(tmp.dir, 'local.csv') };
    const queued = { db: join(tmp.dir, 'queued.db'), csv: join(tmp.dir, 'queued.csv') };
    const a = await twin('experiment', FILE, '--db', local.db, '--workers', '2', '--json', '--csv', local.csv);
    expect(a.code).toBe(0);
    const b = await twin('experiment', FILE, '--db', queued.db, '--redis', queue.redis().url, '--json', '--csv', queued.csv);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(b.stdout).jobs).toEqual({ total: 12, computed: 12, reused: 0 });
    expect(readFileSync(queued.csv, 'utf8')).toBe(readFileSync(local.csv, 'utf8'));
    expect(storedJobs(queued.db)).toEqual(storedJobs(local.db));
    const history = await Promise.all([local.db, queued.db].map((db) => twin('history', '1', '--db', db, '--json')));
    expect(history[1]!.stdout).toBe(history[0]!.stdout);
    const table = await Promise.all([local.db, queued.db].map((db) => twin('history', '1', '--db', db)));
    const body = (text: string): string => text.split('\nrun 1:')[0]!; // the last line has the start time
    expect(body(table[1]!.stdout)).toBe(body(table[0]!.stdout));

    // both workers took jobs, and together all twelve
    const after = await pollUntil(
      () => workersById(queue.client()),
      (m) => [...m.values()].reduce((n, w) => n + w.jobsDone, 0) === 12,
    );
    for (const w of after.values()) expect(w.jobsDone).toBeGreaterThan(0);
    // nothing left behind
    expect(await leftoverJobs(queue.client())).toEqual([]);
    for (const list of ['wait', 'active']) expect(await queue.client().llen(`bull:linetwin-experiments:${list}`)).toBe(0);

    // the table says where the jobs ran
    const shown = await twin('experiment', FILE, '--db', queued.db, '--redis', queue.redis().url, '--no-progress');
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/^2 workers connected to redis:\/\/127\.0\.0\.1:\d+ \(2 jobs at a time\)$/m);
  }, 120_000);

  it('two experiments queued at once do not mix: each gets its own results', async () => {
    const OTHER = 'test/fixtures/experiments/resume.yaml'; // 3 variants x 6 replications
    // two processes (in-process runs would share the captured stdout)
    const [a, b] = await Promise.all(
      [FILE, OTHER].map((file, i) =>
        run(
          process.execPath,
          ['server/twin.js', 'experiment', file, '--db', join(tmp.dir, `both-${i}.db`), '--redis', queue.redis().url, '--json'],
          { maxBuffer: 64 * 1024 * 1024 },
        ),
      ),
    );
    const local: string[] = []; // one after the other: in-process runs share the captured stdout
    for (const [i, file] of [FILE, OTHER].entries())
      local.push((await twin('experiment', file, '--db', join(tmp.dir, `local-${i}.db`), '--workers', '1', '--json')).stdout);
    const [la, lb] = local;
    expect(a!.stdout).toBe(la);
    expect(b!.stdout).toBe(lb);
    expect(await leftoverJobs(queue.client())).toEqual([]);
  }, 120_000);
});
