import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { canvasPixels, launchBrowser, newPage, startTwin, STEP_MS, waitForLine, type TwinServerHandle } from './harness.ts';

/**
 * The browser's side of the server's safety, in real Chromium: a DNS-rebinding page (evil.example resolving to
 * 127.0.0.1, as `--host-resolver-rules` makes Chromium believe) gets neither the app nor a Socket.IO session; the
 * honest page on 127.0.0.1 gets both, under the Content-Security-Policy, with no violation and a drawn canvas.
 */

let server: TwinServerHandle;
let browser: Browser;
let port: number;

beforeAll(async () => {
  server = await startTwin();
  port = Number(new URL(server.url).port);
  browser = await launchBrowser(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What a page's own script gets when it asks its origin's Socket.IO for the session list, speaking the wire protocol by hand. */
type Probe = { handshake: number; list: 'answered' | 'refused' | 'timeout' };

function probe(page: Page): Promise<Probe> {
  return page.evaluate(async (timeoutMs) => {
    const handshake = (await fetch('/socket.io/?EIO=4&transport=polling')).status;
    const list = await new Promise<'answered' | 'refused' | 'timeout'>((resolve) => {
      const ws = new WebSocket(`ws://${location.host}/socket.io/?EIO=4&transport=websocket`);
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      const done = (r: 'answered' | 'refused'): void => {
        clearTimeout(timer);
        ws.close();
        resolve(r);
      };
      ws.onmessage = (m: MessageEvent<string>) => {
        if (m.data.startsWith('0{'))
          ws.send('40'); // Engine.IO open: connect to the main namespace
        else if (m.data.startsWith('40{'))
          ws.send('420["session:list",{}]'); // connected: ask, with acknowledgement 0
        else if (m.data.startsWith('430[{"ok":true')) done('answered');
        else if (m.data === '2') ws.send('3'); // ping, pong
      };
      ws.onerror = () => done('refused');
      ws.onclose = () => done('refused');
    });
    return { handshake, list };
  }, STEP_MS);
}

describe('DNS rebinding', () => {
  it('a page on evil.example resolving to 127.0.0.1 gets no app and its socket no session list', async () => {
    const page = await newPage(browser);
    const res = await page.goto(`http://evil.example:${port}/`);
    expect(res?.status()).toBe(421);
    expect(await page.textContent('body')).toMatch(/LineTwin refuses a request for evil\.example/);
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await probe(page)).toEqual({ handshake: 403, list: 'refused' });
    await page.close();
  });
});

/** A page that reports every Content-Security-Policy violation (the browser's console line and the DOM event alike). */
async function watchedPage(violations: string[]): Promise<Page> {
  const page = await newPage(browser);
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load ${e.blockedURI} (${e.violatedDirective})`));
  });
  return page;
}

describe('the honest page', () => {
  it('renders the line under the Content-Security-Policy with no violation, and its socket works', async () => {
    const page = await newPage(browser);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Refused to load ${e.blockedURI} (${e.violatedDirective})`),
      );
    });
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await waitForLine(page);
    const pixels = await canvasPixels(page);
    expect(pixels.share).toBeGreaterThan(0.05);
    expect(await probe(page)).toEqual({ handshake: 200, list: 'answered' });
    expect(violations).toEqual([]);
    // and the policy holds: a model from a host the operator did not allow is not even fetched
    await page.evaluate(() => fetch('https://models.invalid/press.glb').catch(() => {}));
    await expect.poll(() => violations.join('\n')).toMatch(/models\.invalid/);
    await page.close();
  });
});

describe('every mode', () => {
  it('the scene picker, trainer, experiments and presentation load their code under the policy with no violation', async () => {
    for (const query of ['?mode=scenes', '?mode=trainer', '?mode=experiments', '?mode=present&story=bigger-buffers']) {
      const violations: string[] = [];
      const page = await watchedPage(violations);
      await page.goto(server.url + query);
      // a mode's code is a lazy chunk: a blocked script would leave the root empty
      await page.waitForFunction(() => (document.getElementById('root')?.querySelectorAll('*').length ?? 0) > 5, undefined, {
        timeout: STEP_MS,
        polling: 100,
      });
      expect(violations, query).toEqual([]);
      await page.close();
    }
  });
});
