import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  EXPERIMENT_MS,
  launchBrowser,
  newPage,
  STEP_MS,
  shoot,
  startTwin,
  TOKEN,
  waitForLine,
  type TwinServerHandle,
  recordErrors,
} from './harness.ts';

/**
 * The Experiments view's main path in headless Chromium against the real server: an operator defines a tiny
 * experiment in the form (a misspelt path is refused first, naming it), launches it, reads the comparison
 * table and the charts, downloads the CSV and opens a variant in the live 3D view. Its own data folder, so it
 * can run beside the other browser tests.
 */

const VIEWPORT = { width: 1440, height: 1000 };
const work = mkdtempSync(join(tmpdir(), 'linetwin-e2e-exp-'));

let server: TwinServerHandle;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const savedEnv = { data: process.env['TWIN_DATA_DIR'], workers: process.env['TWIN_EXPERIMENT_WORKERS'] };

beforeAll(async () => {
  process.env['TWIN_DATA_DIR'] = join(work, 'data'); // the server's experiment service reads it on first use
  process.env['TWIN_EXPERIMENT_WORKERS'] = '1';
  server = await startTwin('scenes/two-machine.yaml');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
  for (const [key, value] of [
    ['TWIN_DATA_DIR', savedEnv.data],
    ['TWIN_EXPERIMENT_WORKERS', savedEnv.workers],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the Experiments view', () => {
  it('an operator launches a tiny experiment, compares the variants, downloads the CSV and opens one live', async () => {
    page = await newPage(browser, { viewport: VIEWPORT, acceptDownloads: true });
    recordErrors(page, errors);
    await page.goto(`${server.url}/?mode=experiments`);
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
    await expect.poll(() => page.getByTestId('exp-scene').inputValue()).toBe('two-machine'); // the catalog arrived
    expect(await page.getByTestId('nav-experiments').getAttribute('aria-current')).toBe('page');

    // a viewer may compose but not launch
    expect(await page.getByTestId('btn-launch').isDisabled()).toBe(true);
    expect(await page.getByTestId('launch-hint').textContent()).toMatch(/Operator token required/);
    await page.getByTestId('btn-operator').click();
    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('token-submit').click();
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('Operator');

    await page.getByTestId('exp-name').fill('Faster M2 or more buffer?');
    await page.getByTestId('exp-horizon').fill('1h');
    await page.getByTestId('exp-warmup').fill('10min');
    await page.getByTestId('exp-reps').fill('2');
    await page.getByTestId('variant-name-1').fill('faster M2');
    await page.getByTestId('setting-path-1-0').fill('M2.cycleTme.mean'); // misspelt on purpose
    await page.getByTestId('setting-value-1-0').fill('1s');
    await page.getByTestId('btn-add-sweep').click();
    await page.getByTestId('sweep-path-0').fill('B1.capacity');
    await page.getByTestId('sweep-values-0').fill('1, 5');
    expect(await page.getByTestId('design-size').textContent()).toBe('2 variants × 2 sweep points × 2 replications = 8 jobs');

    // refused before running, naming the path, and the row is marked
    await page.getByTestId('btn-launch').click();
    await expect
      .poll(() => page.getByTestId('launch-error').textContent())
      .toMatch(/variants\[1\]\.set\["M2\.cycleTme\.mean"\]: M2 has no "cycleTme" to change \(did you mean "cycleTime"\?\)/);
    expect(await page.getByTestId('setting-path-1-0').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('setting-path-1-0').fill('M2.cycleTime.mean');
    expect(await page.getByTestId('launch-error').count()).toBe(0);

    await page.getByTestId('btn-launch').click();
    await expect.poll(() => page.getByTestId('progress').getAttribute('data-status'), { timeout: EXPERIMENT_MS }).toBe('done');
    const table = page.getByTestId('results-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    const rows = await table.locator('tbody th').allTextContents();
    expect(rows).toEqual([
      'baseline, B1.capacity=1',
      'baseline, B1.capacity=5baseline',
      'faster M2, B1.capacity=1',
      'faster M2, B1.capacity=5',
    ]);
    const fasterCell = await table.locator('tr[data-variant="faster M2, B1.capacity=5"] td[data-kpi=throughputPerHour]').textContent();
    expect(fasterCell).toMatch(/^\d+(\.\d+)? ± \d+(\.\d+)?Δ \+\d+(\.\d+)? ± \d+(\.\d+)?/); // mean ± half-width, then the paired difference
    expect(await table.locator('tr.baseline td[data-kpi=throughputPerHour] .diff').textContent()).toBe('–');
    expect((await table.getByTestId('rank').allTextContents()).map((t) => t.replace('≈1', '')).sort()).toEqual(['1', '2', '3', '4']);
    expect(await page.getByTestId('best').textContent()).toMatch(/Best by throughputPerHour: /);
    await expect.poll(() => page.locator('[data-testid=chart-means] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=chart-against] canvas').count()).toBeGreaterThan(0);
    // the trade-off chart of the buffer sweep: energy per part and throughput on two axes, the knee said in words
    expect(await page.locator('[data-testid=chart-tradeoff] canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('tradeoff-knee').textContent()).toMatch(/^(Knee at B1\.capacity = [15]|No knee): /);
    expect(await page.locator('[data-testid=history] tr[data-run="1"] .status').textContent()).toBe('done');
    await shoot(page, 'experiments');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-csv').click()]);
    expect(download.suggestedFilename()).toBe('run-1-faster-m2-or-more-buffer.csv');
    const csv = readFileSync(await download.path(), 'utf8').split('\n');
    expect(csv[0]).toBe('variant,variant_name,B1.capacity,rank,kpi,mean,ci95,diff,diff_ci95,significant');
    expect(csv.filter((l) => l.startsWith('"faster M2, B1.capacity=5",faster M2,5,')).length).toBeGreaterThan(20); // every KPI of the point

    // one variant in the live 3D view: a session of its scene, and the page switches to it
    await table.locator('tr[data-variant="faster M2, B1.capacity=5"]').getByTestId('btn-live').click();
    await page.waitForURL(/\?session=s\d+$/, { timeout: STEP_MS });
    await waitForLine(page);
    expect(await page.getByTestId('scene-name').textContent()).toBe('Two-machine line · faster M2, B1.capacity=5');
    expect(errors).toEqual([]);
    await page.close();
  });
});
