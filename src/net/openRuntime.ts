import { createFrameBuffer } from '../state/frameBuffer.ts';
import type { TwinRuntime } from './runtime.tsx';
import { createTwinStore, type TwinStore } from '../state/store.ts';
import { connectTwin } from './twinClient.ts';
import { createTokenStore, type TokenStore } from './tokenStore.ts';
import { openTwinSocket, type TwinSocket } from './twinSocket.ts';
import type { UrlTarget } from './urlTarget.ts';

/**
 * One connection to the server with its stores: what every page mode starts from (the presentation opens
 * two). Created once per page, outside React, so StrictMode's double rendering never opens a second socket.
 */

/** A runtime plus its socket and token store, for the mode's own net modules. */
export interface OpenRuntime extends TwinRuntime {
  socket: TwinSocket;
  tokens: TokenStore;
}

/** Opens a socket to this page's server and wires the twin client to fresh stores. */
export function openRuntime(target: UrlTarget, options: { autoJoin?: boolean } = {}): OpenRuntime {
  const store = createTwinStore();
  const frames = createFrameBuffer();
  const tokens = createTokenStore(typeof sessionStorage === 'undefined' ? null : sessionStorage);
  const socket = openTwinSocket(window.location.origin, () => tokens.get());
  const client = connectTwin(socket, { store, frames, tokens, target, ...(options.autoJoin === false ? { autoJoin: false } : {}) });
  return { store, frames, client, socket, tokens };
}

/** Resolves once the store says connected (at once if it is). */
export function whenConnected(store: TwinStore): Promise<void> {
  return new Promise((resolve) => {
    if (store.getState().connection === 'connected') return resolve();
    const off = store.subscribe((s) => {
      if (s.connection === 'connected') {
        off();
        resolve();
      }
    });
  });
}
