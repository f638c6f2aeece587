/**
 * The page's modes as links: their names and titles, the mode a URL asks for, and the URL of a mode. The code of
 * each mode is loaded by src/modes.ts; this file only names them, so panels can link to any mode.
 */

/** The modes by name, with the title a link shows. */
export const MODE_TITLES = {
  live: 'Live line',
  scenes: 'Scenes',
  trainer: 'Trainer',
  trainee: 'Trainee',
  present: 'Presentation',
  experiments: 'Experiments',
  editor: 'Line editor',
} as const;

/** A mode's name. */
export type ModeName = keyof typeof MODE_TITLES;

/** The mode a query string asks for: `?mode=`, else `?join=` means a trainee, else the live line. */
export function modeOf(search: string): ModeName {
  const q = new URLSearchParams(search);
  const mode = q.get('mode');
  if (mode !== null && Object.hasOwn(MODE_TITLES, mode)) return mode as ModeName;
  if (q.get('join')) return 'trainee';
  return 'live';
}

/** The link to a mode, with extra query parameters. */
export function modeHref(mode: ModeName, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(mode === 'live' ? params : { mode, ...params });
  const s = q.toString();
  return `${typeof window === 'undefined' ? '/' : window.location.pathname}${s ? `?${s}` : ''}`;
}
