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

describe('the queue is loaded only with --redis', () => {
  const sources = [...files('server'), ...files('src')].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  /** Value imports and re-exports (not `import type`) from a module matching `from`, whole statements even when wrapped over lines. */
  const valueImportsIn = (text: string, from: string): string[] =>
    [
      ...text.matchAll(new RegExp(`^\\s*(?:import|export)\\s+(?!type\\b)[^;]*?\\bfrom\\s+['"]${from}['"]`, 'gm')),
      ...text.matchAll(new RegExp(`^\\s*import\\s+['"]${from}['"]`, 'gm')),
    ].map((m) => m[0].trim().replace(/\s+/g, ' '));
  const valueImports = (from: string): string[] =>
    sources.flatMap(({ file, text }) => valueImportsIn(text, from).map((statement) => `${file}: ${statement}`));
  it('no value import of bullmq or ioredis anywhere in server/ or src/', () => {
    expect(valueImports('(?:bullmq|ioredis)')).toEqual([]);
    // the check sees a statement wrapped over lines, a re-export and a bare import, and lets a type import through
    const sample =
      "import {\n  Queue,\n  Worker,\n} from 'bullmq';\nexport { Redis } from 'ioredis';\nimport 'bullmq';\nimport type { Job } from 'bullmq';";
    expect(valueImportsIn(sample, '(?:bullmq|ioredis)')).toHaveLength(3);
  });
  it('the queue modules are imported only dynamically (or as types)', () => {
    expect(valueImports(`[./]*(?:experiments/)?(?:queueExecutor|queueWorker)\\.ts`)).toEqual([]);
    const dynamic = sources.filter(({ text }) => /await import\(['"][./]*(?:experiments\/)?queue(Executor|Worker)\.ts['"]\)/.test(text));
    expect(dynamic.map((s) => s.file).sort()).toEqual([
      'server/commands/experiment.ts',
      'server/commands/serve.ts',
      'server/commands/worker.ts',
    ]);
  });
});
