import type { ReactElement } from 'react';

/**
 * The page's modes, chosen by the URL: `?mode=live` (the default), `scenes`, `trainer`, `trainee` (also
 * `?join=CODE`) and `present`. Each mode lives in its own folder and is loaded on demand, so the live page
 * does not carry the others' code. To add a mode: one entry here and a module exporting `start`.
 */

/** A mode module: `start` runs once per page, outside React (sockets are opened there), and returns the root element. */
export interface ModeModule {
  start(url: URL): ReactElement;
}

/** The modes by name. */
export const MODES = {
  live: { title: 'Live line', load: (): Promise<ModeModule> => import('./liveMode.tsx') },
  scenes: { title: 'Scenes', load: (): Promise<ModeModule> => import('./scenes/scenesMode.tsx') },
  trainer: { title: 'Trainer', load: (): Promise<ModeModule> => import('./training/trainerMode.tsx') },
  trainee: { title: 'Trainee', load: (): Promise<ModeModule> => import('./training/traineeMode.tsx') },
  present: { title: 'Presentation', load: (): Promise<ModeModule> => import('./presentation/presentMode.tsx') },
  experiments: { title: 'Experiments', load: (): Promise<ModeModule> => import('./experiments/experimentsMode.tsx') },
} as const;

/** A mode's name. */
export type ModeName = keyof typeof MODES;

/** The mode a query string asks for: `?mode=`, else `?join=` means a trainee, else the live line. */
export function modeOf(search: string): ModeName {
  const q = new URLSearchParams(search);
  const mode = q.get('mode');
  if (mode !== null && Object.hasOwn(MODES, mode)) return mode as ModeName;
  if (q.get('join')) return 'trainee';
  return 'live';
}

/** The link to a mode, with extra query parameters. */
export function modeHref(mode: ModeName, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(mode === 'live' ? params : { mode, ...params });
  const s = q.toString();
  return `${typeof window === 'undefined' ? '/' : window.location.pathname}${s ? `?${s}` : ''}`;
}
