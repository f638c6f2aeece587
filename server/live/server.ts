import { createServer, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { Server } from 'socket.io';
import sirv from 'sirv';
import { loadScene } from '../scene/index.ts';
import { PROTOCOL_VERSION } from '../protocol/events.ts';
import { attachHandlers, type TwinServer } from './handlers.ts';
import { tokenMatches } from './auth.ts';
import { createRegistry, type SessionRegistry } from './registry.ts';
import { loadSceneCatalog, sceneKey } from './sceneCatalog.ts';
import type { Session } from './session.ts';
import { loadTrainingCatalog } from '../training/catalog.ts';
import { createTrainingHub } from '../training/hub.ts';

/**
 * The live twin server: one HTTP port serving the built browser app and Socket.IO. A single timer paces
 * every session (the only wall-clock-driven loop), batching engine changes into at most 20 frames per second
 * per session and KPIs once per second.
 */

export interface ServerOptions {
  port: number;
  host: string;
  sceneFile: string;
  scenesDir?: string;
  operatorToken: string;
  /** Folder of the built app; omitted or missing means Socket.IO only. */
  staticDir?: string;
  seed?: number;
  speed?: number | 'max';
  /** Extra origins allowed to connect (the Vite dev server); the server's own origin always is. */
  allowOrigins?: string[];
  /** Frame interval in ms (50 = 20 frames per second). */
  tickMs?: number;
  warn?: (text: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  registry: SessionRegistry;
  io: TwinServer;
  close(): Promise<void>;
}

/**
 * Frame bytes per second a viewer should receive at most. A session that changes faster sends larger frames
 * less often (its changes merge: only the latest state of a unit is kept), instead of flooding slow links.
 */
export const FRAME_BYTES_PER_SECOND = 5000;

/** Largest message a client may send (bytes): control messages are tiny; anything bigger is refused. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

function originAllowed(req: IncomingMessage, extra: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser (socket.io-client in Node, curl): no cross-site risk
  try {
    const host = new URL(origin).host;
    return host === req.headers.host || extra.includes(origin);
  } catch {
    return false;
  }
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const warn = options.warn ?? ((text: string) => process.stderr.write(`warning: ${text}\n`));
  const scene = await loadScene(options.sceneFile);
  const catalog = await loadSceneCatalog(options.scenesDir ?? 'scenes', [options.sceneFile], warn);
  const trainingCatalog = await loadTrainingCatalog(options.scenesDir ?? 'scenes', warn);
  const registry = createRegistry(sceneKey(options.sceneFile), scene, options.seed, options.speed);
  const allow = options.allowOrigins ?? [];

  const serveStatic = options.staticDir && existsSync(options.staticDir) ? sirv(options.staticDir, { single: true, etag: true, gzip: true }) : null;
  const http = createServer((req, res) => {
    if (serveStatic) return serveStatic(req, res, () => { res.statusCode = 404; res.end('not found'); });
    res.statusCode = 404;
    res.end('LineTwin server: the browser app is not built (run npm run build)');
  });

  const io: TwinServer = new Server(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // same-origin by default: no CORS headers unless an origin is allowed explicitly
    ...(allow.length ? { cors: { origin: allow } } : {}),
    allowRequest: (req, callback) => callback(null, originAllowed(req, allow)),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { protocol?: unknown; token?: unknown };
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(new Error(`protocol ${String(auth.protocol)} is not supported: this server speaks ${PROTOCOL_VERSION}; reload the page`));
    }
    socket.data.role = auth.token !== undefined && tokenMatches(options.operatorToken, auth.token) ? 'operator' : 'viewer';
    socket.data.session = null;
    next();
  });

  const announce = (session: Session): void => {
    io.to(session.id).emit('session:info', session.info());
    const log = session.takeLog();
    if (log.length) io.to(session.id).emit('sim:log', log);
  };

  const training = createTrainingHub({ io, registry, catalog, training: trainingCatalog, announce });

  io.on('connection', (socket) => {
    if (socket.recovered && socket.data.session) {
      const s = registry.get(socket.data.session);
      if (s) s.viewers++;
    }
    attachHandlers(socket, { io, registry, catalog, operatorToken: options.operatorToken, announce, training });
  });

  // The pacing loop: every tick advances every session by the wall time that passed, within a CPU budget.
  const tickMs = options.tickMs ?? 50;
  let last = performance.now();
  let lastKpi = last;
  const nextFrameAt = new Map<string, number>(); // session id -> earliest wall time (ms) of its next frame
  const timer = setInterval(() => {
    const now = performance.now();
    const dt = Math.min(1, (now - last) / 1000); // after a stall, do not try to catch up more than a second
    last = now;
    const sessions = registry.all();
    const budget = Math.max(2, (tickMs * 0.6) / Math.max(1, sessions.length));
    const kpiDue = now - lastKpi >= 1000;
    if (kpiDue) lastKpi = now;
    for (const s of sessions) {
      try {
        s.advance(dt, budget);
        if (now >= (nextFrameAt.get(s.id) ?? 0)) {
          const frame = s.takeFrame();
          if (frame) {
            frame.w = Date.now();
            io.to(s.id).volatile.emit('sim:frame', frame);
            const bytes = JSON.stringify(frame).length;
            nextFrameAt.set(s.id, now + Math.max(0, (1000 * bytes) / FRAME_BYTES_PER_SECOND - tickMs / 2));
          }
          const log = s.takeLog(); // with the frame: its cadence also bounds the routine log traffic
          if (log.length) io.to(s.id).emit('sim:log', log);
        }
        if (kpiDue) {
          // Not volatile either: a volatile packet is dropped while the transport is still sending, which it is
          // right after this tick's frame, so on a busy line (every tick has a frame) KPIs never arrived. Once a
          // second is little to buffer.
          io.to(s.id).emit('sim:kpi', s.kpi());
          // Not volatile: reliable room broadcasts carry the offsets that connection-state recovery resumes from.
          io.to(s.id).emit('session:info', s.info());
        }
      } catch (e) {
        // one broken session must not stop the others: pause it and say why
        warn(`session ${s.id} stopped: ${(e as Error).stack ?? e}`);
        s.pause();
      }
    }
  }, tickMs);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    registry,
    io,
    close: async () => {
      clearInterval(timer);
      io.disconnectSockets(true);
      await io.close();
    },
  };
}
