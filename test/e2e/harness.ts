import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { FIRST_FRAME_MS, STEP_MS } from './deadlines.ts';

/**
 * Browser-test plumbing: start the real twin server on an ephemeral port serving the app that the slow
 * project's global setup built once (globalSetup.ts), and drive Debian's Chromium with the flags that give
 * WebGL through SwiftShader (toolchain.md §3). Deadlines come from deadlines.ts.
 */

export { BROWSER_TEST_MS, EXPERIMENT_MS, FIRST_FRAME_MS, SETUP_MS, STEP_MS } from './deadlines.ts';

/** Repository root (tests run from it; vitest's cwd). */
export const ROOT = process.cwd();
/** Where screenshots go (ignored by git). */
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
/** Operator token the test server is started with. */
export const TOKEN = 'test-token';

/** A running server. */
export interface TwinServerHandle {
  url: string;
  close(): Promise<void>;
  /** Cuts every client's transport, as a network drop would (clients reconnect by themselves). */
  dropConnections(): void;
}

/** Starts the real server (Socket.IO + the app built by the global setup) on a free port. */
export async function startTwin(
  sceneFile = 'scenes/two-machine.yaml',
  speed?: number,
  staticDir = inject('distDir'),
): Promise<TwinServerHandle> {
  if (!staticDir || !existsSync(join(staticDir, 'index.html')))
    throw new Error(`no built app in ${staticDir}: browser tests run in the slow project, whose global setup builds it`);
  const { startTwin: start } = await import('../../server/commands/serve.ts');
  const srv = await start({
    port: 0,
    host: '127.0.0.1',
    sceneFile,
    operatorToken: TOKEN,
    staticDir,
    warn: () => {},
    ...(speed !== undefined ? { speed } : {}),
  });
  return {
    url: srv.url,
    close: () => srv.close(),
    dropConnections: () => {
      for (const socket of srv.io.of('/').sockets.values()) socket.conn.close();
    },
  };
}

/** Launches headless Chromium with WebGL (SwiftShader); `extraArgs` are added to its command line. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium fonts-liberation`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * A new page in a context of its own (its own sessionStorage) whose actions (click, fill, goto...) wait up to
 * STEP_MS: Playwright's 30 s default did not hold on a loaded machine, where a page renders a few frames a
 * second and a click waits for the element to be stable over two of them.
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await browser.newPage(options);
  page.setDefaultTimeout(STEP_MS);
  return page;
}

/** Saves a screenshot under test/artifacts/. */
export async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Waits until the page has a line (first snapshot applied) and the canvas rendered at least one frame. */
export async function waitForLine(page: Page, timeout = FIRST_FRAME_MS): Promise<void> {
  await page.waitForFunction(
    () => {
      const t = window.__linetwin;
      return !!t && t.frames.stations.length > 0 && t.stats().calls > 0;
    },
    undefined,
    { timeout, polling: 100 },
  );
}

/** Frames the page's renderer has drawn so far. */
const renderedFrames = (page: Page): Promise<number> =>
  page.evaluate(() => (window.__linetwin!.gl as { info: { render: { frame: number } } }).info.render.frame);

/** Resolves once the canvas drew `n` more frames, so every frame loop has run with the data the page had at the call. */
export async function renders(page: Page, n = 2, timeout = STEP_MS): Promise<void> {
  const target = (await renderedFrames(page)) + n;
  await page.waitForFunction((at) => (window.__linetwin!.gl as { info: { render: { frame: number } } }).info.render.frame >= at, target, {
    timeout,
    polling: 50,
  });
}

/** Pixel statistics of the canvas: share of pixels unlike the sky (top-left corner) and distinct colours. */
export async function canvasPixels(page: Page): Promise<{ share: number; colours: number }> {
  return page.evaluate(() => {
    const t = window.__linetwin!;
    // without preserveDrawingBuffer the buffer is only readable right after a render in the same task
    const gl = t.gl as { render(s: unknown, c: unknown): void; getContext(): WebGL2RenderingContext };
    gl.render(t.scene, t.camera);
    const ctx = gl.getContext();
    const w = ctx.drawingBufferWidth,
      h = ctx.drawingBufferHeight;
    const px = new Uint8Array(w * h * 4);
    ctx.readPixels(0, 0, w, h, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
    const top = (h - 1) * w * 4;
    const r0 = px[top]!,
      g0 = px[top + 1]!,
      b0 = px[top + 2]!;
    const colours = new Set<number>();
    let differ = 0,
      total = 0;
    for (let i = 0; i < px.length; i += 16) {
      total++;
      if (Math.abs(px[i]! - r0) + Math.abs(px[i + 1]! - g0) + Math.abs(px[i + 2]! - b0) > 24) differ++;
      colours.add(((px[i]! >> 4) << 8) | ((px[i + 1]! >> 4) << 4) | (px[i + 2]! >> 4));
    }
    return { share: differ / total, colours: colours.size };
  });
}

/** Collects the page's console errors and uncaught exceptions into `errors`: a test ends by expecting none. */
export function recordErrors(page: Page, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
}
