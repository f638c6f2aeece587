import type { ReactElement } from 'react';
import type { ModeName } from './ui/modeLinks.ts';

/**
 * The page's modes, chosen by the URL: `?mode=live` (the default), `scenes`, `trainer`, `trainee` (also
 * `?join=CODE`), `present`, `experiments` and `editor`. Each mode lives in its own folder and is loaded on demand, so the
 * live page does not carry the others' code. To add a mode: its title in src/ui/modeLinks.ts, its loader here,
 * and a module exporting `start`.
 */

/** A mode module: `start` runs once per page, outside React (sockets are opened there), and returns the root element. */
export interface ModeModule {
  start(url: URL): ReactElement;
}

/** The code of each mode, loaded on demand. */
export const MODE_LOADERS: Record<ModeName, () => Promise<ModeModule>> = {
  live: () => import('./liveMode.tsx'),
  scenes: () => import('./scenes/scenesMode.tsx'),
  trainer: () => import('./training/trainerMode.tsx'),
  trainee: () => import('./training/traineeMode.tsx'),
  present: () => import('./presentation/presentMode.tsx'),
  experiments: () => import('./experiments/experimentsMode.tsx'),
  editor: () => import('./editor/editorMode.tsx'),
};
