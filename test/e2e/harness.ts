import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Browser-test plumbing: build the app once, start the real twin server on an ephemeral port, and drive
 * Debian's Chromium with the flags that give WebGL through SwiftShader (toolchain.md §3).
 */

/** Repository root (tests run from it; vitest's cwd). */
export const ROOT = process.cwd();
/** Where screenshots go (ignored by git). */
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
/** Operator token the test server is started with. */
export const TOKEN = 'test-token';

/** Builds the app into dist/ (or `outDir`, so test files running side by side do not empty each other's) with the project's vite config. */
export async function buildApp(outDir?: string): Promise<void> {
  const { build } = await import('vite');
  // vitest sets NODE_ENV=test, and vite builds React's development bundle unless NODE_ENV says production
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production', ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}) });
  } finally {
    process.env.NODE_ENV = env;
  }
}

/** A running server. */
export interface TwinServerHandle {
  url: string;
  close(): Promise<void>;
  /** Cuts every client's transport, as a network drop would (clients reconnect by themselves). */
  dropConnections(): void;
}

/** Starts the real server (Socket.IO + the built app) on a free port. */
export async function startTwin(sceneFile = 'scenes/two-machine.yaml', speed?: number, staticDir = 'dist'): Promise<TwinServerHandle> {
  const { startTwin: start } = await import('../../server/commands/serve.ts');
  const srv = await start({
    port: 0, host: '127.0.0.1', sceneFile, operatorToken: TOKEN, staticDir, warn: () => {},
    ...(speed !== undefined ? { speed } : {}),
  });
  return {
    url: srv.url,
    close: () => srv.close(),
    dropConnections: () => { for (const socket of srv.io.of('/').sockets.values()) socket.conn.close(); },
  };
}

/** Launches headless Chromium with WebGL (SwiftShader). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium fonts-liberation`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** Saves a screenshot under test/artifacts/. */
export async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Waits until the page has a line (first snapshot applied) and the canvas rendered at least one frame. */
export async function waitForLine(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(() => {
    const t = window.__linetwin;
    return !!t && t.frames.stations.length > 0 && t.stats().calls > 0;
  }, undefined, { timeout, polling: 100 });
}

/** Pixel statistics of the canvas: share of pixels unlike the sky (top-left corner) and distinct colours. */
export async function canvasPixels(page: Page): Promise<{ share: number; colours: number }> {
  return page.evaluate(() => {
    const t = window.__linetwin!;
    // without preserveDrawingBuffer the buffer is only readable right after a render in the same task
    const gl = t.gl as { render(s: unknown, c: unknown): void; getContext(): WebGL2RenderingContext };
    gl.render(t.scene, t.camera);
    const ctx = gl.getContext();
    const w = ctx.drawingBufferWidth, h = ctx.drawingBufferHeight;
    const px = new Uint8Array(w * h * 4);
    ctx.readPixels(0, 0, w, h, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
    const top = (h - 1) * w * 4;
    const r0 = px[top]!, g0 = px[top + 1]!, b0 = px[top + 2]!;
    const colours = new Set<number>();
    let differ = 0, total = 0;
    for (let i = 0; i < px.length; i += 16) {
      total++;
      if (Math.abs(px[i]! - r0) + Math.abs(px[i + 1]! - g0) + Math.abs(px[i + 2]! - b0) > 24) differ++;
      colours.add(((px[i]! >> 4) << 8) | ((px[i + 1]! >> 4) << 4) | (px[i + 2]! >> 4));
    }
    return { share: differ / total, colours: colours.size };
  });
}
