import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttributeIds,
  ClientSubscription,
  DataType,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  UserTokenType,
  type ClientSession,
  type UserIdentityInfo,
} from 'node-opcua';
import type { RunningServer } from '../../server/live/server.ts';
import { startTestServer, TEST_TOKEN } from '../helpers/liveServer.ts';
import { freePort } from '../helpers/ports.ts';

/** Polls `check` until it returns something truthy. */
async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: RunningServer;
let endpoint: string;
const clients: OPCUAClient[] = [];

async function open(identity?: UserIdentityInfo): Promise<ClientSession> {
  const client = OPCUAClient.create({
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 3, initialDelay: 100 },
  });
  clients.push(client);
  await client.connect(endpoint);
  return client.createSession(identity);
}

const operator: UserIdentityInfo = { type: UserTokenType.UserName, userName: 'operator', password: TEST_TOKEN };

beforeAll(async () => {
  const port = await freePort();
  const info: string[] = [];
  server = await startTestServer({ opcuaPort: port, speed: 20, info: (t) => void info.push(t) });
  const line = await until(() => info.find((t) => t.startsWith('OPC UA server at ')), 'the OPC UA server', 60_000);
  endpoint = line.slice('OPC UA server at '.length);
}, 90_000);

afterAll(async () => {
  for (const client of clients) await client.disconnect();
  await server?.close();
}, 60_000);

describe('twin serve --opcua', () => {
  it('lets an anonymous client browse to a station, read its values and see its State change', async () => {
    const session = await open();
    const id = await until(async () => {
      const res = await session.browse('ns=1;s=LineTwin/Sessions');
      return res.references?.[0]?.browseName.name;
    }, 'a session node');
    const stations = await session.browse(`ns=1;s=LineTwin/Sessions/${id}/Stations`);
    expect(stations.references?.map((r) => r.browseName.name)).toEqual(['IN', 'M1', 'B1', 'M2', 'OUT']);
    const m1 = await session.browse(`ns=1;s=LineTwin/Sessions/${id}/Stations/M1`);
    const names = m1.references?.map((r) => r.browseName.name) ?? [];
    for (const name of ['State', 'PackMLState', 'Product', 'PartsGood', 'PartsScrap', 'OEE', 'PowerKW', 'EnergyKWh'])
      expect(names).toContain(name);
    const base = `ns=1;s=LineTwin/Sessions/${id}/Stations`;
    const [state, packml, capacity] = await session.read([
      { nodeId: `${base}/M1/State`, attributeId: AttributeIds.Value },
      { nodeId: `${base}/M1/PackMLState`, attributeId: AttributeIds.Value },
      { nodeId: `${base}/B1/Capacity`, attributeId: AttributeIds.Value },
    ]);
    expect(state!.statusCode).toBe(StatusCodes.Good);
    expect(state!.value.dataType).toBe(DataType.String);
    expect(typeof packml!.value.value).toBe('number');
    expect(capacity!.value.value).toBe(5);

    const subscription = ClientSubscription.create(session, {
      requestedPublishingInterval: 50,
      requestedMaxKeepAliveCount: 20,
      publishingEnabled: true,
    });
    const seen = new Set<string>();
    const item = await subscription.monitor(
      { nodeId: `${base}/M1/State`, attributeId: AttributeIds.Value },
      { samplingInterval: 20, queueSize: 10, discardOldest: true },
      TimestampsToReturn.Both,
    );
    item.on('changed', (value) => void seen.add(String(value.value.value)));
    await until(() => seen.size >= 2, 'two different states of M1');
    await subscription.terminate();
  }, 60_000);

  it('refuses anonymous method calls and writes, and any write of a wrong type; the server keeps answering', async () => {
    const session = await open();
    const id = (await session.browse('ns=1;s=LineTwin/Sessions')).references![0]!.browseName.name!;
    const call = await session.call({
      objectId: `ns=1;s=LineTwin/Sessions/${id}`,
      methodId: `ns=1;s=LineTwin/Sessions/${id}/InjectFault`,
      inputArguments: [
        { dataType: DataType.String, value: 'M1' },
        { dataType: DataType.Double, value: 0 },
      ],
    });
    expect(call.statusCode).toBe(StatusCodes.BadUserAccessDenied);
    const node = `ns=1;s=LineTwin/Sessions/${id}/Stations/M1/PartsGood`;
    const sameType = await session.write({
      nodeId: node,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Double, value: 1 } },
    });
    expect(sameType.isGood()).toBe(false);
    const operatorSession = await open(operator);
    const wrongType = await operatorSession.write({
      nodeId: node,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.String, value: 'lots' } },
    });
    expect(wrongType.isGood()).toBe(false);
    const read = await operatorSession.read({ nodeId: node, attributeId: AttributeIds.Value });
    expect(read.statusCode).toBe(StatusCodes.Good);
    expect(typeof read.value.value).toBe('number');
  }, 60_000);

  it('injects a fault for the operator, logged in the session with who sent it', async () => {
    const session = await open(operator);
    const id = (await session.browse('ns=1;s=LineTwin/Sessions')).references![0]!.browseName.name!;
    const call = await callMethod(session, id, 'InjectFault', [string('M1'), double(0)]);
    expect(call.statusCode).toBe(StatusCodes.Good);
    expect(typeof call.outputArguments?.[0]?.value).toBe('number');
    const twin = server.registry.get(id)!;
    expect(twin.interventions.map((i) => i.intervention)).toContainEqual({ type: 'fault', station: 'M1' });
    expect(twin.recentLog().some((e) => /fault injected on M1.*by OPC UA client/.test(e.text))).toBe(true);
    const bad = await callMethod(session, id, 'InjectFault', [string('NOPE'), double(0)]);
    expect(bad.statusCode).toBe(StatusCodes.BadInvalidArgument);
  }, 60_000);

  it('repairs, sets a parameter, pauses, resumes and sets the speed for the operator, each logged and refused on bad input', async () => {
    const session = await open(operator);
    const id = (await session.browse('ns=1;s=LineTwin/Sessions')).references![0]!.browseName.name!;
    const twin = server.registry.get(id)!;
    const applied = (): unknown[] => twin.interventions.map((i) => i.intervention);

    expect((await callMethod(session, id, 'InjectFault', [string('M2'), double(120)])).statusCode).toBe(StatusCodes.Good);
    expect(applied()).toContainEqual({ type: 'fault', station: 'M2', duration: 120 });
    expect((await callMethod(session, id, 'Repair', [string('M2')])).statusCode).toBe(StatusCodes.Good);
    expect(applied()).toContainEqual({ type: 'repair', station: 'M2' });

    const set = await callMethod(session, id, 'SetParameter', [string('M1'), string('mttr'), string('20')]);
    expect(set.statusCode).toBe(StatusCodes.Good);
    expect(applied()).toContainEqual({ type: 'set', station: 'M1', param: 'mttr', value: 20 });
    const dist = '{"dist":"exponential","mean":2}';
    expect((await callMethod(session, id, 'SetParameter', [string('M1'), string('cycleTime'), string(dist)])).statusCode).toBe(
      StatusCodes.Good,
    );
    expect(applied()).toContainEqual({ type: 'set', station: 'M1', param: 'cycleTime', value: { dist: 'exponential', mean: 2 } });
    const before = applied().length;
    for (const [param, value] of [
      ['mttr', 'soon'],
      ['warp', '3'],
      ['scrap', '{'],
    ]) {
      const refused = await callMethod(session, id, 'SetParameter', [string('M1'), string(param!), string(value!)]);
      expect(refused.statusCode, `${param}=${value}`).toBe(StatusCodes.BadInvalidArgument);
    }
    expect(applied().length).toBe(before);

    expect((await callMethod(session, id, 'Pause', [])).statusCode).toBe(StatusCodes.Good);
    expect(twin.info().paused).toBe(true);
    expect((await callMethod(session, id, 'SetSpeed', [double(50)])).statusCode).toBe(StatusCodes.Good);
    expect(twin.info().speed).toBe(50);
    expect((await callMethod(session, id, 'SetSpeed', [double(-3)])).statusCode).toBe(StatusCodes.BadInvalidArgument);
    expect((await callMethod(session, id, 'Resume', [])).statusCode).toBe(StatusCodes.Good);
    expect(twin.info().paused).toBe(false);
    expect(twin.recentLog().some((e) => /by OPC UA client/.test(e.text) && /M1/.test(e.text) && /20/.test(e.text))).toBe(true);
  }, 60_000);
});

const string = (value: string): { dataType: DataType; value: string } => ({ dataType: DataType.String, value });
const double = (value: number): { dataType: DataType; value: number } => ({ dataType: DataType.Double, value });

/** Calls one of a session's methods. */
function callMethod(session: ClientSession, id: string, method: string, inputArguments: { dataType: DataType; value: unknown }[]) {
  return session.call({ objectId: `ns=1;s=LineTwin/Sessions/${id}`, methodId: `ns=1;s=LineTwin/Sessions/${id}/${method}`, inputArguments });
}
