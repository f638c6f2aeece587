import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Without --redis nothing changes: no module imports bullmq or ioredis at load time (type imports are erased),
 * and the queue modules are reached only through dynamic imports behind the flag.
 */

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

const QUEUE_MODULES = /['"][./]*(?:experiments\/)?(queueExecutor|queueWorker)\.ts['"]/;

describe('the queue is loaded only with --redis', () => {
  const sources = [...files('server'), ...files('src')].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  it('no value import of bullmq or ioredis anywhere in server/ or src/', () => {
    const offenders = sources.flatMap(({ file, text }) =>
      text
        .split('\n')
        .filter(
          (line) =>
            /^\s*import\s(?!type\s).*from\s+['"](bullmq|ioredis)['"]/.test(line) || /^\s*import\s+['"](bullmq|ioredis)['"]/.test(line),
        )
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
  it('the queue modules are imported only dynamically (or as types)', () => {
    const offenders = sources.flatMap(({ file, text }) =>
      text
        .split('\n')
        .filter((line) => QUEUE_MODULES.test(line) && /^\s*import\s(?!type\s)/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
    const dynamic = sources.filter(({ text }) => /await import\(['"][./]*(?:experiments\/)?queue(Executor|Worker)\.ts['"]\)/.test(text));
    expect(dynamic.map((s) => s.file).sort()).toEqual([
      'server/commands/experiment.ts',
      'server/commands/serve.ts',
      'server/commands/worker.ts',
    ]);
  });
});
