import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `twin serve` as a child process (the scale-out tests run several, and kill them): started with tsx like
 * `npx twin`, its own data folder, the test operator token; resolves once it prints its URL.
 */
export interface TwinProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` (SIGTERM: a clean stop) and resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startTwinProcess(args: string[], token: string, timeoutMs = 60_000): Promise<TwinProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', '--no-build', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TWIN_OPERATOR_TOKEN: token, TWIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'linetwin-proc-')) },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          child.once('exit', () => resolve());
          child.kill(signal);
        });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`twin serve did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const look = (): void => {
      const m = /running "[^"]*" at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`twin serve exited with ${code}:\n${out}`));
    });
  }).catch(async (e: unknown) => {
    await stop('SIGKILL');
    throw e;
  });
  return { url, child, output: () => out, stop };
}
