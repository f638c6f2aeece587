import { get, type IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostCheck } from '../../server/live/hostCheck.ts';
import type { RunningServer } from '../../server/live/server.ts';
import { startTestServer } from '../helpers/liveServer.ts';

/** DNS rebinding: requests must name the server by an address it was bound to, on its port; browser origins must match. */

const req = (host: string | undefined, origin?: string): IncomingMessage =>
  ({ headers: { ...(host === undefined ? {} : { host }), ...(origin === undefined ? {} : { origin }) } }) as IncomingMessage;

describe('the host check', () => {
  it('on loopback: loopback names on the server port only, same-origin http pages only', () => {
    const check = createHostCheck({ host: '127.0.0.1', port: () => 8080, allowOrigins: [] });
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080'])
      expect(check.refuse(req(host)), host).toBeNull();
    expect(check.refuse(req('127.0.0.1:8080', 'http://127.0.0.1:8080'))).toBeNull();
    expect(check.refuse(req('evil.example:8080'))).toMatch(/evil\.example:8080, a name this server was not started with/);
    expect(check.refuse(req('evil.example:8080', 'http://evil.example:8080'))).toMatch(/not started with/);
    expect(check.refuse(req('127.0.0.1:9999'))).toMatch(/not started with/);
    expect(check.refuse(req('127.0.0.1'))).toMatch(/not started with/); // port 80 implied
    expect(check.refuse(req(undefined))).toMatch(/without a valid Host/);
    expect(check.refuse(req('127.0.0.1:8080/x@evil'))).toMatch(/without a valid Host/);
    expect(check.refuse(req('127.0.0.1:8080', 'http://evil.example:8080'))).toMatch(/origin http:\/\/evil\.example:8080/);
    expect(check.refuse(req('127.0.0.1:8080', 'https://127.0.0.1:8080'))).toMatch(/origin https/);
    expect(check.refuse(req('127.0.0.1:8080', 'null'))).toMatch(/origin null/);
  });

  it('--allow-origin adds that origin and its host (the Vite dev proxy forwards Host localhost:5173)', () => {
    const check = createHostCheck({ host: '127.0.0.1', port: () => 8080, allowOrigins: ['http://localhost:5173'] });
    expect(check.refuse(req('localhost:5173', 'http://localhost:5173'))).toBeNull();
    expect(check.refuse(req('127.0.0.1:8080', 'http://localhost:5173'))).toBeNull();
    expect(check.refuse(req('localhost:5174'))).toMatch(/not started with/);
  });

  it('on 0.0.0.0: the machine interface addresses and host name too; on a LAN address: that address only', () => {
    const wide = createHostCheck({ host: '0.0.0.0', port: () => 8080, allowOrigins: [] });
    const addresses = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((i) => i.family === 'IPv4');
    for (const i of addresses) expect(wide.refuse(req(`${i.address}:8080`)), i.address).toBeNull();
    expect(wide.refuse(req(`${hostname()}:8080`))).toBeNull();
    expect(wide.refuse(req('localhost:8080'))).toBeNull();
    expect(wide.refuse(req('evil.example:8080'))).toMatch(/not started with/);
    const lan = createHostCheck({ host: '192.168.1.5', port: () => 8080, allowOrigins: [] });
    expect(lan.refuse(req('192.168.1.5:8080', 'http://192.168.1.5:8080'))).toBeNull();
    expect(lan.refuse(req('localhost:8080'))).toMatch(/not started with/);
  });
});

describe('on the live server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const fetchWithHost = (path: string, host: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });

  it('a request for another name is refused, the app and the Socket.IO handshake alike', async () => {
    const page = await fetchWithHost('/', `evil.example:${server.port}`);
    expect(page.status).toBe(421);
    expect(page.body).toMatch(/LineTwin refuses a request for evil\.example:\d+/);
    const handshake = await fetchWithHost('/socket.io/?EIO=4&transport=polling', `evil.example:${server.port}`);
    expect(handshake.status).toBe(403);
    const honest = await fetchWithHost('/socket.io/?EIO=4&transport=polling', `127.0.0.1:${server.port}`);
    expect(honest.status).toBe(200);
    expect(honest.body).toMatch(/^0\{"sid"/);
  });
});
