import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import { startTestServer } from '../helpers/liveServer.ts';
import { tempDir } from '../experiments/helpers.ts';

/** A sessions database LineTwin cannot use: the server says why and what to do, and runs with sessions in memory. */

const tmp = tempDir();
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('a damaged sessions database', () => {
  it('does not stop the server: it warns once and keeps sessions in memory', async () => {
    const sessionsDb = join(tmp.dir, 'sessions.db');
    writeFileSync(sessionsDb, Buffer.alloc(4096, 7));
    const warnings: string[] = [];
    server = await startTestServer({ sessionsDb, warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      expect.stringMatching(/^sessions are not kept: .*sessions\.db is not a LineTwin database \(not an SQLite file\); move it away/),
    ]);
    expect(server.registry.all().map((s) => s.id)).toEqual(['s1']);
    expect(server.registry.create('short-line', server.registry.get('s1')!.scene).id).toBe('s2');
  });

  it('in a folder that cannot be made: the same', async () => {
    const notAFolder = join(tmp.dir, 'a-file');
    writeFileSync(notAFolder, '');
    const warnings: string[] = [];
    const other = await startTestServer({ sessionsDb: join(notAFolder, 'sessions.db'), warn: (w) => warnings.push(w) });
    await other.close();
    expect(warnings).toEqual([
      expect.stringMatching(/^sessions are not kept: cannot create the folder of the database .*a-file\/sessions\.db \((EEXIST|ENOTDIR)\)/),
    ]);
  });
});
