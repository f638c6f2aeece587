import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIRST_FRAME_MS, launchBrowser, newPage, startTwin, type TwinServerHandle } from './harness.ts';

/**
 * A three-sided story in headless Chromium against the real server: run to failure, preventive and predictive
 * maintenance on the CNC cell, three live sessions side by side on a laptop screen, stacked on a narrow one.
 */

let server: TwinServerHandle;
let browser: Browser;
let page: Page | undefined;
const errors: string[] = [];

beforeAll(async () => {
  server = await startTwin('scenes/two-machine.yaml');
  browser = await launchBrowser();
});

afterAll(async () => {
  await page?.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe('a story with three sides', () => {
  it('shows three live panes with their KPIs and a comparison row per option, side by side at 1366x768', async () => {
    page = await newPage(browser, { viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?mode=present&story=predictive-maintenance`);
    await expect.poll(() => page!.getByTestId('presentation').isVisible(), { timeout: FIRST_FRAME_MS }).toBe(true);
    const value = async (id: string): Promise<number> => Number(await page!.getByTestId(id).getAttribute('data-value'));
    for (const side of ['before', 'middle', 'after'])
      await expect.poll(() => value(`kpi-${side}-throughput`), { timeout: FIRST_FRAME_MS }).toBeGreaterThan(0);
    await expect.poll(() => page!.getByTestId('delta-middle-throughput').count(), { timeout: FIRST_FRAME_MS }).toBe(1);
    expect(await page.getByTestId('delta-throughput').count()).toBe(1);
    expect(await page.getByTestId('compare-middle').textContent()).toContain('Preventive vs Run to failure');

    const boxes = async () =>
      Promise.all(['before', 'middle', 'after'].map(async (side) => (await page!.getByTestId(`pane-${side}`).boundingBox())!));
    let [a, b, c] = await boxes();
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    expect(c!.x).toBeGreaterThan(b!.x + b!.width - 1);
    await page.setViewportSize({ width: 760, height: 1000 });
    [a, b, c] = await boxes();
    expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
    expect(c!.y).toBeGreaterThan(b!.y + b!.height - 1);
    expect(errors).toEqual([]);
  });
});
