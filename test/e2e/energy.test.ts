import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Color } from 'three';
import { stateCode, stateStyle } from '../../src/state/statePalette.ts';
import { BASE_LOAD_COLOR, BELT_COLOR } from '../../src/ui/energyBars.ts';
import { launchBrowser, newPage, renders, shoot, startTwin, waitForLine, type TwinServerHandle, recordErrors } from './harness.ts';

/**
 * Standby and the energy view in the browser (issue 14), against the real server on a line whose machines sleep
 * most of the time (test/fixtures/standby-line.yaml: a part every 10 minutes, M1 in standby after 20 s starved):
 * a machine in standby shows the standby cyan on its stack light and its label, and the KPI panel's energy view
 * draws its stacked bars in the palette's colours. Every wait polls (deadlines in deadlines.ts, for a loaded
 * two-core machine).
 */

const VIEWPORT = { width: 1280, height: 800 };
/** Sim seconds per wall second: M1 sleeps 27 wall seconds in every 30 (540 s of each 600). */
const SPEED = 20;
const STANDBY = stateCode('standby');
/** The standby colour as docs/energy.md and docs/live.md give it. */
const STANDBY_HEX = '#06b6d4';

let server: TwinServerHandle;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startTwin('test/fixtures/standby-line.yaml', SPEED);
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

/**
 * Colour of a machine's (first) stack light and the machine's state, read together once the lamps show the
 * frame buffer's latest version; null until then (the labels are published from a timer, the lamps per render).
 */
const lampOf = (p: Page, id: string) =>
  p.evaluate((station) => {
    const t = window.__linetwin!;
    const scene = t.scene as {
      getObjectByName(n: string): { instanceColor: { array: Float32Array }; userData: { version?: number } } | undefined;
    };
    const lamps = scene.getObjectByName('stack-lights')!;
    if (lamps.userData.version !== t.frames.version) return null;
    // lamps go in station order, one per unit (at most 4) of every machine
    const index = t.frames.stations.findIndex((s) => s.id === station);
    const lamp = t.frames.stations.slice(0, index).reduce((n, s) => n + Math.min(4, s.servers), 0);
    const a = lamps.instanceColor.array;
    return { state: t.frames.stationState[index], rgb: [a[lamp * 3]!, a[lamp * 3 + 1]!, a[lamp * 3 + 2]!] };
  }, id);

/** Pixels of the energy chart's canvas near each of `colours` (hex), counted in the page. */
const chartPixels = (p: Page, colours: string[]) =>
  p.evaluate((hexes) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=energy-chart] canvas');
    if (!canvas || canvas.width === 0) return null;
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const targets = hexes.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = hexes.map(() => 0);
    for (let i = 0; i < px.length; i += 4) {
      targets.forEach((c, k) => {
        if (Math.abs(px[i]! - c[0]!) + Math.abs(px[i + 1]! - c[1]!) + Math.abs(px[i + 2]! - c[2]!) < 12) counts[k]!++;
      });
    }
    return Object.fromEntries(hexes.map((h, k) => [h, counts[k]!]));
  }, colours);

describe('standby and the energy view in the browser', () => {
  it('shows a machine in standby in the standby colour on its stack light and its label', async () => {
    expect(stateStyle(STANDBY).color).toBe(STANDBY_HEX);
    // the lamp: M1 in standby, lit in the palette's cyan (unlit material, 1.25 x the colour, as StackLights sets it)
    let lamp: Awaited<ReturnType<typeof lampOf>> = null; // the reading that passed: the next one may be null again
    await expect.poll(async () => (lamp = await lampOf(page, 'M1'))).toMatchObject({ state: STANDBY });
    const want = new Color(STANDBY_HEX).multiplyScalar(1.25);
    expect(lamp!.rgb[0]).toBeCloseTo(want.r, 4);
    expect(lamp!.rgb[1]).toBeCloseTo(want.g, 4);
    expect(lamp!.rgb[2]).toBeCloseTo(want.b, 4);
    expect(lamp!.rgb[2]).toBeGreaterThan(lamp!.rgb[0]! * 3); // cyan: blue and green, hardly any red

    // the label over M1: the standby badge (crescent and text) in the same cyan
    const badge = page.locator('.station-label[data-station=M1] .state-badge');
    await expect.poll(() => badge.getAttribute('data-state')).toBe('standby');
    expect(await badge.textContent()).toBe('Standby');
    expect(await badge.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(6, 182, 212)');
    await renders(page);
    await shoot(page, 'standby');
  });

  it('opens the energy view from the KPI panel and draws kWh by station and state as stacked bars', async () => {
    await page.getByTestId('btn-energy-view').click();
    const totals = page.getByTestId('energy-totals');
    await expect.poll(() => totals.textContent()).toMatch(/^[\d,.]+ kWh · [\d,.]+ kWh \/ good part · base load \d+\.\d %$/);
    // a bar per machine, the conveyor and the base load, in the table too
    const rows = page.locator('[data-testid=energy-table] tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.bar))).toEqual(['M1', 'M2', 'CV', 'Base load']);
    await expect.poll(() => page.locator('[data-testid=energy-legend] [data-segment=standby]').count()).toBe(1);
    // uPlot drew the stack: working green, standby cyan, the belt's pink and the base load's slate are all on the canvas
    const colours = [stateStyle(stateCode('working')).color, STANDBY_HEX, BELT_COLOR, BASE_LOAD_COLOR];
    await expect
      .poll(async () => {
        const counts = await chartPixels(page, colours);
        return counts !== null && colours.every((c) => counts[c]! > 20);
      })
      .toBe(true);
    // and it keeps up with the line: a later poll reads more energy
    const kWh = async (): Promise<number> => Number((await totals.locator('b').first().textContent())!.replace(/,/g, ''));
    const before = await kWh();
    await expect.poll(kWh).toBeGreaterThan(before);
    await shoot(page, 'energy-view');
    expect(errors).toEqual([]);
  });
});
