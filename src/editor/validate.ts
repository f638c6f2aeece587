import { parseScene } from '../../server/scene/parse.ts';
import type { Scene } from '../../server/scene/types.ts';
import type { SceneIssueWire } from '@protocol/editor.ts';
import type { ScenePath } from './sceneEdits.ts';

/**
 * Validation in the browser with the code `twin validate` runs (server/scene/parse.ts is pure and browser-safe):
 * the issues it gives are the inline errors of the panel and the plan, word for word.
 */

/** A scene checked: the normalized scene when valid, else the issues. */
export interface Checked {
  scene: Scene | null;
  issues: SceneIssueWire[];
}

/** Validates scene text named `file` (the name shows in messages, as in the CLI). */
export function validateScene(text: string, file: string): Checked {
  try {
    return { scene: parseScene(text, file), issues: [] };
  } catch (error) {
    const issues = (error as { issues?: SceneIssueWire[] }).issues;
    if (Array.isArray(issues)) return { scene: null, issues };
    return { scene: null, issues: [{ file, path: '', message: error instanceof Error ? error.message : String(error) }] };
  }
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** A data path as issues write it: `['stations', 2, 'cycleTime']` → `stations[2].cycleTime` (server/scene/errors.ts). */
export function pathText(path: ScenePath): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (PLAIN_KEY.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}

/** The issues at a path or inside it. */
export function issuesAt(issues: readonly SceneIssueWire[], path: ScenePath): SceneIssueWire[] {
  const at = pathText(path);
  return issues.filter((i) => i.path === at || i.path.startsWith(`${at}.`) || i.path.startsWith(`${at}[`));
}

/** The index of the station an issue is about (`stations[3]...`), or null. */
export function stationIndexOf(issue: SceneIssueWire): number | null {
  const m = /^stations\[(\d+)\]/.exec(issue.path);
  return m ? Number(m[1]) : null;
}

/** One line for an issue: its path and message, with the hint. */
export function issueText(issue: SceneIssueWire): string {
  const hint = issue.hint ? ` (${issue.hint})` : '';
  return `${issue.path ? `${issue.path}: ` : ''}${issue.message}${hint}`;
}
