import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MODES, modeOf } from './modes.ts';
import './ui/styles.css';

/** Entry point: pick the mode from the URL, let it open its connections once, then render it. */
function start(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const url = new URL(window.location.href);
  MODES[modeOf(url.search)].load()
    .then((mode) => createRoot(root).render(<StrictMode>{mode.start(url)}</StrictMode>))
    .catch((e: unknown) => { root.textContent = `LineTwin could not start: ${(e as Error).message}`; });
}

start();
