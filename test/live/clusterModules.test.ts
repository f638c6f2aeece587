import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under `dir`. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name).replace(/\\/g, '/'));

describe('scale-out modules (twin serve --redis)', () => {
  it('load ioredis, the Socket.IO Redis adapter and server/live/cluster.ts only on demand: a server without --redis loads none', () => {
    const staticImport = /^import (?!type )[^;]*from '([^']+)'/gm;
    for (const file of sources('server')) {
      const text = readFileSync(file, 'utf8');
      for (const [, from] of text.matchAll(staticImport)) {
        if (from === 'ioredis' || from === '@socket.io/redis-adapter' || from!.endsWith('/cluster.ts'))
          expect(file, `${file} imports ${from} statically`).toBe('server/live/cluster.ts');
      }
    }
    expect(readFileSync('server/commands/serve.ts', 'utf8')).toContain("await import('../live/cluster.ts')");
  });
});
