import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { Server } from 'socket.io';
import sirv from 'sirv';
import { PROTOCOL_VERSION } from '../protocol/events.ts';
import type { SceneCatalog } from '../scene/catalog.ts';
import type { Feature, FeatureFactory, FeatureHost } from '../session/feature.ts';
import type { SessionRegistry } from '../session/registry.ts';
import type { Session } from '../session/session.ts';
import { SCENE_ASSETS_ROUTE } from '../scene/models.ts';
import { setSecurityHeaders } from './headers.ts';
import { createHostCheck } from './hostCheck.ts';
import { serveSceneAsset } from './sceneAssets.ts';
import { createSignIn, DEFAULT_SIGN_IN_LIMITS, type SignIn, type SignInLimits } from './signIn.ts';
import { createConnection } from './connection.ts';
import type { TwinServer } from './gate.ts';
import type { ClusterLink } from './clusterLink.ts';
import { createSessionControls, createSessionOps } from './handlers.ts';
import { createTickListeners, startPacing, type TickListeners } from './pacing.ts';
import { createTrafficControl, DEFAULT_TRAFFIC_LIMITS, remoteAddress, type EngineConnection, type TrafficLimits } from './traffic.ts';

/**
 * The live twin's transport: one HTTP port serving the built browser app and Socket.IO, the handshake (protocol
 * version, operator token, origin), the session controls, the features the composition root plugs in, and the
 * pacing loop. It knows sessions only through the registry it is given.
 */

export interface LiveServerOptions {
  port: number;
  host: string;
  operatorToken: string;
  /** The sessions to serve; its default session is what a bare URL shows. */
  registry: SessionRegistry;
  /** The scenes operators may open sessions of. */
  catalog: SceneCatalog;
  /** Features besides the session controls (training, experiments), created once the host exists. */
  features?: FeatureFactory[];
  /** Folder of the built app; omitted or missing means Socket.IO only. */
  staticDir?: string | undefined;
  /** The scenes folder, whose model files are served under SCENE_ASSETS_ROUTE; omitted, none are. */
  sceneAssetsDir?: string | undefined;
  /** Hosts scenes may load https glTF models from (allowed in the Content-Security-Policy). */
  modelHosts?: readonly string[] | undefined;
  /** Extra origins allowed to connect (a page served from elsewhere); the server's own origin always is. */
  allowOrigins?: string[] | undefined;
  /** Rate and connection limits (DEFAULT_TRAFFIC_LIMITS for what is not given). */
  limits?: Partial<TrafficLimits> | undefined;
  /** Wrong operator tokens an address may send, and its lockout (DEFAULT_SIGN_IN_LIMITS for what is not given). */
  signInLimits?: Partial<SignInLimits> | undefined;
  /** Frame interval in ms (50 = 20 frames per second). */
  tickMs?: number | undefined;
  warn?: ((text: string) => void) | undefined;
  /**
   * `twin serve --redis`: this process is one of several behind one address (docs/scale-live.md). The server takes
   * WebSocket connections only (no long-polling, so no sticky sessions are needed) and no connection-state recovery.
   */
  cluster?: ClusterLink | undefined;
}

export interface RunningServer {
  url: string;
  port: number;
  registry: SessionRegistry;
  io: TwinServer;
  close(): Promise<void>;
}

/** Largest message a client may send (bytes): control messages are tiny; anything bigger is refused. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

function createHost(io: TwinServer, registry: SessionRegistry, signIn: SignIn, ticks: TickListeners): FeatureHost {
  return {
    registry,
    operatorSignIn: (address, token) => signIn.attempt(address, token),
    onTick: (listener) => ticks.add(listener),
    announce(session: Session) {
      io.to(session.id).emit('session:info', session.info());
      const log = session.takeLog();
      if (log.length) io.to(session.id).emit('sim:log', log);
    },
    resnapshot(session: Session) {
      const snapshot = session.snapshot('viewer');
      void io
        .in(session.id)
        .fetchSockets()
        .then((peers) => {
          for (const peer of peers) peer.emit('sim:snapshot', { ...snapshot, role: peer.data.role });
        });
    },
    broadcast: (room, event, ...args) => {
      io.to(room).emit(event, ...args);
    },
    clearRoom: (room) => {
      io.in(room).socketsLeave(room);
    },
  };
}

/** Starts the server; resolves once it listens. */
export async function startLiveServer(options: LiveServerOptions): Promise<RunningServer> {
  const warn = options.warn ?? ((text: string) => process.stderr.write(`warning: ${text}\n`));
  const { registry } = options;
  const allow = options.allowOrigins ?? [];
  const traffic = createTrafficControl({ ...DEFAULT_TRAFFIC_LIMITS, ...options.limits });
  const signIn = createSignIn(options.operatorToken, warn, { ...DEFAULT_SIGN_IN_LIMITS, ...options.signInLimits });
  let listeningPort = options.port;
  const hostCheck = createHostCheck({ host: options.host, port: () => listeningPort, allowOrigins: allow });
  const handshakeNotices = new WeakMap<object, string>(); // socket -> why its token was not accepted, told once connected

  const serveStatic =
    options.staticDir && existsSync(options.staticDir) ? sirv(options.staticDir, { single: true, etag: true, gzip: true }) : null;
  const http = createServer((req, res) => {
    const refused = hostCheck.refuse(req);
    // the Host header passed the check (or the request is refused and its page gets no script to run anyway)
    setSecurityHeaders(res, (req.headers.host ?? '').replace(/[^\w.:[\]-]/g, ''), options.modelHosts ?? []);
    if (refused) {
      // 421 Misdirected Request: this server does not answer to that name (DNS rebinding), or not to that page
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(`LineTwin refuses ${refused}; open the address the server printed at start\n`);
    }
    const url = req.url ?? '/';
    if (options.sceneAssetsDir && url.startsWith(SCENE_ASSETS_ROUTE))
      return serveSceneAsset(options.sceneAssetsDir, url.slice(SCENE_ASSETS_ROUTE.length), req, res);
    if (serveStatic)
      return serveStatic(req, res, () => {
        res.statusCode = 404;
        res.end('not found');
      });
    res.statusCode = 404;
    res.end('LineTwin server: the browser app is not built (run npm run build)');
  });

  const io: TwinServer = new Server(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // same-origin by default: no CORS headers unless an origin is allowed explicitly
    ...(allow.length ? { cors: { origin: allow } } : {}),
    allowRequest: (req, callback) => {
      const refused = hostCheck.refuse(req) ?? traffic.refuse(req);
      callback(refused, refused === null);
    },
    // one process keeps what a dropped connection missed; a cluster's viewers rejoin (perhaps another process) instead
    ...(options.cluster
      ? { transports: ['websocket' as const] }
      : { connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true } }),
    pingInterval: 10_000,
    pingTimeout: 30_000, // a page frozen while its 3D view compiles shaders in software (SwiftShader: 20 s and more) keeps its socket
  });

  // Socket.IO's own HTTP answers (polling) are not sniffed for another type either
  io.engine.on('headers', (headers: Record<string, string>) => {
    headers['X-Content-Type-Options'] = 'nosniff';
  });
  // every Engine.IO connection is metered from its first packet, before Socket.IO decodes anything
  io.engine.on('connection', (conn: EngineConnection) => traffic.attach(conn));

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { protocol?: unknown; token?: unknown };
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(
        new Error(
          `protocol ${JSON.stringify(auth.protocol) ?? 'undefined'} is not supported: this server speaks ${PROTOCOL_VERSION}; reload the page`,
        ),
      );
    }
    // a wrong or locked-out token still connects, as a viewer (watching needs no token), and is told why
    const result = auth.token === undefined ? null : signIn.attempt(remoteAddress(socket.request), auth.token);
    socket.data.role = result?.ok ? 'operator' : 'viewer';
    if (result && !result.ok) handshakeNotices.set(socket, result.error);
    socket.data.session = null;
    next();
  });

  const ticks = createTickListeners(warn);
  const host = createHost(io, registry, signIn, ticks);
  const ops = createSessionOps(host);
  const remote = options.cluster?.attach(io, ops.forwarded);
  const features: Feature[] = [
    createSessionControls(host, { catalog: options.catalog, signIn, ops, remote }),
    ...(options.features ?? []).map((create) => create(host)),
  ];

  io.on('connection', (socket) => {
    if (socket.recovered && socket.data.session) {
      const s = registry.get(socket.data.session);
      if (s) s.viewers++;
    }
    const meter = traffic.meterOf(socket.conn);
    if (!meter) return void socket.disconnect(true); // cannot happen: the engine saw the connection first
    const connection = createConnection(socket, meter);
    const notice = handshakeNotices.get(socket);
    if (notice !== undefined) {
      socket.emit('server:notice', { level: 'warn', text: `signed in as a viewer: ${notice}` });
    }
    for (const feature of features) feature.connect(connection);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  options.cluster?.start();
  const stopPacing = startPacing(io, registry, { tickMs: options.tickMs ?? 50, warn, ticked: (s) => ticks.tell(s) });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  listeningPort = port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    registry,
    io,
    close: async () => {
      stopPacing();
      await options.cluster?.handOver();
      // this process's connections only: with the Redis adapter a plain disconnectSockets reaches every process's
      io.local.disconnectSockets(true);
      await io.close();
      await options.cluster?.close();
      for (const feature of features) await feature.close?.();
    },
  };
}
