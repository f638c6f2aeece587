import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MODE_LOADERS } from './modes.ts';
import { modeOf } from './ui/modeLinks.ts';
import './ui/styles.css';

/** Entry point: pick the mode from the URL, let it open its connections once, then render it. */
function start(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const url = new URL(window.location.href);
  MODE_LOADERS[modeOf(url.search)]()
    .then((mode) => createRoot(root).render(<StrictMode>{mode.start(url)}</StrictMode>))
    .catch((e: unknown) => {
      root.textContent = `LineTwin could not start: ${(e as Error).message}`;
    });
}

start();
