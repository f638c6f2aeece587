import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  FIRST_FRAME_MS,
  launchBrowser,
  newPage,
  renders,
  shoot,
  startTwin,
  TOKEN,
  waitForLine,
  type TwinServerHandle,
  recordErrors,
} from './harness.ts';

/**
 * Training, presentation and scene picker in headless Chromium against the real server with the bundled
 * scenarios and stories: a trainer runs a scenario end to end with a trainee who joins by code, a sales
 * presentation shows two live variants moving apart, and the picker shows every line. Conditions that wait
 * for a page's first WebGL frame get FIRST_FRAME_MS: until that frame is drawn, the page's main thread is busy
 * (SwiftShader compiling shaders) and nothing on it updates.
 */

let server: TwinServerHandle;
let browser: Browser;
const errors: string[] = [];

const pages: Page[] = [];
/** Closes the pages a test opened (also when it failed: software WebGL pages left open slow every later test). */
const closePages = async (): Promise<void> => {
  await Promise.all(pages.splice(0).map((p) => p.close().catch(() => {})));
};

async function open(url: string, viewport: { width: number; height: number }, downloads = false): Promise<Page> {
  const page = await newPage(browser, { viewport, acceptDownloads: downloads }); // a new context: its own sessionStorage
  pages.push(page);
  recordErrors(page, errors);
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  server = await startTwin('scenes/two-machine.yaml');
  browser = await launchBrowser();
});

afterEach(closePages);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a training scenario end to end', () => {
  it('the trainer starts it, a trainee joins by code and answers, the scores appear in the console', async () => {
    const trainer = await open(`${server.url}/?mode=trainer`, { width: 1440, height: 900 }, true);
    await trainer.getByTestId('btn-operator').click();
    await trainer.getByTestId('token-input').fill(TOKEN);
    await trainer.getByTestId('token-submit').click();
    await trainer.getByTestId('start-breakdown-recovery').click();
    await expect.poll(() => trainer.getByTestId('join-code').textContent(), { timeout: FIRST_FRAME_MS }).toMatch(/^[A-Z2-9]{6}$/);
    const code = (await trainer.getByTestId('join-code').textContent())!;
    expect(trainer.url()).toContain(`session=${code}`);
    await expect.poll(() => trainer.getByTestId('training-status').textContent(), { timeout: FIRST_FRAME_MS }).toBe('Waiting to start');

    const trainee = await open(`${server.url}/?join=${code}`, { width: 1280, height: 800 });
    await trainee.getByTestId('join-name').fill('Anna');
    await trainee.getByTestId('join-submit').click();
    await expect.poll(() => trainee.getByTestId('task-list').isVisible(), { timeout: FIRST_FRAME_MS }).toBe(true);
    await waitForLine(trainee);
    // trainees watch: no playback, no interventions, no bottleneck in the panels
    expect(await trainee.getByTestId('controls').count()).toBe(0);
    expect(await trainee.getByTestId('bottleneck').count()).toBe(0);
    await expect.poll(() => trainer.getByTestId('trainee-Anna').count()).toBe(1);

    // run, then jump from step to step: the breakdown at 01:08, the questions at 01:10
    await trainer.getByTestId('btn-training-run').click();
    await expect.poll(() => trainer.getByTestId('training-status').textContent()).toBe('Running');
    // each skip runs to the next step's time: wait until it is done before skipping again
    const stepsDone = () => trainer.locator('[data-testid=timeline] li.done').count();
    for (let i = 0; i < 2; i++) {
      const done = await stepsDone();
      await trainer.getByTestId('btn-training-skip').click();
      await expect.poll(stepsDone).toBeGreaterThan(done);
    }
    await expect.poll(() => trainee.getByTestId('task-why-filler-stopped').count()).toBe(1);

    await trainee.getByTestId('option-why-filler-stopped-0').check();
    await trainee.getByTestId('answer-why-filler-stopped').click();
    await expect.poll(() => trainee.getByTestId('result-why-filler-stopped').getAttribute('data-correct')).toBe('true');
    await trainee.getByTestId('station-first-stop').selectOption('LABEL');
    await trainee.getByTestId('answer-first-stop').click();
    await expect.poll(() => trainee.getByTestId('result-first-stop').getAttribute('data-correct')).toBe('true');
    // the scenario lets trainees restart machines: the selected labeller
    await trainee.getByTestId('act-repair').click();
    await expect.poll(() => trainee.getByTestId('notice').textContent()).toContain('LABEL restarted');
    await expect.poll(() => trainee.getByTestId('my-score').textContent()).toMatch(/Anna · 2 \/ [23] points/);
    await shoot(trainee, 'training-trainee');

    await expect.poll(() => trainer.getByTestId('score-Anna').textContent()).toMatch(/^2 \/ [23]$/);
    expect(await trainer.locator('[data-testid=trainee-Anna] .mark-right').count()).toBe(2);
    await shoot(trainer, 'training-trainer');

    const [download] = await Promise.all([trainer.waitForEvent('download'), trainer.getByTestId('download-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toBe(`training-breakdown-recovery-${code}.csv`);
    expect(csv.split('\r\n')[0]).toContain('trainee,task,question');
    expect(csv).toMatch(
      /\r\nAnna,why-filler-stopped,.*,It is blocked: the conveyor after it is full,It is blocked: the conveyor after it is full,right,1,/,
    );
    expect(errors).toEqual([]);
  });
});

describe('the presentation mode', () => {
  it('opens a story from its link at 1920x1080: both variants run and their KPIs move apart', async () => {
    const page = await open(`${server.url}/?mode=present&story=bigger-buffers`, { width: 1920, height: 1080 });
    await expect.poll(() => page.getByTestId('presentation').isVisible(), { timeout: FIRST_FRAME_MS }).toBe(true);
    const value = async (id: string): Promise<number> => Number(await page.getByTestId(id).getAttribute('data-value'));
    await expect
      .poll(async () => (await value('kpi-before-throughput')) > 0 && (await value('kpi-after-throughput')) > 0, {
        timeout: FIRST_FRAME_MS,
      })
      .toBe(true);
    // bigger buffers: more parts per hour and a higher OEE, computed by the two sessions
    await expect.poll(async () => (await value('kpi-after-throughput')) - (await value('kpi-before-throughput'))).toBeGreaterThan(0);
    expect(await value('kpi-after-oee')).not.toBe(await value('kpi-before-oee'));
    expect(await value('delta-throughput')).not.toBe(0);
    // a kiosk: nothing to edit or control
    for (const id of ['btn-operator', 'controls', 'inspector', 'view-controls']) expect(await page.getByTestId(id).count()).toBe(0);
    expect(await page.getByTestId('present-caption').textContent()).not.toBe('');
    await waitForLine(page);
    await renders(page);
    await shoot(page, 'presentation-1920');

    // a laptop keeps both sides next to each other; a narrow screen stacks them
    await page.setViewportSize({ width: 1366, height: 768 });
    let [a, b] = await Promise.all([page.getByTestId('pane-before').boundingBox(), page.getByTestId('pane-after').boundingBox()]);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    await page.setViewportSize({ width: 760, height: 1000 });
    [a, b] = await Promise.all([page.getByTestId('pane-before').boundingBox(), page.getByTestId('pane-after').boundingBox()]);
    expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
    expect(errors).toEqual([]);
  });
});

describe('the scene picker', () => {
  it('lists every bundled line with a thumbnail and its description, and opens the running one', async () => {
    const page = await open(`${server.url}/?mode=scenes`, { width: 1440, height: 900 });
    await expect.poll(() => page.locator('[data-testid^=scene-]:not([data-testid=scene-grid])').count()).toBeGreaterThanOrEqual(7);
    for (const key of ['bottling', 'automotive-body', 'cnc-cell', 'smt-line', 'packaging-vision']) {
      const card = page.getByTestId(`scene-${key}`);
      expect(await card.locator('svg.thumb rect').count()).toBeGreaterThan(4);
      expect((await card.locator('p').first().textContent())!.length).toBeGreaterThan(20);
    }
    await shoot(page, 'scene-picker');
    // a viewer watches what runs: the default line
    await page
      .getByTestId('scene-two-machine')
      .getByText(/^Watch /)
      .click();
    await waitForLine(page);
    expect(await page.getByTestId('scene-name').textContent()).toBe('Two-machine line');
    expect(errors).toEqual([]);
  });
});
