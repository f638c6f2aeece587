import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { stateCode } from '../../src/state/statePalette.ts';
import {
  canvasPixels,
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
 * The browser app against the real server, in headless Chromium with software WebGL. One server (the
 * two-machine line) and one browser for the whole file, serving the app the slow project's global setup built;
 * tests run in order and share pages. Assertions are on pixels, draw calls, triangles, DOM state and sim-clock
 * ticks, never on frame rates; every wait polls a condition (deadlines in deadlines.ts, for a loaded machine).
 */

const VIEWPORT = { width: 1280, height: 800 };
/** Protocol state code of a machine that is down. */
const DOWN = stateCode('down');

let server: TwinServerHandle;
let browser: Browser;
let viewer: Page;
let operator: Page;
const errors: string[] = [];

async function open(url: string): Promise<Page> {
  const page = await newPage(browser, { viewport: VIEWPORT });
  recordErrors(page, errors);
  await page.goto(url);
  await waitForLine(page);
  return page;
}

/** Sim time the top-bar clock shows (its data attribute; the text is the same time formatted). */
const clockOf = async (page: Page): Promise<number> => Number(await page.getByTestId('sim-clock').getAttribute('data-t'));

/** Parts the page holds (on machines, buffers and conveyors). */
const partsOf = (page: Page): Promise<number> => page.evaluate(() => window.__linetwin!.frames.parts.count);

/**
 * Colour of M2's stack light and M2's state, read together once the lamps show the frame buffer's latest
 * version; null until then. The labels are published from a timer, so the DOM can be one render ahead of the lamps.
 */
const lampOfM2 = (page: Page) =>
  page.evaluate(() => {
    const t = window.__linetwin!;
    const scene = t.scene as {
      getObjectByName(n: string): { instanceColor: { array: Float32Array }; userData: { version?: number } } | undefined;
    };
    const lamps = scene.getObjectByName('stack-lights')!;
    if (lamps.userData.version !== t.frames.version) return null;
    const a = lamps.instanceColor.array;
    const state = t.frames.stationState[t.frames.stations.findIndex((s) => s.id === 'M2')];
    return { state, rgb: [a[3]!, a[4]!, a[5]!] }; // lamps in station order: M1, then M2
  });

beforeAll(async () => {
  server = await startTwin('scenes/two-machine.yaml');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('LineTwin in the browser', () => {
  it('loads the line from the real server and renders WebGL pixels', async () => {
    viewer = await open(server.url);
    const webgl2 = await viewer.evaluate(() => {
      const gl = window.__linetwin!.gl as { capabilities: { isWebGL2: boolean } };
      return gl.capabilities.isWebGL2;
    });
    expect(webgl2).toBe(true);
    await expect.poll(() => viewer.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
    await expect.poll(() => viewer.locator('.station-label').count()).toBe(5);
    const pixels = await canvasPixels(viewer);
    expect(pixels.share).toBeGreaterThan(0.05); // machines, conveyors and floor markings against the sky
    expect(pixels.colours).toBeGreaterThan(30); // shaded, coloured models, not a flat clear colour
    const stats = await viewer.evaluate(() => window.__linetwin!.stats());
    expect(stats.calls).toBeGreaterThan(3);
    expect(stats.triangles).toBeGreaterThan(500);
    // parts move in and the first KPIs arrive: uPlot draws the throughput chart
    await expect.poll(() => partsOf(viewer)).toBeGreaterThan(0);
    await expect.poll(() => viewer.locator('[data-testid=chart-throughput] canvas').count()).toBeGreaterThan(0);
    await renders(viewer);
    await shoot(viewer, 'overview');
    expect(errors).toEqual([]);
  });

  it('advances the simulated clock', async () => {
    const t0 = await clockOf(viewer);
    await expect.poll(() => clockOf(viewer)).toBeGreaterThan(t0 + 0.5); // 1x speed: half a second of sim time
    expect(await viewer.getByTestId('sim-clock').textContent()).toMatch(/^(Day \d+ )?\d\d:\d\d:\d\d$/); // the line opens at its warm-up, a day in
  });

  it('opens the inspector when a machine is clicked in 3D', async () => {
    const at = await viewer.evaluate(() => window.__linetwin!.screenOf('M1'));
    expect(at).not.toBeNull();
    await viewer.mouse.click(at!.x, at!.y);
    const inspector = viewer.getByTestId('inspector');
    await expect.poll(() => inspector.isVisible()).toBe(true);
    expect(await viewer.getByTestId('inspector-title').textContent()).toBe('M1');
    const state = await viewer.getByTestId('inspector-state').getAttribute('data-state');
    expect(['working', 'starved', 'blocked', 'down']).toContain(state);
    // the state is spelled out with an icon, not only coloured
    expect(await viewer.locator('[data-testid=inspector-state] .state-badge svg').count()).toBeGreaterThan(0);
    await expect.poll(() => viewer.getByTestId('state-share').isVisible()).toBe(true);
    await shoot(viewer, 'inspector');
  });

  it('shows a viewer without the token no controls', async () => {
    expect(await viewer.getByTestId('role').textContent()).toBe('Viewer');
    expect(await viewer.getByTestId('controls').count()).toBe(0);
    expect(await viewer.getByTestId('interventions').count()).toBe(0);
    expect(await viewer.getByTestId('btn-fault').count()).toBe(0);
    expect(await viewer.getByTestId('speed-readout').textContent()).toContain('1×');
    expect(await viewer.getByTestId('btn-operator').isVisible()).toBe(true);
  });

  it('recovers after the connection drops', async () => {
    await viewer.evaluate(() => {
      const w = window as unknown as { __statuses: string[] };
      w.__statuses = [];
      window.__linetwin!.store.subscribe((s) => {
        w.__statuses.push(s.connection);
      });
    });
    server.dropConnections();
    await expect
      .poll(() => viewer.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses.includes('reconnecting')))
      .toBe(true);
    await expect.poll(() => viewer.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
    const t0 = await clockOf(viewer);
    await expect.poll(() => clockOf(viewer)).toBeGreaterThan(t0);
    await viewer.close(); // one rendering page at a time: software WebGL shares two cores
  });

  it('lets an operator inject a fault: the machine shows down and the log lists it', async () => {
    operator = await open(server.url);
    await operator.getByTestId('btn-operator').click();
    await operator.getByTestId('token-input').fill(TOKEN);
    await operator.getByTestId('token-submit').click();
    await expect.poll(() => operator.getByTestId('role').textContent()).toBe('Operator');
    expect(await operator.getByTestId('controls').isVisible()).toBe(true);

    await operator.locator('.station-label[data-station=M2]').click();
    // An empty duration field injects a fault until repaired: nothing but the repair below ends it.
    expect(await operator.getByTestId('input-fault').inputValue()).toBe('');
    await operator.getByTestId('btn-fault').click();
    await expect.poll(() => operator.getByTestId('inspector-state').getAttribute('data-state')).toBe('down');
    expect(await operator.locator('[data-testid=inspector-state]').textContent()).toContain('Down');
    await expect
      .poll(() => operator.locator('[data-testid=event-log] li').filter({ hasText: /M2/ }).filter({ hasText: /fault/i }).count())
      .toBeGreaterThan(0);
    // the label over the machine and its stack light say so too
    await expect.poll(() => operator.locator('.station-label[data-station=M2] .state-badge').getAttribute('data-state')).toBe('down');
    let lamp: Awaited<ReturnType<typeof lampOfM2>> = null; // the reading that passed: the next one may be null again
    await expect.poll(async () => (lamp = await lampOfM2(operator))).toMatchObject({ state: DOWN });
    const { rgb } = lamp!;
    expect(rgb[0]).toBeGreaterThan(rgb[1]! * 3); // red
    expect(rgb[0]).toBeGreaterThan(rgb[2]! * 3);
    await shoot(operator, 'operator-fault');

    await operator.getByTestId('btn-repair').click();
    await expect.poll(() => operator.getByTestId('inspector-state').getAttribute('data-state')).not.toBe('down');
    // and so does the lamp: a reading once the lamps caught up, no longer down, and not red
    await expect
      .poll(async () => {
        lamp = await lampOfM2(operator);
        return lamp !== null && lamp.state !== DOWN;
      })
      .toBe(true);
    const after = lamp!.rgb;
    expect(after[0]! > after[1]! * 3 && after[0]! > after[2]! * 3).toBe(false);
  });

  it('keeps draw calls bounded however many parts are on the line', async () => {
    // A shared link opens another scene; as an operator the client starts it (the token is in sessionStorage).
    await operator.goto(`${server.url}/?scene=bottling`);
    await expect.poll(() => operator.getByTestId('scene-name').textContent(), { timeout: FIRST_FRAME_MS }).toBe('Beverage bottling line');
    await waitForLine(operator);
    await expect.poll(() => partsOf(operator)).toBeGreaterThan(0);
    await renders(operator);
    await shoot(operator, 'bottling');
    // Paused, no frame of the line comes in to set CV5's level back (it is busy: the line opens after its warm-up).
    await operator.getByTestId('btn-pause').click();
    await operator.getByTestId('btn-resume').waitFor();

    const measure = (extra: number) =>
      operator.evaluate((count) => {
        const t = window.__linetwin!;
        if (count > 0) {
          // Put `count` extra parts on the last conveyor (CV5), spread
          // along it: each takes an hour to cross and entered up to an hour ago.
          const to = t.frames.stations.findIndex((s) => s.id === 'CV5');
          const from = t.frames.stations.findIndex((s) => s.id === 'PACK');
          const moves: number[] = [];
          for (let i = 0; i < count; i++) {
            const entered = -((i * 7919) % 3_600_000); // ms before now, scattered over the hour
            moves.push(1e9 + i, from, to, entered, entered + 3_600_000);
          }
          t.feed({ t: t.frames.clock.t, w: Date.now(), states: [], levels: [to, count], moves, ends: [], movesDropped: 0 });
        }
        return t.frames.parts.count;
      }, extra);
    const read = async () => {
      await renders(operator);
      return operator.evaluate(() => window.__linetwin!.stats());
    };

    const base = await read();
    const parts1 = await measure(3000);
    const many = await read();
    const parts2 = await measure(8000);
    const more = await read();
    expect(parts1).toBeGreaterThanOrEqual(3000);
    expect(parts2).toBeGreaterThanOrEqual(8000);
    // at most one more draw call per part look that became visible, then none whatever the count
    expect(many.calls).toBeLessThanOrEqual(base.calls + 4);
    expect(more.calls).toBe(many.calls);
    expect(more.triangles).toBeGreaterThan(many.triangles + 4000 * 10); // the extra parts are drawn, instanced
    await shoot(operator, 'many-parts');
    // take them off again (as scrap: gone at once), so software rendering is quick for the next test
    await operator.evaluate(() => {
      const t = window.__linetwin!;
      const ends: number[] = [];
      for (let i = 0; i < 8000; i++) ends.push(1e9 + i, 0, 1, 0);
      t.feed({ t: t.frames.clock.t, w: Date.now(), states: [], levels: [], moves: [], ends, movesDropped: 0 });
    });
    await operator.getByTestId('btn-resume').click();
    await operator.getByTestId('btn-pause').waitFor();
  });

  it('colours machines by utilisation in heat-map mode and follows a part', async () => {
    const kpis = await operator.evaluate(() => window.__linetwin!.frames.kpiVersion);
    await operator.getByTestId('mode-utilisation').click();
    await renders(operator);
    const vertexColors = await operator.evaluate(() => {
      const scene = window.__linetwin!.scene as { getObjectByName(n: string): { material: { vertexColors: boolean } } | undefined };
      return scene.getObjectByName('stations:filler')?.material.vertexColors;
    });
    expect(vertexColors).toBe(false);
    // a KPI frame with utilisation arrives each second: the heat map shows the one after the switch
    await expect.poll(() => operator.evaluate(() => window.__linetwin!.frames.kpiVersion)).toBeGreaterThan(kpis);
    await renders(operator);
    await shoot(operator, 'heatmap-utilisation');
    await operator.getByTestId('mode-state').click();
    const cameraAt = () =>
      operator.evaluate(() => (window.__linetwin!.camera as { position: { x: number; y: number; z: number } }).position);
    const before = await cameraAt();
    await operator.getByTestId('cam-follow').click();
    // the camera rides along with a part
    await expect
      .poll(async () => {
        const p = await cameraAt();
        return Math.hypot(p.x - before.x, p.y - before.y, p.z - before.z);
      })
      .toBeGreaterThan(1);
    await shoot(operator, 'follow-part');
    expect(errors).toEqual([]);
  });
});
