import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClientPool, request, startTestServer } from '../helpers/liveServer.ts';
import type { RunningServer } from '../../server/live/server.ts';
import { tempDir } from '../experiments/helpers.ts';

/**
 * The live server with a history database it cannot use: it starts anyway, says so in its log, keeps running the
 * line, and the Experiments view gets the reason and what to do instead of a bare SQLite error.
 */

const tmp = tempDir();
let server: RunningServer | undefined;
const pool = createClientPool(() => server!);
afterAll(async () => {
  pool.closeAll();
  await server?.close();
  tmp.remove();
});

describe('a live server whose history database is damaged', () => {
  it('starts, logs the problem once, and answers the Experiments view with it', async () => {
    const historyDb = join(tmp.dir, 'linetwin.db');
    writeFileSync(historyDb, 'this is not a database, but it is where the history should be\n');
    const warnings: string[] = [];
    server = await startTestServer({ historyDb, warn: (text) => warnings.push(text) });
    expect(warnings).toEqual([expect.stringMatching(/^experiment history unavailable: .*linetwin\.db is not a LineTwin database/)]);
    const viewer = await pool.client();
    const joined = await request(viewer, 'session:join', {});
    expect(joined.ok).toBe(true); // the line runs
    const history = await request(viewer, 'experiment:history', {});
    expect(history).toEqual({ ok: false, error: expect.stringMatching(/linetwin\.db is not a LineTwin database .*move it away/) });
  });
});
