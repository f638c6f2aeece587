import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectTwin } from './net/twinClient.ts';
import { createTokenStore } from './net/tokenStore.ts';
import { openTwinSocket } from './net/twinSocket.ts';
import { parseUrlTarget } from './net/urlTarget.ts';
import { createFrameBuffer } from './state/frameBuffer.ts';
import { TwinProvider, type TwinRuntime } from './state/runtime.tsx';
import { createTwinStore } from './state/store.ts';
import './ui/styles.css';

/** Entry point: one store, one frame buffer, one socket for the page's lifetime; then React. */
function start(): void {
  const store = createTwinStore();
  const frames = createFrameBuffer();
  const tokens = createTokenStore(typeof sessionStorage === 'undefined' ? null : sessionStorage);
  const socket = openTwinSocket(window.location.origin, () => tokens.get());
  const client = connectTwin(socket, { store, frames, tokens, target: parseUrlTarget(window.location.search) });
  const runtime: TwinRuntime = { store, frames, client };
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <TwinProvider runtime={runtime}>
        <App />
      </TwinProvider>
    </StrictMode>,
  );
}

start();
