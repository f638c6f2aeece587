import { connectAsync, type MqttClient } from 'mqtt';
import { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, type ClientSession } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import type { KpiFrame, StationDetails } from '../../server/protocol/events.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, waitFor, type TestClient } from '../helpers/liveServer.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * One session seen over its three surfaces at once: the browser's Socket.IO KPI frames and inspector, the MQTT topics
 * and the OPC UA address space. Paused, the session's simulated time stands still, so each surface settles on a
 * reading at the same t, and the values must be the same there (issue 16: "a session's values over OPC UA, MQTT
 * and Socket.IO agree").
 */

let server: RunningServer;
let mqtt: MqttClient;
let opcua: OPCUAClient;
let ua: ClientSession;
let operator: TestClient;
const pool = createClientPool(() => server);
const retained = new Map<string, unknown>(); // topic -> latest JSON payload
let kpi: KpiFrame | null = null;

beforeAll(async () => {
  const [mqttPort, opcuaPort] = [await freePort(), await freePort()];
  const info: string[] = [];
  server = await startTestServer({ speed: 30, mqtt: true, mqttPort, opcuaPort, info: (t) => void info.push(t) });
  mqtt = await connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { reconnectPeriod: 0 });
  mqtt.on('message', (topic, payload) => {
    const text = payload.toString('utf8');
    if (text) retained.set(topic, JSON.parse(text) as unknown);
  });
  await mqtt.subscribeAsync('linetwin/#');
  await waitFor(() => info.some((t) => t.startsWith('OPC UA server at ')), 60_000);
  const endpoint = info.find((t) => t.startsWith('OPC UA server at '))!.slice('OPC UA server at '.length);
  opcua = OPCUAClient.create({
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 3, initialDelay: 100 },
  });
  await opcua.connect(endpoint);
  ua = await opcua.createSession();
  operator = await pool.client(TEST_TOKEN);
  operator.on('sim:kpi', (frame) => void (kpi = frame));
  expect((await request(operator, 'session:join', {})).ok).toBe(true);
}, 90_000);

afterAll(async () => {
  pool.closeAll();
  await ua?.close();
  await opcua?.disconnect();
  await mqtt?.endAsync();
  await server?.close();
}, 60_000);

/** Reads variables of the session's address space by their paths below the session's folder. */
async function readOpcua(session: string, paths: string[]): Promise<unknown[]> {
  const results = await ua.read(
    paths.map((p) => ({ nodeId: `ns=1;s=LineTwin/Sessions/${session}/${p}`, attributeId: AttributeIds.Value })),
  );
  return results.map((r) => r.value.value as unknown);
}

describe('one session over Socket.IO, MQTT and OPC UA', () => {
  it('gives the same values at the same simulated time', async () => {
    const id = server.registry.defaultId;
    await waitFor(() => (kpi?.good ?? 0) >= 5, 60_000); // some parts made, so the figures are not all zero
    expect((await request(operator, 'control:pause', {})).ok).toBe(true);
    const stoppedAt = server.registry.get(id)!.sim.now;
    const lineTopic = `linetwin/${id}/line/kpi`;
    const mqttLine = (): { t: number } | undefined => retained.get(lineTopic) as { t: number } | undefined;
    // each surface settles on the paused instant: the browser's next KPI frame, the MQTT reading sent on pausing, OPC UA's next tick
    const settled = (t: number | undefined): boolean => t !== undefined && Math.abs(t - stoppedAt) < 0.001; // frames carry t to the ms
    const stations = server.registry.get(id)!.scene.line.stations.map((s) => s.id);
    // the line's KPI topic goes out before the stations': wait for every one of them
    const stationAt = (s: string): number | undefined => (retained.get(`linetwin/${id}/${s}/kpi`) as { t: number } | undefined)?.t;
    await waitFor(() => settled(kpi?.t) && settled(mqttLine()?.t) && stations.every((s) => settled(stationAt(s))), 30_000);
    const at = kpi!.t;
    let uaLine: unknown[];
    const lineFields = [
      'SimTime',
      'PartsGood',
      'PartsScrap',
      'ThroughputPerHour',
      'OEE',
      'Availability',
      'Performance',
      'Quality',
      'WIP',
      'EnergyKWh',
      'Bottleneck',
    ];
    const start = Date.now();
    while (
      (uaLine = await readOpcua(
        id,
        lineFields.map((f) => `Line/${f}`),
      ))[0] !== at
    ) {
      if (Date.now() - start > 30_000) throw new Error(`OPC UA SimTime stayed at ${String(uaLine[0])}, not ${at}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    const browser = kpi!;
    const line = mqttLine() as Record<string, unknown>;
    const expected = [
      at,
      browser.good,
      browser.scrap,
      browser.throughputPerHour,
      browser.oee,
      browser.availability,
      browser.performance,
      browser.quality,
      browser.wip,
      browser.kWh,
      browser.bottleneck,
    ];
    expect(uaLine).toEqual(expected);
    const mqttKeys = [
      't',
      'good',
      'scrap',
      'throughputPerHour',
      'oee',
      'availability',
      'performance',
      'quality',
      'wip',
      'kWh',
      'bottleneck',
    ];
    expect(mqttKeys.map((k) => line[k])).toEqual(expected);
    expect(browser.good).toBeGreaterThan(0);

    // every station: the inspector's counts and OEE over Socket.IO = its MQTT KPI topic = its OPC UA folder
    for (const station of stations) {
      const res = await request<{ details: StationDetails }>(operator, 'station:inspect', { station });
      expect(res.ok).toBe(true);
      if (!res.ok) continue;
      const d = res.details;
      const topic = retained.get(`linetwin/${id}/${station}/kpi`) as Record<string, unknown>;
      expect(topic.t).toBe(at);
      expect([topic.good, topic.scrap, topic.energyKWh]).toEqual([d.good, d.scrap, d.energyKWh]);
      const [good, scrap, energy] = await readOpcua(id, [
        `Stations/${station}/PartsGood`,
        `Stations/${station}/PartsScrap`,
        `Stations/${station}/EnergyKWh`,
      ]);
      expect([good, scrap, energy]).toEqual([d.good, d.scrap, d.energyKWh]);
      if (topic.oee !== null) {
        expect(topic.oee).toBe(d.oee.oee);
        const [oee, state] = await readOpcua(id, [`Stations/${station}/OEE`, `Stations/${station}/State`]);
        expect(oee).toBe(d.oee.oee);
        const mqttState = retained.get(`linetwin/${id}/${station}/state`) as { state: string };
        expect(state).toBe(mqttState.state);
      }
    }
  }, 120_000);
});
