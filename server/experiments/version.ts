import { readFileSync } from 'node:fs';

/** LineTwin's version from package.json, stored with every run (results may change between versions). */
export const LINETWIN_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();
