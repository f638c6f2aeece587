import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the given files and of the files under the given folders. */
function newestChange(paths: string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** Whether the built app in `outDir` is missing or older than its sources. */
export function appNeedsBuild(outDir = 'dist'): boolean {
  const built = join(outDir, 'index.html');
  if (!existsSync(built)) return true;
  return newestChange(['src', 'index.html', 'vite.config.ts', 'server/protocol']) > statSync(built).mtimeMs;
}

/** Builds the browser app with Vite (same as `npm run build`). */
export async function buildApp(): Promise<void> {
  const { build } = await import('vite');
  // A NODE_ENV of test or development in the environment would give React's development build.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', mode: 'production' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}
