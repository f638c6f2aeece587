import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, SessionInfo } from '@protocol/events.ts';
import type { ExperimentFinished, ExperimentProgressInfo, ExperimentQueueWorker } from '@protocol/experiments.ts';
import { request as send, signInOperator, type ReqArgs } from '../net/request.ts';
import type { TokenStore } from '../net/tokenStore.ts';
import { listen, type TwinSocket } from '../net/twinSocket.ts';
import { definitionToText, formToDefinition, textToForm, fileNameFor } from './definition.ts';
import type { ExperimentsStore } from './store.ts';

/**
 * The Experiments view's one module that talks to the server (the live view's twinClient.ts plays this part
 * there): it owns the socket listeners of this page, keeps the store in step with the server (catalog,
 * progress, history) and offers the requests the view makes. Every call resolves with the acknowledgement.
 */

/** Longest experiment text sent (characters): MAX_EXPERIMENT_TEXT of @protocol/experiments.ts, whose value import would bring zod into the page. */
export const MAX_TEXT = 12_000;

/** What the Experiments view may ask of the server. */
export interface ExperimentsClient {
  authenticate(token: string): Promise<Ack>;
  logout(): void;
  /** Loads a shipped experiment file into the form. */
  loadFile(key: string): Promise<Ack>;
  /** Reads experiment text (a file chosen in the browser) into the form. */
  loadText(text: string, file: string): Ack;
  /** Launches the form's experiment (its loaded text when unedited). */
  launch(): Promise<Ack>;
  cancel(): Promise<Ack>;
  refreshHistory(): Promise<Ack>;
  /** Shows a stored run (its results once done). */
  open(run: number): Promise<Ack>;
  /** The run's long-form CSV, for a download. */
  csv(run: number): Promise<Ack<{ filename: string; csv: string }>>;
  /** A live session running one variant; resolves with it (the page then switches to it). */
  openLive(run: number, variant: string): Promise<Ack<{ session: SessionInfo }>>;
  dispose(): void;
}

/** Wires the socket to the store and returns the request API. */
export function connectExperiments(socket: TwinSocket, deps: { store: ExperimentsStore; tokens: TokenStore }): ExperimentsClient {
  const { store, tokens } = deps;
  /** The run this tab launched: opened when it ends. */
  let launched: number | null = null;
  let disposed = false;
  store.setState({ hasToken: tokens.get() !== null });
  const notice = (level: 'info' | 'warn' | 'error', text: string): void => store.setState({ notice: { level, text } });

  const request = <E extends keyof ClientToServerEvents>(event: E, ...payload: ReqArgs<E>) => send(socket, event, ...payload);

  async function refreshCatalog(): Promise<void> {
    const res = await request('experiment:catalog', {});
    if (!res.ok) {
      notice('error', `Could not load the experiment catalog: ${res.error}`);
      return;
    }
    const s = store.getState();
    const patch: Partial<typeof s> = {
      scenes: res.scenes,
      files: res.files,
      workers: res.workers,
      queueWorkers: res.queueWorkers ?? null,
      progress: res.running,
      progressAt: Date.now(),
    };
    // a fresh form gets the server's first scene
    if (s.form.scene === '' && res.scenes[0]) patch.form = { ...s.form, scene: res.scenes[0].key };
    store.setState(patch);
  }

  async function ensureOperator(): Promise<void> {
    const token = tokens.get();
    if (!token) {
      store.setState({ role: 'viewer' });
      return;
    }
    const res = await request('auth:operator', { token });
    if (res.ok) store.setState({ role: 'operator' });
    else {
      tokens.clear();
      store.setState({ role: 'viewer', hasToken: false });
      notice('warn', `Operator token refused (${res.error}); you are watching as a viewer.`);
    }
  }

  const onConnect = (): void => {
    store.setState({ connection: 'connected' });
    void ensureOperator();
    void refreshCatalog();
    void api.refreshHistory();
  };
  const onDisconnect = (reason: Socket.DisconnectReason): void => {
    store.setState({ connection: reason === 'io client disconnect' ? 'offline' : 'reconnecting' });
  };
  const onConnectError = (): void => store.setState({ connection: socket.active === false ? 'offline' : 'reconnecting' });
  const onProgress = (p: ExperimentProgressInfo): void => {
    if (!p || typeof p.runId !== 'number') return;
    store.setState({ progress: p, progressAt: Date.now() });
  };
  const onFinished = (end: ExperimentFinished): void => {
    if (!end || typeof end.status !== 'string') return;
    store.setState({ progress: null, lastEnd: end });
    void api.refreshHistory();
    const opened = store.getState().opened;
    if (end.runId !== null && (end.runId === launched || opened?.run.id === end.runId)) void api.open(end.runId);
    if (end.runId === launched) launched = null;
  };
  const onWorkers = (workers: ExperimentQueueWorker[]): void => {
    if (Array.isArray(workers)) store.setState({ queueWorkers: workers });
  };
  const onNotice = (n: { level: 'info' | 'warn' | 'error'; text: string }): void => {
    if (n && typeof n.text === 'string') notice(n.level, n.text);
  };

  const unlisten = listen(socket, [
    { event: 'connect', listener: onConnect },
    { event: 'disconnect', listener: onDisconnect },
    { event: 'connect_error', listener: onConnectError },
    { event: 'experiment:progress', listener: onProgress },
    { event: 'experiment:finished', listener: onFinished },
    { event: 'experiment:workers', listener: onWorkers },
    { event: 'server:notice', listener: onNotice },
  ]);
  if (socket.connected) onConnect();

  const api: ExperimentsClient = {
    authenticate: (token) =>
      signInOperator(socket, tokens, token, () => store.setState({ role: 'operator', hasToken: true, notice: null })),
    logout() {
      tokens.clear();
      store.setState({ role: 'viewer', hasToken: false });
      socket.disconnect(); // the server keeps the role for the connection: a new handshake drops it
      socket.connect();
    },
    async loadFile(key) {
      const res = await request('experiment:file', { key });
      if (!res.ok) return res;
      const name = res.file.split(/[\\/]/).pop() ?? `${key}.yaml`;
      return api.loadText(res.text, name);
    },
    loadText(text, file) {
      const read = textToForm(text, store.getState().form.rank);
      if ('error' in read) {
        store.setState({ launchError: `${file}: ${read.error}` });
        return { ok: false, error: read.error };
      }
      store.setState({ form: read.form, loaded: { file, text, form: JSON.stringify(read.form) }, launchError: null });
      return { ok: true };
    },
    async launch() {
      const { form, loaded } = store.getState();
      const { definition, problems } = formToDefinition(form);
      if (problems.length > 0) {
        const error = problems.map((p) => `${p.where}: ${p.message}`).join('\n');
        store.setState({ launchError: error });
        return { ok: false, error };
      }
      const unedited = loaded !== null && loaded.form === JSON.stringify(form);
      const text = unedited ? loaded.text : definitionToText(definition);
      const file = unedited ? loaded.file : fileNameFor(form.name);
      // The server takes messages up to 16 KB and closes a connection that sends more: say so instead.
      const bytes = new TextEncoder().encode(text).length;
      if (text.length > MAX_TEXT || bytes > MAX_TEXT * 1.25) {
        const error = `the experiment is too long to send (${Math.ceil(bytes / 1000)} kB; at most ${MAX_TEXT / 1000} kB): run it with twin experiment`;
        store.setState({ launchError: error });
        return { ok: false, error };
      }
      store.setState({ launching: true, launchError: null });
      const res = await request('experiment:start', { text, file, ...(form.rank.trim() ? { rank: form.rank.trim() } : {}) });
      store.setState({ launching: false });
      if (!res.ok) {
        store.setState({ launchError: res.error });
        return res;
      }
      launched = res.progress.runId;
      store.setState({ progress: res.progress, progressAt: Date.now(), lastEnd: null });
      void api.refreshHistory();
      return { ok: true };
    },
    async cancel() {
      const res = await request('experiment:cancel', {});
      if (!res.ok) notice('warn', res.error);
      return res;
    },
    async refreshHistory() {
      const res = await request('experiment:history', {});
      if (res.ok) store.setState({ history: res.runs });
      return res.ok ? { ok: true } : res;
    },
    async open(run) {
      const res = await request('experiment:open', { run });
      if (!res.ok) {
        notice('warn', res.error);
        return res;
      }
      store.setState({ opened: { run: res.run, text: res.text, result: res.result } });
      return { ok: true };
    },
    async csv(run) {
      const res = await request('experiment:csv', { run });
      if (!res.ok) notice('warn', res.error);
      return res;
    },
    async openLive(run, variant) {
      const res = await request('experiment:live', { run, variant });
      if (!res.ok) notice('warn', `Could not open "${variant}" live: ${res.error}`);
      return res;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      unlisten();
    },
  };
  return api;
}
