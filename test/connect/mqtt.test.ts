import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/live/server.ts';
import { startTestServer, TEST_TOKEN, waitFor } from '../helpers/liveServer.ts';
import { freePort } from '../helpers/ports.ts';

interface Received {
  topic: string;
  text: string;
}

let server: RunningServer;
let client: MqttClient;
const received: Received[] = [];
const fault = { type: 'fault', station: 'M1', duration: 30 };

const messages = (topic: string): unknown[] =>
  received.filter((m) => m.topic === topic && m.text).map((m) => JSON.parse(m.text) as unknown);
const replies = (): Array<{ id: unknown; ok: boolean; error?: string }> =>
  messages(`linetwin/${session()}/cmd/reply`) as Array<{ id: unknown; ok: boolean; error?: string }>;
const session = (): string => server.registry.defaultId;

/** Publishes a command and resolves with the reply that carries `id` (or the next reply, for commands without one). */
async function command(payload: string | Buffer, id: unknown = null): Promise<{ id: unknown; ok: boolean; error?: string }> {
  const before = replies().length;
  await client.publishAsync(`linetwin/${session()}/cmd`, payload);
  await waitFor(() =>
    replies()
      .slice(before)
      .some((r) => r.id === id),
  );
  return replies()
    .slice(before)
    .find((r) => r.id === id)!;
}

beforeAll(async () => {
  const port = await freePort();
  server = await startTestServer({ speed: 20, mqtt: true, mqttPort: port });
  client = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  client.on('message', (topic, payload) => received.push({ topic, text: payload.toString('utf8') }));
  await client.subscribeAsync('linetwin/#');
});

afterAll(async () => {
  await client?.endAsync();
  await server?.close();
});

describe('twin serve --mqtt (embedded broker)', () => {
  it('publishes the session list, line KPIs and station state changes, agreeing with the session', async () => {
    await waitFor(() => messages('linetwin/sessions').some((ids) => (ids as string[]).includes(session())));
    const kpiTopic = `linetwin/${session()}/line/kpi`;
    await waitFor(() => messages(kpiTopic).length >= 2);
    const kpi = messages(kpiTopic).at(-1) as { session: string; t: number; oee: number; bottleneck: string };
    expect(kpi.session).toBe(session());
    expect(kpi.t).toBeGreaterThan(0);
    expect(kpi.oee).toBeGreaterThanOrEqual(0);
    const stateTopic = `linetwin/${session()}/M1/state`;
    await waitFor(() => new Set(messages(stateTopic).map((m) => (m as { state: string }).state)).size >= 2);
    const state = messages(stateTopic).at(-1) as { t: number; state: string; packml: number; product: unknown };
    expect(typeof state.t).toBe('number');
    expect(typeof state.packml).toBe('number');
    expect(state).toHaveProperty('product');
    await waitFor(() => messages(`linetwin/${session()}/M1/kpi`).length > 0);
    expect(messages(`linetwin/${session()}/M1/kpi`).at(-1)).toMatchObject({ good: expect.any(Number), oee: expect.any(Number) });
  });

  it('refuses a command without a token or with a wrong one; nothing changes', async () => {
    const none = await command(JSON.stringify({ command: 'control:intervene', payload: fault, id: 'no-token' }), 'no-token');
    expect(none.ok).toBe(false);
    expect(none.error).toMatch(/operator token required/);
    const wrong = await command(JSON.stringify({ token: 'wrong', command: 'control:intervene', payload: fault, id: 7 }), 7);
    expect(wrong.ok).toBe(false);
    expect(server.registry.get(session())!.interventions).toEqual([]);
  });

  it('answers malformed payloads with an error and keeps publishing', async () => {
    const notJson = await command('{not json');
    expect(notJson).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    const wrongTypes = await command(JSON.stringify({ token: 42, command: ['x'], id: 'types' }), 'types');
    expect(wrongTypes).toMatchObject({ ok: false, error: expect.stringMatching(/invalid command/) });
    const oversized = await command(Buffer.alloc(70 * 1024, 'a'));
    expect(oversized).toMatchObject({ ok: false, error: expect.stringMatching(/too large/) });
    const array = await command('[1,2,3]');
    expect(array.ok).toBe(false);
    expect(server.registry.get(session())!.interventions).toEqual([]);
    const kpiTopic = `linetwin/${session()}/line/kpi`;
    const count = messages(kpiTopic).length;
    await waitFor(() => messages(kpiTopic).length > count);
  });

  it('injects a fault with the operator token and logs who sent it', async () => {
    const reply = await command(JSON.stringify({ token: TEST_TOKEN, command: 'control:intervene', payload: fault, id: 'ok' }), 'ok');
    expect(reply).toMatchObject({ id: 'ok', ok: true, t: expect.any(Number) });
    const s = server.registry.get(session())!;
    expect(s.interventions.map((i) => i.intervention)).toEqual([fault]);
    await waitFor(() => (messages(`linetwin/${session()}/M1/state`).at(-1) as { state: string }).state === 'down');
  });
});
