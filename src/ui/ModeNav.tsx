import { MODE_TITLES, modeHref, type ModeName } from './modeLinks.ts';

/** Links between the page's modes (the trainee mode is reached by a join code, so it is not listed). */
const LINKS: ModeName[] = ['live', 'scenes', 'editor', 'trainer', 'present', 'experiments'];

/** `compact`: the crowded live top bar drops the links on narrower screens. */
export function ModeNav({ current, compact = false }: { current: ModeName; compact?: boolean }) {
  return (
    <nav className={compact ? 'mode-nav compact' : 'mode-nav'} aria-label="Modes">
      {LINKS.map((m) => (
        <a key={m} href={modeHref(m)} aria-current={m === current ? 'page' : undefined} data-testid={`nav-${m}`}>
          {MODE_TITLES[m]}
        </a>
      ))}
    </nav>
  );
}
