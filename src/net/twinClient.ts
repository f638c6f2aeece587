import type { Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  EnergyBreakdown,
  Frame,
  Intervention,
  KpiFrame,
  LogEntry,
  SessionInfo,
  Snapshot,
} from '@protocol/events.ts';
import { applyFrame, applyKpi, applySnapshot, type FrameBuffer } from '../state/frameBuffer.ts';
import { observeFrame, setPace } from '../state/simClock.ts';
import { indexStations, mergeLog, pushHistory, type TwinState, type TwinStore } from '../state/store.ts';
import type { TokenStore } from './tokenStore.ts';
import { listen, type TwinSocket } from './twinSocket.ts';
import { request as send, signInOperator, type ReqArgs } from './request.ts';
import type { UrlTarget } from './urlTarget.ts';

/**
 * The one module that talks to the server. It owns every `socket.on`, joins the session the URL asks for
 * (again after each reconnect unless Socket.IO recovered the old one), writes per-frame data into the
 * FrameBuffer and publishes what panels need into the store at most PUBLISH_MS apart. UI code calls the
 * returned TwinClient for control requests; it never sees the socket.
 */

export { REQUEST_TIMEOUT_MS } from './request.ts';

/** Least time between two store updates from frames (ms): panels re-render at most ~4 times a second. */
export const PUBLISH_MS = 250;
/** Delay before dialling again after the server closed the connection (ms). */
const REDIAL_MS = 1000;

/** What the UI may ask of the server. Every call resolves (never rejects) with the server's acknowledgement. */
export interface TwinClient {
  authenticate(token: string): Promise<Ack>;
  /** Forgets the token and reconnects as a viewer. */
  logout(): void;
  setSpeed(speed: number | 'max'): Promise<Ack>;
  pause(): Promise<Ack>;
  resume(): Promise<Ack>;
  step(seconds: number): Promise<Ack>;
  reset(): Promise<Ack>;
  /** Operators: forks a what-if from the current session's state now and joins it (it opens paused). */
  fork(): Promise<Ack>;
  intervene(iv: Intervention): Promise<Ack>;
  /** Fetches the selected station's details into the store. */
  refreshDetails(): Promise<Ack>;
  /** The line's kWh by machine and state, belts and base load (the energy view polls it while open; not stored). */
  energyBreakdown(): Promise<Ack<{ breakdown: EnergyBreakdown }>>;
  /** Leaves the current session and joins another (id or join code); reconnects rejoin it. */
  joinSession(session: string): Promise<Ack>;
  /** Stops listening (tests, hot reload). */
  dispose(): void;
}

/** What connectTwin needs besides the socket. */
export interface TwinClientDeps {
  store: TwinStore;
  frames: FrameBuffer;
  target: UrlTarget;
  tokens: TokenStore;
  /** Wall clock in ms (performance.now in the app). */
  now?: () => number;
  /** Join the default session when the URL names none (default true); false waits for joinSession. */
  autoJoin?: boolean;
}

/** Wires a socket to the stores and returns the control API. */
export function connectTwin(socket: TwinSocket, deps: TwinClientDeps): TwinClient {
  const { store, frames, tokens } = deps;
  const target: UrlTarget = { ...deps.target };
  const now = deps.now ?? (() => performance.now());
  let joined = false;
  let joining: Promise<void> | null = null;
  let speedApplied = target.speed === undefined;
  let publishTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPublish = -Infinity;
  let disposed = false;

  store.setState({ hasToken: tokens.get() !== null });

  const notice = (level: 'info' | 'warn' | 'error', text: string): void => store.setState({ notice: { level, text } });

  const request = <E extends keyof ClientToServerEvents>(event: E, ...payload: ReqArgs<E>) => send(socket, event, ...payload);

  // ---- slow-state publishing -------------------------------------------------------------------------
  function publish(): void {
    publishTimer = null;
    lastPublish = now();
    const s = store.getState();
    const patch: Partial<TwinState> = {};
    if (s.simTime !== frames.clock.t) patch.simTime = frames.clock.t;
    if (!sameNumbers(s.stationStates, frames.stationState)) patch.stationStates = Array.from(frames.stationState);
    if (!sameNumbers(s.levels, frames.levels)) patch.levels = Array.from(frames.levels);
    const warned = frames.readings.stationWarned;
    if (!sameNumbers(s.stationWarnings, warned)) patch.stationWarnings = Array.from(warned);
    if (unitsChanged(s.unitStates, frames)) patch.unitStates = unitRows(frames);
    if (s.movesDropped !== frames.movesDropped) patch.movesDropped = frames.movesDropped;
    if (pendingLog.length > 0) {
      const log = mergeLog(s.log, pendingLog);
      pendingLog = [];
      if (log !== s.log) patch.log = log;
    }
    if (Object.keys(patch).length > 0) store.setState(patch);
  }

  function schedulePublish(): void {
    if (publishTimer !== null || disposed) return;
    publishTimer = setTimeout(publish, Math.max(0, PUBLISH_MS - (now() - lastPublish)));
  }

  // ---- incoming events ---------------------------------------------------------------------------
  function onSnapshot(snap: Snapshot): void {
    if (!snap || !Array.isArray(snap.stations)) return;
    applySnapshot(frames, snap, now());
    pendingLog = [];
    const s = store.getState();
    const sameSession = s.session?.id === snap.session?.id;
    const stationIndex = indexStations(snap.stations);
    store.setState({
      session: snap.session ?? null,
      role: snap.role === 'operator' ? 'operator' : 'viewer',
      stations: snap.stations,
      stationIndex,
      products: frames.products,
      kpi: snap.kpi ?? null,
      // another session starts a new chart; a reset of the same one is seen by pushHistory (time goes back)
      kpiHistory: snap.kpi ? pushHistory(sameSession ? s.kpiHistory : { t: [], throughput: [], power: [] }, snap.kpi) : s.kpiHistory,
      log: mergeLog([], Array.isArray(snap.log) ? snap.log : []),
      selected: s.selected !== null && s.selected in stationIndex ? s.selected : null,
    });
    publish();
  }

  const onFrame = (frame: Frame): void => {
    if (!frame || typeof frame !== 'object' || frames.stations.length === 0) return;
    applyFrame(frames, frame, now());
    schedulePublish();
  };

  const onKpi = (kpi: KpiFrame): void => {
    if (!kpi || typeof kpi.t !== 'number') return;
    applyKpi(frames, kpi);
    store.setState((s) => ({ kpi, kpiHistory: pushHistory(s.kpiHistory, kpi) }));
  };

  // At high speed failures can be logged in every frame: entries wait for the next publish like frame data.
  let pendingLog: LogEntry[] = [];
  const onLog = (entries: LogEntry[]): void => {
    if (!Array.isArray(entries) || entries.length === 0) return;
    pendingLog = pendingLog.concat(entries);
    schedulePublish();
  };

  const onInfo = (info: SessionInfo): void => {
    const s = store.getState();
    if (!info || (s.session && info.id !== s.session.id)) return;
    setPace(frames.clock, info.speed, info.paused);
    // A quiet or paused line sends no frames; the info's time keeps the clock going (and shows a step's end).
    if (typeof info.simTime === 'number' && info.simTime > frames.clock.t) observeFrame(frames.clock, info.simTime, now());
    store.setState({ session: info });
    schedulePublish();
  };

  const onClosed = (info: { id: string; reason: string }): void => {
    if (info?.id !== store.getState().session?.id) return;
    notice('warn', `Session ${info.id} was closed (${info.reason}); showing the default line.`);
    target.session = undefined;
    target.scene = undefined;
    joined = false;
    void join();
  };

  const onNotice = (n: { level: 'info' | 'warn' | 'error'; text: string }): void => {
    if (n && typeof n.text === 'string') notice(n.level ?? 'info', n.text);
  };

  // ---- joining -----------------------------------------------------------------------------------
  async function sessionForScene(scene: string): Promise<string | undefined> {
    const list = await request('session:list', {});
    if (list.ok) {
      const running = list.sessions.find((s) => s.scene === scene);
      if (running) return running.id;
      if (!list.scenes.some((s) => s.key === scene)) {
        notice('warn', `No scene "${scene}" on this server; showing the default line.`);
        return undefined;
      }
    }
    if (store.getState().role !== 'operator' && !tokens.get()) {
      notice('info', `Scene "${scene}" is not running; an operator can start it. Showing the default line.`);
      return undefined;
    }
    const created = await request('session:create', { scene, speed: target.speed });
    if (created.ok) {
      speedApplied = true;
      return created.session.id;
    }
    notice('warn', `Could not open scene "${scene}": ${created.error}`);
    return undefined;
  }

  async function ensureOperator(): Promise<void> {
    const token = tokens.get();
    if (!token || store.getState().role === 'operator') return;
    const res = await request('auth:operator', { token });
    if (res.ok) store.setState({ role: 'operator' });
    else {
      tokens.clear();
      store.setState({ hasToken: false });
      notice('warn', `Operator token refused (${res.error}); you are watching as a viewer.`);
    }
  }

  async function joinOnce(): Promise<void> {
    // An operator's handshake already carries the token; a scene link may need it to create the session.
    let id = target.session;
    if (!id && target.scene) {
      id = await sessionForScene(target.scene);
      if (id) target.session = id;
      else target.scene = undefined;
    }
    let res = await request('session:join', id ? { session: id } : {});
    if (!res.ok && id) {
      notice('warn', `Could not join session "${id}" (${res.error}); showing the default line.`);
      target.session = undefined;
      res = await request('session:join', {});
    }
    if (!res.ok) {
      notice('error', `Could not join: ${res.error}`);
      return;
    }
    target.session = res.snapshot.session.id;
    joined = true;
    onSnapshot(res.snapshot);
    store.setState((s) => ({ joins: s.joins + 1 }));
    await ensureOperator();
    if (!speedApplied && store.getState().role === 'operator' && target.speed !== undefined) {
      speedApplied = true;
      if (res.snapshot.session.speed !== target.speed) await request('control:speed', { speed: target.speed });
    }
  }

  function join(): Promise<void> {
    joining ??= joinOnce().finally(() => {
      joining = null;
    });
    return joining;
  }

  // ---- connection lifecycle ----------------------------------------------------------------------
  const onConnect = (): void => {
    store.setState({ connection: 'connected', reconnectAttempt: 0 });
    // A recovered connection is still in its room and got the missed events replayed: nothing to redo.
    if (socket.recovered && joined) return;
    if (deps.autoJoin === false && !target.session && !target.scene) return;
    void join();
  };
  let redial: ReturnType<typeof setTimeout> | null = null;
  const onDisconnect = (reason: Socket.DisconnectReason): void => {
    store.setState({ connection: reason === 'io client disconnect' ? 'offline' : 'reconnecting' });
    // Socket.IO does not reconnect by itself after the server dropped us (restart, flood guard): dial again.
    if (reason === 'io server disconnect' && !disposed && redial === null) {
      redial = setTimeout(() => {
        redial = null;
        if (!disposed && !socket.connected) socket.connect();
      }, REDIAL_MS);
    }
  };
  const onConnectError = (err: Error): void => {
    if (socket.active === false) {
      // refused by the server (protocol mismatch...): Socket.IO will not retry, so say why
      store.setState({ connection: 'offline' });
      notice('error', err?.message ?? 'connection refused');
    } else {
      store.setState({ connection: 'reconnecting' });
    }
  };
  const onReconnectAttempt = (attempt: number): void => store.setState({ reconnectAttempt: attempt, connection: 'reconnecting' });

  const unlisten = listen(socket, [
    { event: 'connect', listener: onConnect },
    { event: 'disconnect', listener: onDisconnect },
    { event: 'connect_error', listener: onConnectError },
    { event: 'sim:snapshot', listener: onSnapshot },
    { event: 'sim:frame', listener: onFrame },
    { event: 'sim:kpi', listener: onKpi },
    { event: 'sim:log', listener: onLog },
    { event: 'session:info', listener: onInfo },
    { event: 'session:closed', listener: onClosed },
    { event: 'server:notice', listener: onNotice },
  ]);
  socket.io.on('reconnect_attempt', onReconnectAttempt);
  if (socket.connected) onConnect();

  const control = async (res: Promise<Ack>): Promise<Ack> => {
    const r = await res;
    if (!r.ok) notice('warn', r.error);
    return r;
  };

  const api: TwinClient = {
    authenticate: (token) =>
      signInOperator(socket, tokens, token, () => store.setState({ role: 'operator', hasToken: true, notice: null })),
    logout() {
      tokens.clear();
      store.setState({ role: 'viewer', hasToken: false });
      // the server keeps the operator role for the connection: a fresh handshake without the token drops it
      joined = false;
      socket.disconnect();
      socket.connect();
    },
    setSpeed: (speed) => control(request('control:speed', { speed })),
    pause: () => control(request('control:pause', {})),
    resume: () => control(request('control:resume', {})),
    step: (seconds) => control(request('control:step', { seconds })),
    reset: () => control(request('session:reset', {})),
    async fork() {
      const from = store.getState().session?.id;
      if (!from) return { ok: false, error: 'join a session first' };
      const res = await request('session:fork', { from });
      if (!res.ok) return control(Promise.resolve(res));
      return api.joinSession(res.session.id);
    },
    async intervene(iv) {
      const res = await control(request('control:intervene', iv));
      if (res.ok) void api.refreshDetails();
      return res;
    },
    async refreshDetails() {
      const id = store.getState().selected;
      if (!id) return { ok: false, error: 'no station selected' };
      const res = await request('station:inspect', { station: id });
      if (res.ok && store.getState().selected === id) store.setState({ details: res.details });
      return res.ok ? { ok: true } : res;
    },
    energyBreakdown: () => request('energy:breakdown', {}),
    async joinSession(session) {
      target.session = session;
      target.scene = undefined;
      if (!socket.connected) return { ok: false, error: 'not connected yet: the session is joined on connecting' };
      if (joining) await joining;
      joined = false;
      await join();
      const now = store.getState().session;
      return now && (now.id === session || now.code === session.toUpperCase())
        ? { ok: true }
        : { ok: false, error: `could not join session ${session}` };
    },
    dispose() {
      disposed = true;
      if (publishTimer !== null) clearTimeout(publishTimer);
      if (redial !== null) clearTimeout(redial);
      unlisten();
      socket.io.off('reconnect_attempt', onReconnectAttempt);
    },
  };
  return api;
}

function sameNumbers(a: readonly number[], b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unitsChanged(rows: number[][], fb: FrameBuffer): boolean {
  if (rows.length !== fb.unitCount.length) return true;
  for (let s = 0; s < rows.length; s++) {
    const row = rows[s]!,
      off = fb.unitOffset[s]!;
    if (row.length !== fb.unitCount[s]) return true;
    for (let u = 0; u < row.length; u++) if (row[u] !== fb.unitState[off + u]) return true;
  }
  return false;
}

function unitRows(fb: FrameBuffer): number[][] {
  return Array.from(fb.unitCount, (n, s) => Array.from(fb.unitState.subarray(fb.unitOffset[s], fb.unitOffset[s]! + n)));
}
