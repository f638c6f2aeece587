import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { IssueAt } from '../scene/errors.ts';

/**
 * Scenario and story files are read the way scene files are (server/scene/readValidated.ts); what is theirs alone
 * is the scene file they name.
 */

/** The scene file a scenario or story names, relative to that file; an issue at `scene` when it is missing. */
export function sceneFileOf(file: string, scene: string): { path: string; issue: IssueAt | null } {
  const path = resolve(dirname(file), scene);
  return {
    path,
    issue: existsSync(path) ? null : { path: ['scene'], message: `no scene file at ${path} (the path is relative to this file)` },
  };
}
