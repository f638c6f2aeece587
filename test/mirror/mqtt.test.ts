import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { Snapshot } from '../../server/protocol/events.ts';
import { MACHINE_STATES } from '../../server/sim/index.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, waitFor } from '../helpers/liveServer.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * `twin serve --scene scenes/two-machine.yaml --mirror-mqtt`: events published with mqtt.js on
 * linetwin-in/two-machine/<station>/event drive the default session's states, parts and levels; malformed messages
 * change nothing, are answered on linetwin-in/two-machine/error, and the server stays up.
 */

const PREFIX = 'linetwin-in/two-machine';
let server: RunningServer;
let client: MqttClient;
const errors: Array<{ topic: string; error: string }> = [];
const pool = createClientPool(() => server);

beforeAll(async () => {
  const port = await freePort();
  server = await startTestServer({ sceneFile: 'scenes/two-machine.yaml', mirrorMqtt: true, mqttPort: port });
  client = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  client.on('message', (_topic, payload) => errors.push(JSON.parse(payload.toString('utf8')) as { topic: string; error: string }));
  await client.subscribeAsync(`${PREFIX}/error`);
});
afterAll(async () => {
  pool.closeAll();
  await client?.endAsync();
  await server?.close();
});

const mirror = () => server.registry.get(server.registry.defaultId)!;
const state = (station: number): string => MACHINE_STATES[mirror().sim.view.unitState(station, 0)]!;
const publish = (station: string, payload: string): Promise<unknown> => client.publishAsync(`${PREFIX}/${station}/event`, payload);

describe('a session mirroring a line over MQTT', () => {
  it('is the default session, listed with its MQTT mirror, at a fixed pace', async () => {
    const operator = await pool.client(TEST_TOKEN);
    const res = await request<{ snapshot: Snapshot }>(operator, 'session:join', {});
    expect(res.ok && res.snapshot.session.mirror).toEqual({ source: 'mqtt', name: PREFIX });
    const speed = await request(operator, 'control:speed', { speed: 'max' });
    expect(!speed.ok && speed.error).toMatch(/plant's pace/);
  });

  it("books published states, parts and levels at the mirror's clock", async () => {
    await publish('M1', JSON.stringify({ event: 'state', state: 'working' }));
    await publish('B1', JSON.stringify({ event: 'level', level: 3 }));
    await publish('M2', JSON.stringify({ event: 'state', unit: 0, state: 'working' }));
    await waitFor(() => state(1) === 'working' && mirror().sim.view.level(2) === 3 && state(3) === 'working');
    await publish('M2', JSON.stringify({ event: 'part', result: 'good' }));
    await publish('M2', JSON.stringify({ event: 'part', result: 'scrap' }));
    await publish('M1', JSON.stringify({ event: 'fault' }));
    await waitFor(() => mirror().kpi().scrap === 1 && state(1) === 'down');
    const report = mirror().sim.report();
    expect(report.produced).toEqual({ good: 1, scrap: 1 });
    expect(report.stations['M1']!.failures).toBe(1);
    expect(report.stations['M2']!.processed).toBe(2);
  });

  it('ignores malformed messages, says why on the error topic, and stays up', async () => {
    const counts = (): number[] => {
      const r = mirror().sim.report();
      return [r.stations['M1']!.processed, r.stations['M1']!.failures, r.stations['M2']!.processed, r.produced.good, r.produced.scrap];
    };
    const before = counts();
    const bad: Array<[string, string | Buffer]> = [
      ['M1', 'not json'],
      ['M1', JSON.stringify([1, 2])],
      ['M1', JSON.stringify({ event: 'state', state: 'dancing' })],
      ['M1', JSON.stringify({ event: 'explode' })],
      ['B1', JSON.stringify({ event: 'level', level: 99 })],
      ['M1', JSON.stringify({ event: 'state', state: 'working', station: 'M2' })],
      ['NOPE', JSON.stringify({ event: 'repair' })],
      ['M1', JSON.stringify({ event: 'state', state: 'working', t: 'soon' })],
      ['M1', Buffer.alloc(10_000, 'x')],
      ['M1', JSON.stringify({ event: 'fault', t: 1e6 })],
    ];
    for (const [station, payload] of bad) await client.publishAsync(`${PREFIX}/${station}/event`, payload);
    await waitFor(() => errors.length >= bad.length);
    expect(errors.map((e) => e.error).join('\n')).toMatch(
      /not JSON[\s\S]*not a JSON object[\s\S]*holds 0 to 5[\s\S]*differs[\s\S]*no station "NOPE"[\s\S]*at most 4096[\s\S]*more than 3600 s ahead/,
    );
    expect((mirror().sim as unknown as { pending: number }).pending).toBe(0); // nothing refused waits to be booked later
    expect(counts()).toEqual(before);
    expect([state(1), state(3), mirror().sim.view.level(2)]).toEqual(['down', 'working', 3]);
    const viewer = await pool.client();
    expect((await request(viewer, 'session:list', {})).ok).toBe(true);
  });
});
