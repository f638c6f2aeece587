import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { SessionInfo } from '../protocol/events.ts';
import type { JournalEntry } from '../session/journal.ts';
import type { SessionIds, SessionRegistry } from '../session/registry.ts';
import { rebuildSession } from '../session/restore.ts';
import { sessionHeader } from '../session/persist.ts';
import { checkRedisUrl, connectRedis, redactRedisUrl, RedisUnavailableError } from '../storage/redis.ts';
import type { Session, SessionStart } from '../session/session.ts';
import type { SessionHeader, StoredSession } from '../storage/sessions.ts';
import { decodeJson, encodeJson } from '../storage/json.ts';
import type { ClusterLink, OwnerAnswer, OwnerRequest, OwnerRunner, RemoteSessions } from './clusterLink.ts';
import type { TwinServer } from './gate.ts';

/**
 * `twin serve --redis URL`: several processes behind one address share their sessions through Redis
 * (docs/scale-live.md). Each session runs on one process, its owner, which holds `twin:owner:<id>` (SET NX, a TTL
 * it renews every third of it) and keeps in Redis what rebuilds the session: how it was created
 * (`twin:session:<id>`), its journal of commands (`twin:journal:<id>`, each at its simulated time) and, in the
 * session index `twin:sessions`, its info with the simulated time reached, published at every heartbeat. Frames,
 * KPIs and logs reach the viewers on every process through the Socket.IO Redis adapter (rooms are session ids);
 * another process's events on a session go to its owner as a server-side emit with acknowledgement. When an owner
 * stops renewing (a crash) its keys expire and another process claims each session and rebuilds it by replay
 * (server/session/restore.ts) up to the simulated time last published, then runs it on.
 * Loaded only with --redis (a dynamic import), so a server without it loads neither ioredis nor the adapter.
 */

/** How a process joins the cluster. */
export interface ClusterOptions {
  /** redis:// or rediss:// URL. */
  url: string;
  /** LineTwin's version, kept with each session (another version's engine may not replay it exactly). */
  version: string;
  /** Life of an ownership key (ms, default 3000): how long a dead owner's sessions wait to be taken over. */
  ttlMs?: number | undefined;
  warn: (text: string) => void;
  info: (text: string) => void;
}

/** A process of the cluster, before and after the live server starts. */
export interface Cluster extends ClusterLink {
  /** This process's name in Redis (host:pid:random). */
  readonly node: string;
  /** Session ids: the default session is `main` on every process, other ids carry this process's number. */
  readonly ids: SessionIds;
  /**
   * Takes the registry's sessions in: the default session runs here only if no live process runs it already (and
   * comes back from Redis if a dead process ran it); sessions created from now on are owned and kept here.
   */
  adopt(registry: SessionRegistry): Promise<void>;
}

/** Default life of an ownership key, ms. */
export const DEFAULT_OWNER_TTL_MS = 3000;
/** Id of the cluster's default session. */
const CLUSTER_DEFAULT_ID = 'main';
/** How long a request waits for another process's answer (ms): the adapter's request timeout. */
const REQUEST_TIMEOUT_MS = 3000;
/** Server-side event that carries an OwnerRequest. */
const OWNER_EVENT = 'twin:owner';

const KEY = {
  owner: (id: string) => `twin:owner:${id}`,
  header: (id: string) => `twin:session:${id}`,
  journal: (id: string) => `twin:journal:${id}`,
  index: 'twin:sessions',
  nodes: 'twin:nodes',
};

// renew or give up an ownership key only while it is still ours
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A session in the index: its info as last published (with the simulated time reached) and its owner. */
interface IndexEntry {
  info: SessionInfo;
  node: string;
  /** False for a session a feature runs with a timer (a training class): its replay needs the feature's journal. */
  replayable: boolean;
  /** Wall clock (ms) of the publication. */
  at: number;
}

/** Joins the cluster at `options.url`. */
export async function connectCluster(options: ClusterOptions): Promise<Cluster> {
  const { warn } = options;
  const checked = checkRedisUrl(options.url);
  if ('error' in checked) throw new RedisUnavailableError(`--redis: ${checked.error}`);
  const url = checked.url;
  const ttl = options.ttlMs ?? DEFAULT_OWNER_TTL_MS;
  // commands give up after two retries rather than hold a pacing tick while Redis is away
  const redis = await connectRedis(url, () => {}, { maxRetriesPerRequest: 2 });
  const sub = redis.duplicate();
  let down = false; // told once per outage
  for (const client of [redis, sub]) {
    client.on('error', (e: Error) => {
      if (!down) warn(`Redis at ${redactRedisUrl(url)}: ${e.message}; retrying`);
      down = true;
    });
    client.on('ready', () => {
      down = false;
    });
  }
  const nodeNumber = await redis.incr(KEY.nodes);
  const node = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let counter = 0;
  const ids: SessionIds = { defaultId: CLUSTER_DEFAULT_ID, next: () => `s${nodeNumber}-${++counter}` };

  let registry: SessionRegistry | null = null;
  let io: Server | null = null;
  let runHere: OwnerRunner = () => null;
  const owned = new Map<string, Session>(); // sessions this process runs and keeps in Redis
  const starts = new Map<string, SessionStart>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let beating = false;
  let closed = false;

  const entryOf = (s: Session): string =>
    encodeJson({ info: s.info(), node, replayable: s.timer === null && !s.codeOnly, at: Date.now() } satisfies IndexEntry);

  const headerOf = (s: Session, start: SessionStart): SessionHeader =>
    sessionHeader(s, start, s.id === CLUSTER_DEFAULT_ID, options.version);

  /** Runs `s` here from now on: its commands go to its journal as they are applied. */
  const own = (s: Session): void => {
    owned.set(s.id, s);
    s.onCommand((command, t) => {
      if (owned.get(s.id) !== s) return;
      const entry: JournalEntry = { op: 'session', command };
      void redis.rpush(KEY.journal(s.id), encodeJson({ t, at: Date.now(), entry })).catch(() => {});
    });
  };

  /** Keeps a session created here: its header, an empty journal, its entry in the index. */
  const keepNew = async (s: Session, start: SessionStart): Promise<void> => {
    await redis
      .multi()
      .set(KEY.owner(s.id), node, 'PX', ttl)
      .set(KEY.header(s.id), encodeJson(headerOf(s, start)))
      .del(KEY.journal(s.id))
      .hset(KEY.index, s.id, entryOf(s))
      .exec();
  };

  const forget = async (id: string): Promise<void> => {
    await redis.multi().del(KEY.owner(id), KEY.header(id), KEY.journal(id)).hdel(KEY.index, id).exec();
  };

  /** Rebuilds session `id` from Redis (this process holds its ownership key); null when it cannot come back. */
  const rebuild = async (id: string): Promise<Session | null> => {
    const [header, journal, entry] = await Promise.all([
      redis.get(KEY.header(id)),
      redis.lrange(KEY.journal(id), 0, -1),
      redis.hget(KEY.index, id),
    ]);
    const indexed = entry ? decodeJson<IndexEntry>(entry) : null;
    if (header === null || indexed === null) {
      await forget(id);
      return null;
    }
    if (!indexed.replayable) {
      warn(`session ${id} (${indexed.info.scene}) is a training class or story: it is not taken over, and is dropped`);
      await forget(id);
      return null;
    }
    const h = decodeJson<SessionHeader>(header);
    if (h.version !== options.version)
      warn(`session ${id} was kept by LineTwin ${h.version}; this is ${options.version}: it may not come back exactly`);
    const stored: StoredSession = {
      ...h,
      createdAt: '',
      savedAt: new Date(indexed.at).toISOString(),
      simTime: indexed.info.simTime,
      journal: journal.map((text) => decodeJson<StoredSession['journal'][number]>(text)),
    };
    const begin = performance.now();
    let session: Session;
    try {
      session = rebuildSession(stored, () => null);
    } catch (e) {
      warn(`session ${id} (${h.sceneKey}) could not be rebuilt and is dropped: ${(e as Error).message}`);
      await forget(id);
      return null;
    }
    options.info(
      `took over session ${id} (${h.sceneKey}) at simulated time ${session.sim.now} s, rebuilt in ${Math.round(performance.now() - begin)} ms`,
    );
    return session;
  };

  /** Claims a session whose owner is gone and runs it here. */
  const takeOver = async (id: string): Promise<void> => {
    if (!registry || closed) return;
    if ((await redis.set(KEY.owner(id), node, 'PX', ttl, 'NX')) !== 'OK') return;
    const session = await rebuild(id);
    if (!session || closed) return;
    await resnapshot(session); // before it runs here: its viewers' next frames follow their snapshot
    registry.adopt(session);
    own(session);
    await redis.hset(KEY.index, id, entryOf(session));
  };

  /**
   * A session taken over runs on from the simulated time last published, a little before what its viewers saw: every
   * viewer still in its room, on any process, gets a fresh snapshot, and they are its viewers now.
   */
  const resnapshot = async (session: Session): Promise<void> => {
    if (!io) return;
    let peers;
    try {
      peers = await io.in(session.id).fetchSockets();
    } catch (e) {
      // a process that does not answer: its viewers go on from the next frames, without a snapshot
      warn(`session ${session.id}: its viewers could not all be sent a snapshot: ${(e as Error).message}`);
      peers = await io.local.in(session.id).fetchSockets();
    }
    session.viewers = peers.length;
    const snapshot = session.snapshot('viewer');
    for (const peer of peers) peer.emit('sim:snapshot', { ...snapshot, role: (peer.data as { role?: string }).role ?? 'viewer' });
  };

  const index = async (): Promise<Map<string, IndexEntry>> => {
    const all = await redis.hgetall(KEY.index);
    return new Map(Object.entries(all).map(([id, text]) => [id, decodeJson<IndexEntry>(text)]));
  };

  /** Renews this process's keys and publishes its sessions; then takes over the sessions nobody runs. */
  const heartbeat = async (): Promise<void> => {
    if (beating || closed || !registry) return;
    beating = true;
    try {
      const mine = [...owned.values()];
      const batch = redis.multi();
      for (const s of mine) batch.eval(RENEW, 1, KEY.owner(s.id), node, ttl).hset(KEY.index, s.id, entryOf(s));
      const results = mine.length ? ((await batch.exec()) ?? []) : [];
      for (const [i, s] of mine.entries()) {
        if (results[2 * i]?.[1] !== 0) continue;
        // not renewed in time (this process stalled past the TTL): keep it if nobody claimed it meanwhile
        if ((await redis.set(KEY.owner(s.id), node, 'PX', ttl, 'NX')) === 'OK') continue;
        // another process claimed it: it runs there now, not here too
        owned.delete(s.id);
        registry.drop(s.id);
        warn(`session ${s.id} is run by another process now (this one did not renew it in time)`);
      }
      const sessions = await index();
      const orphans = [...sessions.keys()].filter((id) => !owned.has(id));
      if (orphans.length === 0) return;
      const batch2 = redis.multi();
      for (const id of orphans) batch2.exists(KEY.owner(id));
      const alive = (await batch2.exec()) ?? [];
      for (const [i, id] of orphans.entries()) {
        if (alive[i]?.[1] !== 0) continue;
        try {
          await takeOver(id);
        } catch (e) {
          warn(`taking session ${id} over: ${(e as Error).message}`);
        }
      }
    } catch (e) {
      if (!closed && !down) warn(`cluster heartbeat: ${(e as Error).message}`);
    } finally {
      beating = false;
    }
  };

  /** Is `name` (an id or a join code) a session of the cluster, running or waiting to be taken over? */
  const known = async (name: string): Promise<boolean> => {
    if (await redis.hexists(KEY.index, name)) return true;
    const code = name.toUpperCase();
    for (const e of (await index()).values()) if (e.info.code === code) return true;
    return false;
  };

  const remote: RemoteSessions = {
    async list() {
      try {
        return [...(await index()).values()].map((e) => e.info);
      } catch (e) {
        warn(`cluster session list: ${(e as Error).message}`);
        return [];
      }
    },
    async call(request: OwnerRequest): Promise<OwnerAnswer> {
      // a session being taken over (its owner died) answers once the new owner runs it: joins and controls wait
      const deadline = Date.now() + (request.event === 'session:leave' ? 0 : ttl + 4000);
      for (;;) {
        const here = runHere(request); // taken over by this process while waiting
        if (here) return here;
        let answers: Array<OwnerAnswer | null> = [];
        try {
          answers = io ? ((await io.serverSideEmitWithAck(OWNER_EVENT, request)) as Array<OwnerAnswer | null>) : [];
        } catch (e) {
          warn(`a process did not answer in time: ${(e as Error).message}`);
        }
        const answer = answers.find((a) => a !== null);
        if (answer) return answer;
        const waiting = Date.now() < deadline && (await known(request.session).catch(() => false));
        if (!waiting)
          return { ok: false, error: request.event === 'session:join' ? `no session "${request.session}"` : 'join a session first' };
        void heartbeat(); // claim it now if its key expired
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };

  const cluster: Cluster = {
    node,
    ids,
    async adopt(reg) {
      registry = reg;
      let starting = true;
      reg.watch({
        created(s, start) {
          starts.set(s.id, start);
          if (starting) return;
          own(s);
          void keepNew(s, start).catch((e: Error) => warn(`session ${s.id} is not kept in Redis: ${e.message}`));
        },
        closed(id) {
          owned.delete(id);
          starts.delete(id);
          void forget(id).catch(() => {});
        },
      });
      starting = false;
      const local = reg.get(CLUSTER_DEFAULT_ID);
      if (!local) return;
      const joined = `Redis at ${redactRedisUrl(url)}: process ${nodeNumber} of the cluster`;
      if ((await redis.set(KEY.owner(CLUSTER_DEFAULT_ID), node, 'PX', ttl, 'NX')) !== 'OK') {
        reg.drop(CLUSTER_DEFAULT_ID); // another process runs it: its viewers here watch that one
        options.info(`${joined}; the default session runs on another process`);
        return;
      }
      options.info(`${joined}; the default session runs here`);
      const kept = (await redis.exists(KEY.header(CLUSTER_DEFAULT_ID))) ? await rebuild(CLUSTER_DEFAULT_ID) : null;
      if (kept) {
        reg.adopt(kept);
        own(kept);
        await redis.hset(KEY.index, kept.id, entryOf(kept));
      } else {
        own(local);
        await keepNew(local, starts.get(CLUSTER_DEFAULT_ID) ?? {});
      }
    },
    attach(server: TwinServer, run: OwnerRunner) {
      io = server;
      runHere = run;
      io.adapter(createAdapter(redis, sub, { key: 'twin#io', requestsTimeout: REQUEST_TIMEOUT_MS }));
      io.on(OWNER_EVENT, (request: OwnerRequest, reply: (answer: OwnerAnswer | null) => void) => reply(run(request)));
      return remote;
    },
    start() {
      timer ??= setInterval(() => void heartbeat(), Math.max(100, Math.floor(ttl / 3)));
    },
    async handOver() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      // hand over: publish the simulated time reached and give the keys up, so another process takes over at once
      try {
        const batch = redis.multi();
        for (const s of owned.values()) batch.hset(KEY.index, s.id, entryOf(s)).eval(RELEASE, 1, KEY.owner(s.id), node);
        if (owned.size) await batch.exec();
      } catch (e) {
        warn(`handing the sessions over: ${(e as Error).message}`);
      }
      owned.clear();
    },
    async close() {
      await cluster.handOver();
      await Promise.allSettled([redis.quit(), sub.quit()]);
    },
  };
  return cluster;
}
