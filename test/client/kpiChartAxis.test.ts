import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../e2e/harness.ts';

/**
 * The KPI chart in Chromium with real fonts: at 1920x1080 and at laptop sizes, at value ranges from 12.5 to a
 * billion, no y-axis label touches the canvas's left edge (a cut label does: `20,000` drawn from x < 0 showed
 * as `0,000`). The page (fixtures/kpiChartPage) is built with vite and served from memory, no server.
 */

const ORIGIN = 'http://kpi-chart.test';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const X_AXIS_PX = 28; // the time axis below the plot (KpiChart): its labels are not y labels

let outDir: string;
let browser: Browser;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kpi-chart-'));
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // vitest sets `test`; vite would build React's development bundle
  try {
    await build({
      root: join(import.meta.dirname, 'fixtures', 'kpiChartPage'),
      configFile: false,
      base: './',
      logLevel: 'warn',
      mode: 'production',
      plugins: [react()],
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = env;
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await rm(outDir, { recursive: true, force: true });
});

/** Opens the page in a fresh context of that viewport and pixel ratio, the charts `width` CSS px wide. */
async function openPage(viewport: { width: number; height: number }, deviceScaleFactor: number, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = await readFile(join(outDir, path === '/' ? 'index.html' : path)).catch(() => null);
    await (body
      ? route.fulfill({ body, contentType: TYPES[extname(path)] ?? 'application/octet-stream' })
      : route.fulfill({ status: 404 }));
  });
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/index.html?width=${width}`);
  return page;
}

/** Per chart: drawn pixels in the canvas's first column and in its y-label strip (beside the plot, above the time axis). */
function edgeInk(page: Page, xAxisPx: number): Promise<Array<{ chart: string; edge: number; labels: number }>> {
  return page.evaluate(
    (xAxis) =>
      [...document.querySelectorAll<HTMLElement>('figure[data-testid^="chart-"]')].map((fig) => {
        const canvas = fig.querySelector('canvas')!;
        const ctx = canvas.getContext('2d')!;
        const h = canvas.height - Math.round(xAxis * devicePixelRatio);
        const ink = (x: number, w: number): number => {
          const px = ctx.getImageData(x, 0, w, h).data;
          let n = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
          return n;
        };
        return { chart: fig.dataset.testid!, edge: ink(0, 1), labels: ink(1, Math.round(24 * devicePixelRatio)) };
      }),
    xAxisPx,
  );
}

describe('KPI chart y axis in Chromium', () => {
  const sizes = [
    { name: '1920x1080', viewport: { width: 1920, height: 1080 }, dpr: 1, width: 372 },
    { name: 'laptop 1366x768 at 1.5x', viewport: { width: 1366, height: 768 }, dpr: 1.5, width: 372 },
    { name: 'small laptop 1152x720 at 2x', viewport: { width: 1152, height: 720 }, dpr: 2, width: 320 },
  ];
  for (const size of sizes) {
    it(`draws every y label whole at ${size.name}`, async () => {
      const page = await openPage(size.viewport, size.dpr, size.width);
      try {
        // uPlot draws after React's effects: wait until every chart has its labels
        await expect.poll(async () => (await edgeInk(page, X_AXIS_PX)).every((c) => c.labels > 0), { timeout: 20_000 }).toBe(true);
        const charts = await edgeInk(page, X_AXIS_PX);
        expect(charts.map((c) => c.chart)).toEqual([
          'chart-small',
          'chart-thousands',
          'chart-throughput',
          'chart-million',
          'chart-billion',
        ]);
        for (const c of charts) expect(c.edge, `${c.chart}: label pixels at the left edge (a cut label)`).toBe(0);
      } finally {
        await page.context().close();
      }
    }, 60_000);
  }
});
