import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../server/live/server.ts';
import type { ClientToServerEvents, SessionInfo } from '../../server/protocol/events.ts';
import { clientSchemas } from '../../server/protocol/schemas.ts';
import { trainingSchemas } from '../../server/protocol/training.ts';
import { experimentSchemas } from '../../server/protocol/experiments.ts';
import { editorSchemas } from '../../server/protocol/editor.ts';
import { createStream, type RandomStream } from '../../server/sim/random.ts';
import { tempDir } from '../experiments/helpers.ts';
import { createClientPool, request, startTestServer, TEST_TOKEN, waitFor, type TestClient } from '../helpers/liveServer.ts';

/**
 * The socket fuzz: a few thousand seeded, mutated messages of every client event of the protocol, from several
 * viewer and operator connections at once, while an honest viewer watches a session. The server must stay up,
 * answer HTTP, keep sending the honest viewer its KPIs once a second, answer every message that carries an
 * acknowledgement with `{ ok: false, error }` or a valid reply, log no error, and no viewer message may change
 * the watched line. Each connection is paced under the gate's rate limit (20 messages/s), so the fuzz tests
 * the handlers, not the limiter; a connection the server closes (an oversized message) reconnects.
 *
 * Operators' numbers are mutated too, into the engine's edge cases (zero or vanishing cycle times, huge spreads,
 * NaN-like values): the schemas refuse what could hang or break the engine, and what passes runs within the live
 * server's time budget (test/live/hang.test.ts tests both directly).
 */

type ClientEvent = keyof ClientToServerEvents;

/** Every client event, from the protocol's schema maps (the type check below keeps them equal to the event map). */
const EVENTS = [
  ...Object.keys(clientSchemas),
  ...Object.keys(trainingSchemas),
  ...Object.keys(experimentSchemas),
  ...Object.keys(editorSchemas),
] as ClientEvent[];
type Covered = keyof typeof clientSchemas | keyof typeof trainingSchemas | keyof typeof experimentSchemas | keyof typeof editorSchemas;
const covered: [ClientEvent] extends [Covered] ? ([Covered] extends [ClientEvent] ? true : never) : never = true;

const SEED = 20261202;
const VIEWERS = 3,
  OPERATORS = 3;
const PER_CONNECTION = 400; // messages: 2,400 in all, every event name about 50 times
const PACE_MS = 60; // between two messages of one connection: under 20 per second
const KPI_GAP_MS = 5_000; // the honest viewer's longest wait for KPIs (sent once a second)
const MAX_BYTES = 12_000; // payloads stay under the 16 KB message limit, except the few oversized ones

/** The connection's role and what it may name in payloads. */
interface Ctx {
  operator: boolean;
  rng: RandomStream;
  /** Session ids and codes to name: fixed ones, then those the fuzz's own sessions got (training classes, stories). */
  sessions: string[];
  found: string[];
}

const pick = <T>(rng: RandomStream, list: readonly T[]): T => list[Math.floor(rng.next() * list.length)]!;
const chance = (rng: RandomStream, p: number): boolean => rng.next() < p;
function randomText(rng: RandomStream, max = 12): string {
  const chars = 'abcXYZ019_-.:/ <>"\'\\\u0000\u202e\ud83d\ude00é';
  return Array.from({ length: 1 + Math.floor(rng.next() * max) }, () => pick(rng, [...chars])).join('');
}
function deep(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Values of the wrong kind, the edge and the absurd. */
function oddValue(rng: RandomStream): unknown {
  const values: Array<() => unknown> = [
    () => null,
    () => true,
    () => '',
    () => 'NaN',
    () => 'x'.repeat(70),
    () => 'é'.repeat(3_000),
    () => randomText(rng),
    () => '<script>alert(1)</script>',
    () => ({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
    () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    () => [],
    () => Array.from({ length: 500 }, (_, i) => i),
    () => deep(1_000),
    () => ({ nested: { deeper: [1, 'two', null] } }),
    () => new Uint8Array([1, 2, 3, 255]),
    () => new Date(0),
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => -0,
    () => -1,
    () => 1e308,
    () => 2 ** 53 + 1,
    () => 0.1,
    () => 1e-300,
  ];
  return pick(rng, values)();
}

/** A valid scene text for the editor's events. */
const LINE_TEXT = readFileSync('test/fixtures/training/line.yaml', 'utf8');

/** A valid-ish payload of each event; `Record<ClientEvent, ...>` makes the type checker ask for every event. */
const PAYLOADS: Record<ClientEvent, (c: Ctx) => unknown> = {
  'session:join': (c) => (chance(c.rng, 0.2) ? {} : { session: pick(c.rng, [...c.sessions, ...c.found]) }),
  'session:list': () => ({}),
  'session:create': (c) => ({ scene: pick(c.rng, ['line', 'nope']), speed: pick(c.rng, [1, 60, 'max']) }),
  'session:reset': (c) => (chance(c.rng, 0.5) ? {} : { seed: 7 }),
  'session:close': (c) => ({ session: pick(c.rng, c.sessions) }),
  'session:fork': (c) => ({ from: pick(c.rng, c.sessions), ...(chance(c.rng, 0.5) ? { seed: 3 } : {}) }),
  'auth:operator': (c) => ({ token: `guess-${randomText(c.rng)}` }),
  'control:speed': (c) => ({ speed: pick(c.rng, [0.5, 1, 60, 'max']) }),
  'control:pause': () => ({}),
  'control:resume': () => ({}),
  'control:step': (c) => ({ seconds: pick(c.rng, [1, 30, 600]) }),
  'control:intervene': (c) =>
    pick(c.rng, [
      { type: 'fault', station: 'M1', duration: 20 },
      { type: 'fault', station: 'M2' },
      { type: 'repair', station: 'M2' },
      { type: 'set', station: 'B1', param: 'capacity', value: 4 },
      { type: 'set', station: 'M1', param: 'mttr', value: 30 },
      { type: 'set', station: 'M1', param: 'scrap', value: 0.01 },
      { type: 'set', station: 'M1', param: 'cycleTime', value: { dist: 'exponential', mean: 3 } },
      { type: 'fault', station: 'NOPE' },
    ]),
  'station:inspect': (c) => ({ station: pick(c.rng, ['M1', 'B1', 'NOPE']) }),
  'energy:breakdown': () => ({}),
  'training:list': () => ({}),
  'training:start': (c) => ({ scenario: pick(c.rng, ['quick', 'nope']), speed: 60 }),
  'training:console': () => ({}),
  'training:run': () => ({}),
  'training:pause': () => ({}),
  'training:skip': () => ({}),
  'training:end': () => ({}),
  'training:state': () => ({}),
  'training:hello': (c) => ({ name: `Fuzz ${randomText(c.rng, 6)}` }),
  'training:answer': (c) => ({ task: pick(c.rng, ['sum', 'first', 'nope']), answer: pick(c.rng, ['1', 'M2']) }),
  'training:act': (c) => ({ action: pick(c.rng, ['repair', 'stop', 'speed']), station: 'M1', percent: 100 }),
  'training:remove': () => ({ trainee: 'AAAAAAAAAAAA' }),
  'story:list': () => ({}),
  'story:open': (c) => ({ story: pick(c.rng, ['quick', 'nope']), restart: chance(c.rng, 0.3) }),
  'scenes:catalog': () => ({}),
  'experiment:catalog': () => ({}),
  'experiment:file': (c) => ({ key: pick(c.rng, ['nope', '../../etc/passwd']) }),
  'experiment:start': (c) => ({ text: pick(c.rng, ['kind: experiment\n', 'scene: line\nreplications: 1\n', randomText(c.rng, 200)]) }),
  'experiment:cancel': () => ({}),
  'experiment:history': () => ({ limit: 5 }),
  'experiment:open': () => ({ run: 1 }),
  'experiment:csv': () => ({ run: 1 }),
  'experiment:live': (c) => ({ run: 1, variant: randomText(c.rng) }),
  'editor:open': (c) => ({ scene: pick(c.rng, ['line', 'nope', '..', 'fuzzed']) }),
  'editor:estimate': (c) => ({ text: pick(c.rng, [LINE_TEXT, 'stations: []\n', randomText(c.rng, 200)]) }),
  'editor:save': (c) => ({
    name: pick(c.rng, ['fuzzed', 'line', '../up', 'a.b', '']),
    text: pick(c.rng, [LINE_TEXT, randomText(c.rng, 200)]),
  }),
  'editor:run': (c) => ({ text: pick(c.rng, [LINE_TEXT, randomText(c.rng, 200)]), name: pick(c.rng, ['fuzzed', '../x']) }),
};

/** The payload mutated: a field dropped, of the wrong kind, an extra field, or the whole payload replaced. */
function mutate(payload: unknown, c: Ctx): unknown {
  const obj = payload && typeof payload === 'object' && !Array.isArray(payload) ? { ...(payload as Record<string, unknown>) } : {};
  const keys = Object.keys(obj);
  switch (Math.floor(c.rng.next() * 5)) {
    case 0:
      if (keys.length) delete obj[pick(c.rng, keys)];
      return obj;
    case 1:
      if (keys.length) obj[pick(c.rng, keys)] = oddValue(c.rng);
      return obj;
    case 2: {
      // an own property, also for `__proto__` (an assignment would change the object's prototype instead)
      const key = pick(c.rng, ['extra', '__proto__', 'constructor', 'toString', randomText(c.rng)]);
      Object.defineProperty(obj, key, { value: oddValue(c.rng), enumerable: true, writable: true, configurable: true });
      return obj;
    }
    case 3:
      return oddValue(c.rng);
    default:
      return pick(c.rng, [undefined, null, 42, 'text', [payload], Buffer.from('binary payload')]);
  }
}

/** What the fuzz saw. */
interface Tally {
  sent: number;
  acked: number;
  /** Acks lost because the server closed the connection before answering (an oversized message). */
  lostOnDisconnect: number;
  badAcks: string[];
  okByEvent: Map<string, number>;
  reconnects: number;
}

/** Sends `count` messages from `socket`, paced, and checks each acknowledgement. */
async function fuzzConnection(socket: TestClient, ctx: Ctx, count: number, tally: Tally): Promise<void> {
  const pending = new Set<number>();
  let next = 0;
  socket.on('disconnect', (reason) => {
    tally.lostOnDisconnect += pending.size;
    pending.clear();
    tally.reconnects++;
    if (reason === 'io server disconnect') socket.connect(); // closed by the server: socket.io-client does not come back by itself
  });
  for (let i = 0; i < count; i++) {
    await waitFor(() => socket.connected, 30_000);
    // now and then a name nobody handles: it must be answered with an error too
    const unknown = chance(ctx.rng, 0.02) ? pick(ctx.rng, ['nope', 'session:destroy', '__proto__', 'x'.repeat(500)]) : null;
    const event = EVENTS[(i + Math.floor(ctx.rng.next() * EVENTS.length)) % EVENTS.length]!;
    const valid = PAYLOADS[event](ctx);
    let payload = chance(ctx.rng, 0.3) ? valid : mutate(valid, ctx);
    if (chance(ctx.rng, 0.004))
      payload = { huge: 'x'.repeat(20_000) }; // over the 16 KB limit: the server closes this connection
    else if (JSON.stringify(payload ?? null).length > MAX_BYTES) payload = valid;
    const id = next++;
    const ack = (res: unknown): void => {
      if (!pending.delete(id)) return; // lost already (disconnect), or answered twice (counted below)
      tally.acked++;
      const r = res as { ok?: unknown; error?: unknown } | null;
      const fine =
        r !== null &&
        typeof r === 'object' &&
        ((r.ok === false && typeof r.error === 'string' && r.error.length > 0) || (r.ok === true && !('error' in r)));
      if (!fine) tally.badAcks.push(`${event}: ${JSON.stringify(res)?.slice(0, 200)}`);
      if (r?.ok === true) tally.okByEvent.set(event, (tally.okByEvent.get(event) ?? 0) + 1);
      // sessions the fuzz opened (classes, stories, lines) become names every connection may join
      const opened = r?.ok === true ? (r as { session?: { id?: unknown }; before?: { id?: unknown } }) : null;
      for (const s of [opened?.session?.id, opened?.before?.id]) if (typeof s === 'string' && !ctx.found.includes(s)) ctx.found.push(s);
    };
    const raw = socket.emit.bind(socket) as unknown as (event: string, ...args: unknown[]) => void;
    const emit = (name: string, ...args: unknown[]): void => raw(unknown ?? name, ...args);
    const form = ctx.rng.next();
    if (form < 0.75) {
      pending.add(id);
      emit(event, payload, ack);
    } else if (form < 0.83) {
      pending.add(id);
      emit(event, payload, 'extra', { more: 1 }, ack); // extra arguments before the acknowledgement
    } else if (form < 0.88) {
      pending.add(id);
      emit(event, ack); // no payload at all
    } else if (form < 0.94) {
      emit(event, payload); // no acknowledgement: nobody to answer
    } else {
      emit(event, payload, pick(ctx.rng, [42, 'ack', null, { then: 1 }])); // an acknowledgement that is not a function
    }
    tally.sent++;
    await new Promise((r) => setTimeout(r, PACE_MS));
  }
  await waitFor(() => pending.size === 0, 60_000);
}

const tmp = tempDir();
let server: RunningServer;
const pool = createClientPool(() => server);
const warnings: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => {
  unhandled.push(e);
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  server = await startTestServer({
    sceneFile: 'test/fixtures/training/line.yaml',
    scenesDir: 'test/fixtures/training',
    historyDb: join(tmp.dir, 'history.db'),
    experimentWorkers: 1,
    maxExperimentJobs: 4,
    savedScenesDir: join(tmp.dir, 'saved'),
    estimateWorkers: 1,
    warn: (text) => warnings.push(text),
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  pool.closeAll();
  await server.close();
  tmp.remove();
});

describe('the socket fuzz', () => {
  it(`${(VIEWERS + OPERATORS) * PER_CONNECTION} mutated messages of every event, as viewers and operators: the server stays up and the line stays its own`, async () => {
    expect(covered).toBe(true);
    expect(new Set(EVENTS).size).toBe(Object.keys(PAYLOADS).length);
    expect([...EVENTS].sort()).toEqual(Object.keys(PAYLOADS).sort());

    // the watched session: only viewers may name it (operators are free to change everything else)
    const setup = await pool.client(TEST_TOKEN);
    const created = await request<{ session: SessionInfo }>(setup, 'session:create', { scene: 'line', speed: 60 });
    if (!created.ok) throw new Error(created.error);
    const watched = created.session;
    setup.close(); // fewer connections from one address at once (the server may limit them)
    const line = server.registry.get(watched.id)!;
    const before = JSON.stringify({ interventions: line.interventions, seed: line.seed, info: { ...line.info(), simTime: 0, viewers: 0 } });

    const honest = await pool.client();
    expect((await request(honest, 'session:join', { session: watched.id })).ok).toBe(true);
    const kpiTimes: number[] = [];
    honest.on('sim:kpi', () => kpiTimes.push(Date.now()));
    await waitFor(() => kpiTimes.length > 0, 15_000);

    let httpFailures = 0,
      httpAnswers = 0;
    let fuzzing = true;
    const http = (async () => {
      while (fuzzing) {
        try {
          const res = await fetch(server.url, { signal: AbortSignal.timeout(5_000) });
          await res.arrayBuffer();
          httpAnswers++;
        } catch {
          httpFailures++;
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();

    const tally: Tally = { sent: 0, acked: 0, lostOnDisconnect: 0, badAcks: [], okByEvent: new Map(), reconnects: 0 };
    const fuzzers: Array<Promise<void>> = [];
    const viewerSessions = [watched.id, watched.code, 's1', 's3', 's4', 's5', 'nope', ''];
    const operatorSessions = ['s1', 's3', 's4', 's5', 's9', 'nope'];
    const found: string[] = []; // shared: a class an operator started is joined by viewers, who say hello there
    for (let k = 0; k < VIEWERS + OPERATORS; k++) {
      const operator = k >= VIEWERS;
      const socket = await pool.client(operator ? TEST_TOKEN : undefined);
      if (!operator) await request(socket, 'session:join', { session: watched.id });
      const ctx: Ctx = {
        operator,
        rng: createStream(SEED, k, 'socket-fuzz'),
        sessions: operator ? operatorSessions : viewerSessions,
        found,
      };
      fuzzers.push(fuzzConnection(socket, ctx, PER_CONNECTION, tally));
    }
    const fuzzStart = Date.now();
    await Promise.all(fuzzers);
    fuzzing = false;
    await http;
    const fuzzEnd = Date.now();

    // the server is up and answers
    const after = await fetch(server.url);
    expect(after.status).toBeGreaterThan(0);
    expect(httpFailures).toBe(0);
    expect(httpAnswers).toBeGreaterThan(0);
    expect(honest.connected).toBe(true);
    // the honest viewer got its KPIs all along
    const during = [fuzzStart, ...kpiTimes.filter((t) => t >= fuzzStart && t <= fuzzEnd), fuzzEnd];
    const gaps = during.slice(1).map((t, i) => t - during[i]!);
    expect(Math.max(...gaps)).toBeLessThan(KPI_GAP_MS);
    // every acknowledged message was answered in the protocol's form
    expect(tally.badAcks).toEqual([]);
    expect(tally.sent).toBe((VIEWERS + OPERATORS) * PER_CONNECTION);
    expect(tally.acked + tally.lostOnDisconnect).toBeGreaterThan(tally.sent * 0.8);
    // no error was logged, nothing escaped
    expect(warnings.filter((w) => /\n\s+at |Error/.test(w))).toEqual([]);
    expect(unhandled).toEqual([]);
    // the viewers changed nothing of the line they watched (the simulated time moves on, nothing else)
    const now = JSON.stringify({ interventions: line.interventions, seed: line.seed, info: { ...line.info(), simTime: 0, viewers: 0 } });
    expect(now).toBe(before);
    expect(server.registry.get(watched.id)).toBe(line);
    // the fuzz reached the handlers: valid messages of many events were accepted
    expect(tally.okByEvent.size).toBeGreaterThan(EVENTS.length / 2);
  }, 240_000);
});
