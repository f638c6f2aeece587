import { createTokenStore } from '../net/tokenStore.ts';
import { openTwinSocket } from '../net/twinSocket.ts';
import { ExperimentsApp } from './ExperimentsApp.tsx';
import { connectExperiments } from './experimentsClient.ts';
import { ExperimentsProvider } from './runtime.tsx';
import { createExperimentsStore, type ExperimentsStore } from './store.ts';
import './experiments.css';

declare global {
  /** `window.__experiments`: the Experiments page's store, for browser tests (like `__linetwin` in live mode). */
  interface Window {
    __experiments?: { store: ExperimentsStore };
  }
}

/**
 * `?mode=experiments` (src/modes.ts): what-if experiments on the server. No live session and no 3D here: one
 * socket, the experiments client and its store, opened once per page outside React.
 */
export function start(_url: URL) {
  const store = createExperimentsStore();
  const tokens = createTokenStore(typeof sessionStorage === 'undefined' ? null : sessionStorage);
  const socket = openTwinSocket(window.location.origin, () => tokens.get());
  const client = connectExperiments(socket, { store, tokens });
  document.title = 'LineTwin · Experiments';
  window.__experiments = { store }; // browser tests read the state
  return (
    <ExperimentsProvider runtime={{ store, client }}>
      <ExperimentsApp />
    </ExperimentsProvider>
  );
}
