import { join } from 'node:path';

/** Builds the browser app into `outDir` with the project's vite config (what `npm run build` does). */
export async function buildApp(outDir = 'dist'): Promise<void> {
  const { build } = await import('vite');
  const root = process.cwd();
  // vitest sets NODE_ENV=test, and vite builds React's development bundle unless NODE_ENV says production
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
}
