import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIRST_FRAME_MS, launchBrowser, newPage, startTwin, TOKEN, waitForLine, type TwinServerHandle, recordErrors } from './harness.ts';

/**
 * Quality and product mix in the browser (issue 13), against the real server on the bundled SMT line (two
 * products, CTRL and IO, released in lots; solder paste and optical inspections): the KPI panel shows the
 * line's first-pass yield and each product's output, and an operator changes an inspection's detection rate
 * through its form. Every wait polls (deadlines in deadlines.ts, for a loaded two-core machine).
 */

const VIEWPORT = { width: 1280, height: 800 };
/**
 * Sim seconds per wall second. The line opens at its warm-up's end, Tuesday 00:00, and works from 06:00: at 1200x
 * the first board of the measured period reaches the unloader some 20 wall seconds in (more on a loaded machine,
 * where the server's pacing may fall behind).
 */
const SPEED = 1200;

let server: TwinServerHandle;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startTwin('scenes/smt-line.yaml', SPEED);
  browser = await launchBrowser();
  page = await newPage(browser, { viewport: VIEWPORT });
  recordErrors(page, errors);
  await page.goto(server.url);
  await waitForLine(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('quality and product mix in the browser', () => {
  it("shows the line's first-pass yield as a percentage, with escapes, and the output of both products", async () => {
    const fpy = page.getByTestId('kpi-fpy');
    // a dash until a board has ended in the measured period, then a percentage
    await expect.poll(() => fpy.locator('.kpi-value').textContent(), { timeout: FIRST_FRAME_MS }).toMatch(/^\d{1,3}\.\d %$/);
    expect(await fpy.locator('.kpi-sub').textContent()).toMatch(/^escapes [\d,]+ \([\d,]+ ppm\)$/);
    const output = page.getByTestId('product-output');
    await expect.poll(() => output.locator('li').count()).toBe(2);
    expect(await page.getByTestId('product-CTRL').textContent()).toMatch(/^CTRL: [\d,]+ good · [\d,]+\/h$/);
    expect(await page.getByTestId('product-IO').textContent()).toMatch(/^IO: [\d,]+ good · [\d,]+\/h$/);
  });

  it("lets an operator set the optical inspection's detection rate through its form, and acknowledges it", async () => {
    await page.getByTestId('btn-operator').click();
    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('token-submit').click();
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('Operator');

    await page.locator('.station-label[data-station=AOI]').click();
    await expect.poll(() => page.getByTestId('inspector-title').textContent()).toBe('AOI');
    // the form opens at the rate the engine runs (the scene's 0.95), in percent
    const input = page.getByTestId('input-detect');
    await expect.poll(() => input.inputValue()).toBe('95');
    await input.fill('80');
    await page.getByTestId('btn-detect').click();
    await expect.poll(() => page.getByTestId('intervention-status').textContent()).toBe('Detection rate set to 80 %');
    // the engine runs the new rate: the inspector's facts read it back from the server
    await expect.poll(() => page.getByTestId('q-rates').textContent()).toMatch(/^80\.0 % \/ 0\.30 %/);
    // and the intervention is logged for everyone
    await expect
      .poll(() =>
        page
          .locator('[data-testid=event-log] li')
          .filter({ hasText: /AOI/ })
          .filter({ hasText: /detect/i })
          .count(),
      )
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
