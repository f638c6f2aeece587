import type { Socket } from 'socket.io-client';
import type { Ack, SessionInfo } from '@protocol/events.ts';
import { request as send, signInOperator, type Failure } from '../net/request.ts';
import type { TokenStore } from '../net/tokenStore.ts';
import { listen, type TwinSocket } from '../net/twinSocket.ts';
import { MAX_EDITOR_TEXT_BYTES, utf8Bytes, type EditorClientEvents, type EditorEstimate, type SceneIssueWire } from '@protocol/editor.ts';
import type { EditorStore } from './editorStore.ts';

/**
 * The editor's one module that talks to the server: sign-in, the scene list, and the editor's events
 * (editor:open, editor:estimate, editor:save, editor:run). Every call resolves with the acknowledgement and
 * never rejects (offline, no answer and a lost connection resolve as failures).
 */

/** What the editor asks of the server. */
export interface EditorClient {
  authenticate(token: string): Promise<Ack>;
  logout(): void;
  refreshScenes(): Promise<void>;
  open(scene: string): Promise<Ack<{ name: string; text: string; saved: boolean }>>;
  /** A quick estimate of `text`; a newer call supersedes an older one (the server answers the older 'superseded'). */
  estimate(
    text: string,
    name?: string,
  ): Promise<{ ok: true; estimate: EditorEstimate } | { ok: false; error: string; issues?: SceneIssueWire[] | undefined }>;
  save(name: string, text: string): Promise<Ack<{ key: string; file: string }>>;
  run(text: string, name?: string): Promise<Ack<{ session: SessionInfo }>>;
  /** Resolves once the socket is connected (at once when it is). */
  whenConnected(): Promise<void>;
  dispose(): void;
}

/** How long a quick estimate may take before the client gives up (ms): a few replications on the server's workers. */
export const ESTIMATE_TIMEOUT_MS = 60_000;

/** Sends an editor event with its acknowledgement, or a Failure after `timeout` ms or when offline. */
function editorRequest<E extends keyof EditorClientEvents>(
  socket: TwinSocket,
  event: E,
  payload: Parameters<EditorClientEvents[E]>[0],
  timeout: number,
): Promise<Parameters<Parameters<EditorClientEvents[E]>[1]>[0] | Failure> {
  // request() of src/net has a fixed 8 s deadline; an estimate on a cold server takes longer. An emit with its own
  // deadline, typed at this function's signature.
  const emitter = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> } };
  return new Promise((resolve) => {
    if (!socket.connected) return resolve({ ok: false, error: 'not connected to the server' });
    const text = (payload as { text?: unknown }).text;
    // the server closes a connection that sends more than its message limit: say so instead of sending
    if (typeof text === 'string' && utf8Bytes(text) > MAX_EDITOR_TEXT_BYTES)
      return resolve({
        ok: false,
        error: `the scene text is too large for the editor: at most ${MAX_EDITOR_TEXT_BYTES.toLocaleString('en-US')} bytes`,
      });
    emitter
      .timeout(timeout)
      .emitWithAck(event, payload)
      .then(
        (res) => resolve(res && typeof res === 'object' ? (res as never) : { ok: false, error: `${event}: malformed answer` }),
        (err: unknown) => resolve({ ok: false, error: `${event}: ${err instanceof Error ? err.message : 'no answer'}` }),
      );
  });
}

/** Wires the socket to the editor store and returns the request API. */
export function connectEditor(socket: TwinSocket, deps: { store: EditorStore; tokens: TokenStore }): EditorClient {
  const { store, tokens } = deps;

  async function ensureOperator(): Promise<void> {
    const token = tokens.get();
    if (!token) return store.setState({ role: 'viewer' });
    const res = await send(socket, 'auth:operator', { token });
    if (res.ok) store.setState({ role: 'operator' });
    else {
      tokens.clear();
      store.setState({ role: 'viewer', notice: { level: 'warn', text: `Operator token refused (${res.error}).` } });
    }
  }

  const onConnect = (): void => {
    store.setState({ connection: 'connected' });
    void ensureOperator();
    void api.refreshScenes();
  };
  const onDisconnect = (reason: Socket.DisconnectReason): void =>
    store.setState({ connection: reason === 'io client disconnect' ? 'offline' : 'reconnecting' });
  const unlisten = listen(socket, [
    { event: 'connect', listener: onConnect },
    { event: 'disconnect', listener: onDisconnect },
  ]);
  if (socket.connected) onConnect();

  const api: EditorClient = {
    authenticate: (token) => signInOperator(socket, tokens, token, () => store.setState({ role: 'operator', notice: null })),
    logout() {
      tokens.clear();
      store.setState({ role: 'viewer' });
      socket.disconnect(); // the server keeps the role for the connection: a new handshake drops it
      socket.connect();
    },
    async refreshScenes() {
      const res = await send(socket, 'scenes:catalog', {});
      if (res.ok) store.setState({ scenes: res.scenes });
    },
    open: (scene) => editorRequest(socket, 'editor:open', { scene }, 15_000),
    estimate: (text, name) => editorRequest(socket, 'editor:estimate', name === undefined ? { text } : { text, name }, ESTIMATE_TIMEOUT_MS),
    save: (name, text) => editorRequest(socket, 'editor:save', { name, text }, 15_000),
    run: (text, name) => editorRequest(socket, 'editor:run', name === undefined ? { text } : { text, name }, 15_000),
    whenConnected: () =>
      new Promise((resolve) => {
        if (socket.connected) return resolve();
        const once = (): void => {
          socket.off('connect', once);
          resolve();
        };
        socket.on('connect', once);
      }),
    dispose: unlisten,
  };
  return api;
}
