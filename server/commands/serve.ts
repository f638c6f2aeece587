import { existsSync } from 'node:fs';
import { createExperimentsFeature } from '../experiments/feature.ts';
import { startLiveServer, type RunningServer } from '../live/server.ts';
import { resolveOperatorToken } from '../live/auth.ts';
import type { TrafficLimits } from '../live/traffic.ts';
import { loadScene, type Scene } from '../scene/index.ts';
import { loadSceneCatalog, sceneKey, withSavedScenes } from '../scene/catalog.ts';
import { createOpcuaFeature } from '../connect/opcua/feature.ts';
import { createEditorFeature } from '../editor/feature.ts';
import { defaultSavedScenesDir, loadSavedScenes } from '../editor/savedScenes.ts';
import { applyModelPolicy, policedCatalog, type ModelPolicy } from '../scene/models.ts';
import { createRegistry, type SessionRegistry } from '../session/registry.ts';
import { createSessionPersistence, type SessionPersistence } from '../session/persist.ts';
import type { FeatureFactory } from '../session/feature.ts';
import { defaultSessionsPath, openSessionStore } from '../storage/sessions.ts';
import { LINETWIN_VERSION } from '../experiments/version.ts';
import { loadTrainingCatalog } from '../training/catalog.ts';
import { createTrainingFeature } from '../training/feature.ts';
import { DatabaseError, defaultDbPath, openDatabase } from '../storage/db.ts';
import { createRunsRepository } from '../storage/runs.ts';
import type { Cluster } from '../live/cluster.ts';
import { appNeedsBuild, buildApp } from './buildApp.ts';
import { InputError } from './inputError.ts';
import { RedisUnavailableError, redactRedisUrl } from '../storage/redis.ts';
import { maxExperimentJobs, maxTraineesPerAddress } from './limits.ts';
import { planMirrors } from '../mirror/start.ts';
import { createForkFeature } from '../mirror/feature.ts';
import { PlantLogError } from '../plantlog/read.ts';

/**
 * The composition root of the live twin: it loads the scenes, creates the sessions, and plugs the features
 * (training, experiments) into the transport. Nothing else knows all three.
 */

/** What a twin server is made of. */
export interface TwinOptions {
  port: number;
  host: string;
  /** The scene of the default session. */
  sceneFile: string;
  /** The folder of the scenes operators may open, with its `scenarios/`, `stories/` and `experiments/`. */
  scenesDir?: string | undefined;
  /** The folder scenes saved from the editor go to (default: `$TWIN_DATA_DIR/scenes`, else data/scenes); created on the first save. */
  savedScenesDir?: string | undefined;
  /** Worker threads of the editor's quick estimates (default: one per core but one, at most five). */
  estimateWorkers?: number | undefined;
  operatorToken: string;
  staticDir?: string | undefined;
  seed?: number | undefined;
  speed?: number | 'max' | undefined;
  allowOrigins?: string[] | undefined;
  /** Hosts scenes may name https glTF models on (`--allow-model-host`); other remote models are refused. */
  allowModelHosts?: string[] | undefined;
  /** Rate and connection limits of the live server (its defaults for what is not given). */
  limits?: Partial<TrafficLimits> | undefined;
  tickMs?: number | undefined;
  /** SQLite file of the experiment history (default: `$TWIN_DATA_DIR/linetwin.db`, else data/linetwin.db). */
  historyDb?: string | undefined;
  /** Worker threads per experiment (default: `TWIN_EXPERIMENT_WORKERS`, else one per core but one). */
  experimentWorkers?: number | undefined;
  /** Most jobs one experiment may have (default: `TWIN_MAX_JOBS`, else DEFAULT_MAX_JOBS). */
  maxExperimentJobs?: number | undefined;
  /** SQLite file the sessions are kept in and restored from at start; omitted, sessions live in memory only. */
  sessionsDb?: string | undefined;
  /** Most trainees of one class from one network address (default: `TWIN_MAX_TRAINEES_PER_ADDRESS`, else 8). */
  maxTraineesPerAddress?: number | undefined;
  /** Forget the sessions stored there instead of restoring them. */
  freshSessions?: boolean | undefined;
  /** Wall time (ms) between saves of each session's simulated time (default 2000): what a crash loses at most. */
  saveEveryMs?: number | undefined;
  /** `--opcua`: the OPC UA server's port; omitted, no OPC UA server (and node-opcua is never loaded). */
  opcuaPort?: number | undefined;
  warn?: ((text: string) => void) | undefined;
  /** What the server reports besides warnings (sessions restored). */
  info?: ((text: string) => void) | undefined;
  /** Publish the sessions over MQTT: `true` to an embedded broker, a URL to an existing one (docs/mqtt.md). */
  mqtt?: boolean | string | undefined;
  /** Port of the embedded MQTT broker (default 1883; 0 = any free port). */
  mqttPort?: number | undefined;
  /** `--mirror`: the default session replays this plant event log (docs/plant.md, "Mirroring a line"). */
  mirror?: string | undefined;
  /** `--mirror-mqtt`: a session mirrors MQTT events under this topic prefix (true: linetwin-in/<scene>); implies mqtt. */
  mirrorMqtt?: string | true | undefined;
  /**
   * `--redis URL`: one of several processes sharing their sessions through Redis (docs/scale-live.md), and
   * experiments run on the queue's `twin worker`s (docs/scale.md); sessions are kept in Redis, not in `sessionsDb`. Omitted, nothing of Redis is loaded.
   */
  redis?: string | undefined;
  /** Life of a session's ownership key in Redis (ms; default 3000): how long a dead process's sessions wait. */
  redisOwnerTtlMs?: number | undefined;
}

/** Worker threads per experiment from `TWIN_EXPERIMENT_WORKERS`, if set. */
function workersFromEnv(): number | undefined {
  const n = Number(process.env['TWIN_EXPERIMENT_WORKERS']);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/**
 * Opens the experiment history once at start, if there is one: runs left `running` by a process that is gone are
 * marked interrupted, and a database LineTwin cannot use is reported now (the server runs on without history; the
 * Experiments view gets the same message when it asks).
 */
function checkHistory(path: string, warn: (text: string) => void): void {
  if (!existsSync(path)) return;
  try {
    const db = openDatabase(path);
    try {
      createRunsRepository(db);
    } finally {
      db.close();
    }
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    warn(`experiment history unavailable: ${error.message}`);
  }
}

/** Opens the session store for `registry`; null (with a warning) when it cannot be used or another server holds it. */
function keepSessions(options: TwinOptions, registry: SessionRegistry, warn: (text: string) => void): SessionPersistence | null {
  if (options.sessionsDb === undefined) return null;
  let store;
  try {
    store = openSessionStore(options.sessionsDb);
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    warn(`sessions are not kept: ${error.message}`);
    return null;
  }
  const holder = store.claim();
  if (holder) {
    store.close();
    warn(
      `sessions are not kept: ${options.sessionsDb} belongs to another twin serve (process ${holder.pid} on ${holder.host}); ` +
        'give this server its own TWIN_DATA_DIR, or start it with --no-persist',
    );
    return null;
  }
  return createSessionPersistence({
    store,
    registry,
    version: LINETWIN_VERSION,
    warn,
    saveEveryMs: options.saveEveryMs,
    fresh: options.freshSessions,
  });
}

/** The last feature of a server that keeps its sessions: it restores them once the other features can set theirs up. */
function restoredSessions(persistence: SessionPersistence, path: string, info: (text: string) => void): FeatureFactory {
  return () => {
    const { restored } = persistence.restore();
    const ms = restored.reduce((sum, r) => sum + r.ms, 0);
    const what = restored.map((r) => `${r.id} (${r.sceneKey})`).join(', ');
    info(`sessions are kept in ${path}` + (restored.length ? `; restored in ${Math.round(ms)} ms: ${what}` : ''));
    return { connect: () => {}, close: () => Promise.resolve(persistence.close()) };
  };
}

/** Starts a complete twin server: the default session, the scene catalog, training and experiments. */
export async function startTwin(options: TwinOptions): Promise<RunningServer> {
  const warn = options.warn ?? ((text: string) => process.stderr.write(`warning: ${text}\n`));
  const scenesDir = options.scenesDir ?? 'scenes';
  // models only from the scenes folder or allowed hosts: the default scene stops the start, a catalog scene is left out
  const models: ModelPolicy = { scenesDir, allowHosts: options.allowModelHosts ?? [] };
  const scene = applyModelPolicy(await loadScene(options.sceneFile), models);
  const catalog = policedCatalog(await loadSceneCatalog(scenesDir, [options.sceneFile], warn), models, warn);
  const training = await loadTrainingCatalog(scenesDir, warn);
  const bundledKeys = new Set(catalog.list().map((s) => s.key.toLowerCase()));
  const serveScene = (edited: Scene): Scene => applyModelPolicy(edited, models);
  const saved = await loadSavedScenes(options.savedScenesDir ?? defaultSavedScenesDir(), {
    isBundled: (key) => bundledKeys.has(key.toLowerCase()),
    serveScene,
    warn,
  });
  const historyDb = options.historyDb ?? defaultDbPath();
  checkHistory(historyDb, warn);
  // imported only with --redis: a server without it loads neither ioredis nor the Socket.IO Redis adapter
  const cluster = options.redis
    ? await (
        await import('../live/cluster.ts')
      ).connectCluster({
        url: options.redis,
        version: LINETWIN_VERSION,
        ttlMs: options.redisOwnerTtlMs,
        warn,
        info: options.info ?? (() => {}),
      })
    : null;
  try {
    return await startTwinWith(options, { scene, scenesDir, models, catalog, training, saved, serveScene, historyDb, warn, cluster });
  } catch (error) {
    await cluster?.close();
    throw error;
  }
}

/** What startTwin loaded before it starts the server. */
interface Loaded {
  scene: Scene;
  scenesDir: string;
  models: ModelPolicy;
  catalog: Awaited<ReturnType<typeof loadSceneCatalog>>;
  training: Awaited<ReturnType<typeof loadTrainingCatalog>>;
  saved: Awaited<ReturnType<typeof loadSavedScenes>>;
  serveScene: (edited: Scene) => Scene;
  historyDb: string;
  warn: (text: string) => void;
  cluster: Cluster | null;
}

async function startTwinWith(options: TwinOptions, loaded: Loaded): Promise<RunningServer> {
  const { scene, scenesDir, models, catalog, training, saved, serveScene, historyDb, warn, cluster } = loaded;
  const key = sceneKey(options.sceneFile);
  const mirrors = await planMirrors(scene, key, { log: options.mirror, mqtt: options.mirrorMqtt });
  const [first, ...others] = mirrors.sessions;
  // A mirror is the default session when there is one; else the scene's simulation, opening at the end of its warm-up
  // so a newcomer's first screen shows a working line.
  const speedOf = (engine: { fixedPace?: string | undefined }): number | 'max' | undefined => (engine.fixedPace ? 1 : options.speed);
  const registry = first
    ? createRegistry(key, first.scene, { engine: first.engine, seed: options.seed, speed: speedOf(first.engine) }, cluster?.ids)
    : createRegistry(key, scene, { seed: options.seed, speed: options.speed, start: scene.run.warmup }, cluster?.ids);
  // in a cluster the default session runs on one process (the first to claim it); the others' viewers watch it there
  await cluster?.adopt(registry);
  const maxJobs = maxExperimentJobs(options.maxExperimentJobs); // a bad TWIN_MAX_JOBS stops the start, not a launch
  const traineesPerAddress = maxTraineesPerAddress(options.maxTraineesPerAddress);
  // imported only with --mqtt: a server without it loads neither mqtt.js nor aedes; started before the session
  // store is claimed, so a broker that cannot be reached leaves nothing open
  const mqttUrl = options.mqtt ?? (options.mirrorMqtt !== undefined ? true : undefined); // a live mirror needs a broker
  const mqtt = mqttUrl
    ? await (
        await import('../connect/mqtt/feature.ts')
      ).startMqtt({
        url: typeof mqttUrl === 'string' ? mqttUrl : undefined,
        port: options.mqttPort ?? 1883,
        host: options.host,
        warn,
      })
    : null;
  if (mqtt && mirrors.live) {
    const { startMqttFeed } = await import('../mirror/mqttFeed.ts');
    try {
      await startMqttFeed(mqtt, mirrors.live.prefix, mirrors.live.mirror, warn);
    } catch (error) {
      await mqtt.close();
      throw error;
    }
  }
  // imported only with --redis: a server without it loads neither bullmq nor ioredis; an unreachable Redis stops the start
  const queue = options.redis
    ? await (await import('../experiments/queueExecutor.ts')).createQueueExecutor(options.redis, warn).catch(async (error: unknown) => {
        await mqtt?.close();
        throw error;
      })
    : undefined;
  if (queue) options.info?.(`experiments: on the Redis queue at ${redactRedisUrl(options.redis!)} (twin worker --redis takes them)`);
  const persistence = cluster ? null : keepSessions(options, registry, warn); // a cluster keeps its sessions in Redis
  // Bundled and saved scenes: the picker, sessions and the editor all list both.
  const scenes = withSavedScenes(catalog, saved);
  const features: FeatureFactory[] = [
    (host) =>
      createForkFeature(
        host,
        cluster ? 'fork what-if is not available with --redis: a fork runs in one process and could not be taken over' : null,
      ),
    (host) =>
      createTrainingFeature(host, {
        catalog: scenes,
        training,
        sessions: persistence ?? undefined,
        maxTraineesPerAddress: traineesPerAddress,
      }),
    (host) =>
      createExperimentsFeature(host, {
        catalog,
        workers: options.experimentWorkers ?? workersFromEnv(),
        dbPath: historyDb,
        maxJobs,
        serveScene: (variant) => applyModelPolicy(variant, models),
        queue,
      }),
    (host) =>
      createEditorFeature(host, {
        catalog: scenes,
        saved,
        serveScene,
        workers: options.estimateWorkers,
      }),
  ];
  if (mqtt) {
    features.push(mqtt.feature);
    options.info?.(`MQTT: publishing to ${mqtt.url}${mqtt.embedded ? ' (embedded broker)' : ''}`);
  }
  if (options.opcuaPort !== undefined) {
    const opcua = { port: options.opcuaPort, host: options.host, info: options.info ?? (() => {}), warn };
    features.push((host) => createOpcuaFeature(host, opcua));
  }
  if (persistence) features.push(restoredSessions(persistence, options.sessionsDb!, options.info ?? (() => {})));
  // the mirrors besides the default session come after the restored sessions, so their ids never clash
  features.push(() => {
    for (const m of others) registry.create(key, m.scene, { engine: m.engine, seed: options.seed, speed: speedOf(m.engine) });
    for (const s of registry.all()) {
      const m = s.info().mirror;
      if (m)
        options.info?.(`mirror: session ${s.id} ${m.source === 'replay' ? `replays ${m.name}` : `follows MQTT ${m.name}/<station>/event`}`);
    }
    return { connect: () => {} };
  });
  const server = startLiveServer({
    port: options.port,
    host: options.host,
    operatorToken: options.operatorToken,
    registry,
    catalog: scenes,
    staticDir: options.staticDir,
    allowOrigins: options.allowOrigins,
    sceneAssetsDir: scenesDir,
    modelHosts: models.allowHosts,
    limits: options.limits,
    tickMs: options.tickMs,
    warn,
    features,
    cluster: cluster ?? undefined,
  });
  // a server that never listened (port in use) gives the session store up at once
  return server.catch(async (error: unknown) => {
    persistence?.close();
    await mqtt?.close();
    await queue?.close();
    throw error;
  });
}

/** OPC UA's registered port. */
export const OPCUA_DEFAULT_PORT = 4840;

/** Flags of `twin serve`. */
export interface ServeFlags {
  scene: string;
  port: number;
  host: string;
  seed?: number;
  speed?: number | 'max';
  build: boolean;
  allowOrigin: string[];
  /** --allow-model-host: hosts scenes may load https glTF models from. */
  allowModelHost: string[];
  /** --max-connections-per-address (default DEFAULT_TRAFFIC_LIMITS.connectionsPerAddress, 32). */
  maxConnectionsPerAddress: number;
  /** false with --no-persist: sessions live in memory only. */
  persist: boolean;
  /** --fresh: forget the stored sessions. */
  fresh?: boolean;
  /** --saved-scenes: the folder scenes saved from the editor go to. */
  savedScenes?: string;
  /** --mqtt [url]: true for the embedded broker, else the broker's URL. */
  mqtt?: boolean | string;
  /** --mqtt-port: port of the embedded broker. */
  mqttPort?: number;
  /** --opcua [port]: also serve OPC UA (true = the default port 4840). */
  opcua?: number | true;
  /** --mirror <log>: the default session replays a plant event log. */
  mirror?: string;
  /** --mirror-mqtt [prefix]: a session mirrors MQTT events (true = linetwin-in/<scene>). */
  mirrorMqtt?: string | true;
  /** --redis URL: one of several processes sharing their sessions through Redis, experiments on its queue. */
  redis?: string;
}

/** `twin serve`: the live server. Resolves when it is stopped (Ctrl-C / SIGTERM). */
export async function serveCommand(flags: ServeFlags, print: (text: string) => void): Promise<void> {
  const resolved = resolveOperatorToken(process.env.TWIN_OPERATOR_TOKEN);
  if ('weak' in resolved)
    throw new InputError(`TWIN_OPERATOR_TOKEN is too weak: ${resolved.weak} (or unset it, and a strong token is generated and printed)`);
  const { token, generated } = resolved;
  if (flags.build && appNeedsBuild()) {
    print('building the browser app (first start, or sources changed)...');
    await buildApp();
  }
  if (flags.redis && (flags.mirror !== undefined || flags.mirrorMqtt !== undefined))
    throw new InputError('--mirror and --mirror-mqtt run in one process: start the mirroring server without --redis');
  let server;
  try {
    server = await startTwin({
      port: flags.port,
      host: flags.host,
      sceneFile: flags.scene,
      operatorToken: token,
      staticDir: 'dist',
      seed: flags.seed,
      speed: flags.speed,
      allowOrigins: flags.allowOrigin,
      allowModelHosts: flags.allowModelHost,
      limits: { connectionsPerAddress: flags.maxConnectionsPerAddress },
      sessionsDb: flags.persist && !flags.redis ? defaultSessionsPath() : undefined,
      redis: flags.redis,
      freshSessions: flags.fresh,
      savedScenesDir: flags.savedScenes,
      mqtt: flags.mqtt,
      mqttPort: flags.mqttPort,
      opcuaPort: flags.opcua === true ? OPCUA_DEFAULT_PORT : flags.opcua,
      mirror: flags.mirror,
      mirrorMqtt: flags.mirrorMqtt,
      info: print,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof PlantLogError) throw new InputError(`--mirror: ${e.message}`);
    if ((e as { mqtt?: unknown }).mqtt) throw new InputError(err.message);
    if (e instanceof RedisUnavailableError) throw new InputError(err.message);
    if (err.code === 'EADDRINUSE') throw new InputError(`port ${flags.port} on ${flags.host} is in use; choose another with --port`);
    if (err.code === 'EACCES') throw new InputError(`no permission to listen on port ${flags.port}; choose one above 1024`);
    throw e;
  }
  print(`LineTwin running "${flags.scene}" at ${server.url}`);
  print(
    generated
      ? `operator token (shown once; set TWIN_OPERATOR_TOKEN to choose your own): ${token}`
      : 'operator token: from TWIN_OPERATOR_TOKEN',
  );
  print('Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      print('stopping...');
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
