import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_JOBS } from '../../server/experiments/design.ts';
import type { RunningServer } from '../../server/live/server.ts';
import type { ExperimentProgressInfo } from '../../server/protocol/experiments.ts';
import { tempDir } from '../experiments/helpers.ts';
import { createClientPool, nextEvent, request, startTestServer, TEST_TOKEN, waitFor } from '../helpers/liveServer.ts';

/**
 * One experiment must not be able to exhaust the live server. The largest experiment the server accepts (its job
 * limit, DEFAULT_MAX_JOBS) is planned in slices and its jobs are built as they are dispatched, so an honest viewer of
 * the default session keeps getting its KPIs once a second while the server plans it and runs its first jobs; a
 * bigger one is refused at once with its size and the limit.
 */

const tmp = tempDir();
const saved = process.env['TWIN_DATA_DIR'];
let server: RunningServer;
const pool = createClientPool(() => server);

/** Variants x sweep points x replications; 40 x 50 sweep points, each a short run of the two-machine line. */
const experiment = (replications: number, variants = 1): string => `name: as large as allowed
scene: ../two-machine.yaml
horizon: 10min
warmup: 1min
replications: ${replications}
variants:
${Array.from({ length: variants }, (_, i) => `  - name: v${i}\n    set: { M2.scrap: ${(i * 0.001).toFixed(3)} }`).join('\n')}
sweep:
  B1.capacity: [${Array.from({ length: 40 }, (_, i) => i).join(', ')}]
  M1.cycleTime.mean: [${Array.from({ length: 50 }, (_, i) => `${(0.5 + i * 0.01).toFixed(2)}s`).join(', ')}]
`;

beforeAll(async () => {
  process.env['TWIN_DATA_DIR'] = tmp.dir;
  server = await startTestServer();
});
afterAll(async () => {
  pool.closeAll();
  await server.close();
  if (saved === undefined) delete process.env['TWIN_DATA_DIR'];
  else process.env['TWIN_DATA_DIR'] = saved;
  tmp.remove();
});

describe('an experiment of the largest allowed size', () => {
  it('is refused at once when it is bigger than the limit, naming its size and the limit', async () => {
    const operator = await pool.client(TEST_TOKEN);
    // 2 variants x 2,000 points x 10,000 replications: 40 million jobs, a request of under 1 KB
    const res = await request(operator, 'experiment:start', { text: experiment(10_000, 2) });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toContain(
      `40000000 jobs (4000 variant x sweep combinations x 10000 replications), more than the limit of ${DEFAULT_MAX_JOBS}`,
    );
  });

  it('runs while an honest viewer keeps receiving KPIs once a second', async () => {
    const viewer = await pool.client();
    expect((await request(viewer, 'session:join', {})).ok).toBe(true);
    const arrivals: number[] = [];
    viewer.on('sim:kpi', () => arrivals.push(Date.now()));
    await waitFor(() => arrivals.length >= 2, 20_000);

    const operator = await pool.client(TEST_TOKEN);
    const replications = DEFAULT_MAX_JOBS / 2000; // exactly the limit: 2,000 sweep points
    const launched = Date.now();
    const res = await request<{ progress: ExperimentProgressInfo }>(operator, 'experiment:start', { text: experiment(replications) });
    expect(res).toMatchObject({ ok: true });
    if (!res.ok) return;
    expect(res.progress.total).toBe(DEFAULT_MAX_JOBS);
    await nextEvent(operator, 'experiment:progress', (p) => p.done >= 20, 120_000); // jobs are running
    const until = Date.now() + 3000;
    await waitFor(() => Date.now() >= until, 10_000);
    expect((await request(operator, 'experiment:cancel', {})).ok).toBe(true);

    const during = arrivals.filter((t) => t >= launched - 1000);
    const gaps = during.slice(1).map((t, i) => t - during[i]!);
    expect(during.length).toBeGreaterThanOrEqual(3);
    // KPIs come once a second; a server frozen by planning (this request froze one for 7 minutes) shows as a gap
    expect(Math.max(...gaps)).toBeLessThan(4000);
  }, 240_000);
});
