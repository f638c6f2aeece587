import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, shoot, startTwin, STEP_MS, TOKEN, waitForLine, type TwinServerHandle, recordErrors } from './harness.ts';

/**
 * The line editor in Chromium against the real server (the editor's events included): build a five-station line
 * on an empty floor by dragging from the palette and connecting handles, set a cycle time and a buffer capacity,
 * see a quick estimate, save it and find it in the scene picker, run it live; then open a bundled scene, make an
 * invalid edit, see the validator's message at the field and on the station, and undo it. Every wait polls.
 */

const VIEWPORT = { width: 1400, height: 900 };
/** The name the built line is saved under. */
const SAVED = 'e2e-five-station';

let server: TwinServerHandle;
let browser: Browser;
let savedDir: string;
const errors: string[] = [];
const dataDirBefore = process.env.TWIN_DATA_DIR;

/** A page signed in as an operator (the token in this tab's sessionStorage, as the sign-in form leaves it). */
async function operatorPage(): Promise<Page> {
  const page = await newPage(browser, { viewport: VIEWPORT });
  await page.addInitScript((token) => sessionStorage.setItem('linetwin.operatorToken', token), TOKEN);
  page.on('pageerror', (e) => errors.push(e.message));
  recordErrors(page, errors);
  return page;
}

/** Drags a palette entry onto the plan at a point of the plan (px from its top-left corner). */
async function place(page: Page, key: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${key}`).dragTo(page.getByTestId('plan'), { targetPosition: { x, y } });
}

/** Drags from one station's output handle to another's input handle. */
async function link(page: Page, from: string, to: string): Promise<void> {
  const a = await page.getByTestId(`out-${from}`).boundingBox();
  const b = await page.getByTestId(`in-${to}`).boundingBox();
  if (!a || !b) throw new Error(`no handles for ${from} -> ${to}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Types a value into a field and commits it (Enter). */
async function setField(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.press('Enter');
}

const editorText = (page: Page): Promise<string> => page.evaluate(() => window.__editor!.store.getState().text);

beforeAll(async () => {
  savedDir = await mkdtemp(join(tmpdir(), 'linetwin-editor-e2e-'));
  process.env.TWIN_DATA_DIR = savedDir; // the server's saved-scenes folder: <dir>/scenes
  server = await startTwin('scenes/two-machine.yaml');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDirBefore === undefined) delete process.env.TWIN_DATA_DIR;
  else process.env.TWIN_DATA_DIR = dataDirBefore;
  await rm(savedDir, { recursive: true, force: true });
});

describe('the line editor', () => {
  it('builds a five-station line from an empty floor, estimates, saves and runs it', async () => {
    const page = await operatorPage();
    await page.goto(`${server.url}/?mode=editor`);
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('Operator');
    await page.getByTestId('start-empty').click();
    const started = Date.now();

    // source, machine, buffer, machine, sink, dragged from the palette left to right
    const keys = ['source', 'machine', 'buffer', 'machine', 'sink'];
    for (const [i, key] of keys.entries()) await place(page, key, 100 + i * 180, 160);
    for (const id of ['IN1', 'M1', 'B1', 'M2', 'OUT1']) await page.getByTestId(`node-${id}`).waitFor();
    const chain = ['IN1', 'M1', 'B1', 'M2', 'OUT1'];
    for (let i = 1; i < chain.length; i++) {
      await link(page, chain[i - 1]!, chain[i]!);
      // the edge is in the file and drawn before the next drag starts
      await expect.poll(() => editorText(page)).toContain(`${chain[i - 1]}: ${chain[i]}`);
      await page.locator(`[data-id="${chain[i - 1]}->${chain[i]}"]`).waitFor({ state: 'attached' });
    }
    await page.getByTestId('scene-valid').waitFor();

    await page.getByTestId('node-M1').click();
    await setField(page, 'field-stations[1].cycleTime', '12s');
    await page.getByTestId('node-B1').click();
    await setField(page, 'field-stations[2].capacity', '8');
    await expect.poll(() => editorText(page)).toMatch(/id: M1, type: machine, cycleTime: 12s[\s\S]*id: B1, type: buffer, capacity: 8/);

    await page.getByTestId('estimate-throughput').waitFor({ timeout: STEP_MS });
    const built = Date.now() - started;
    const throughput = await page.getByTestId('estimate-throughput').textContent();
    expect(throughput).toMatch(/\d+(\.\d)? ± \d/);
    await page.getByTestId('node-M1').click(); // the screenshot shows a selected machine with its fields
    await page.screenshot({ path: join('docs', 'editor-screenshot.png') });
    await shoot(page, 'editor-five-stations');

    await page.getByTestId('save-name').fill(SAVED);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('editor-notice').textContent()).toContain(`Saved as ${SAVED}`);

    await page.getByTestId('run').click();
    await page.waitForURL(/[?&]session=/);
    await waitForLine(page);
    const running = Date.now() - started;
    expect(await page.evaluate(() => window.__linetwin!.frames.stations.length)).toBe(5);
    console.log(
      `editor e2e: empty floor to a valid line with a quick estimate ${(built / 1000).toFixed(1)} s, to it running live ${(running / 1000).toFixed(1)} s`,
    );

    const picker = await operatorPage();
    await picker.goto(`${server.url}/?mode=scenes`);
    await picker.getByTestId('saved-grid').getByTestId(`scene-${SAVED}`).waitFor();
    await picker.getByTestId(`edit-${SAVED}`).waitFor();
    await picker.close();
    await page.close();
  });

  it('shows an invalid edit of a bundled scene at the field and on the station, and undoes it', async () => {
    const page = await operatorPage();
    await page.goto(`${server.url}/?mode=editor&scene=two-machine`);
    await page.getByTestId('node-M2').waitFor();
    const original = await editorText(page);
    await page.getByTestId('node-M2').click();
    await setField(page, 'field-stations[3].scrap', '2');
    const error = page.getByTestId('error-stations[3].scrap');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/stations\[3\]\.scrap: .*1/);
    await page.getByTestId('node-error-M2').waitFor();

    await page.getByTestId('param-panel').locator('h2').click(); // out of the input: Ctrl+Z is the editor's undo
    await page.keyboard.press('Control+z');
    await expect.poll(() => editorText(page)).toBe(original);
    expect(await page.getByTestId('error-stations[3].scrap').count()).toBe(0);
    expect(await page.getByTestId('node-error-M2').count()).toBe(0);
    await page.close();
    expect(errors.filter((e) => !/favicon|WebGL|GPU stall/i.test(e))).toEqual([]);
  });
});
