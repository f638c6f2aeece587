import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { tempDir } from '../experiments/helpers.ts';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../server/protocol/events.ts';

/** `twin serve` as a user starts it: prints the URL and a one-time token, serves, and stops cleanly on Ctrl-C. */
const data = tempDir(); // its sessions database, away from the repository's data/
afterAll(() => data.remove());

describe('twin serve', () => {
  it('starts, prints URL and operator token, accepts the token, and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      ['server/twin.js', 'serve', '--no-build', '--port', '0', '--scene', 'test/fixtures/short-line.yaml'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TWIN_OPERATOR_TOKEN: '', TWIN_DATA_DIR: data.dir } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/operator token/.test(out)) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error(out));
      });
    });
    const url = /at (http:\/\/\S+)/.exec(out)![1]!;
    const token = /operator token \(shown once[^)]*\): (\S+)/.exec(out)![1]!;
    expect(token.length).toBeGreaterThanOrEqual(20);
    const s = io(url, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'] });
    const joined = await new Promise<{ ok: boolean; snapshot?: { role: string } }>((resolve) => s.emit('session:join', {}, resolve));
    expect(joined.snapshot?.role).toBe('operator');
    s.close();
    // the wrapper forwards Ctrl-C to the server process, which closes its sockets and exits cleanly
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/stopping/);
  }, 30_000);
});
