import { checkScene } from './check.ts';
import { readDocument, type SourceDocument } from './document.ts';
import { SceneError, toSceneIssues, type IssueAt, type SceneIssue } from './errors.ts';
import { normalizeScene } from './normalize.ts';
import { sceneSchema } from './schema.ts';
import type { Scene } from './types.ts';
import { createIssueReader } from './zodIssues.ts';

/**
 * Parse scene text (JSON when `file` ends in .json, YAML otherwise) into a validated, normalized Scene.
 * Pure: `file` only names the scene in messages. Throws a SceneError listing every problem found.
 */
export function parseScene(text: string, file: string): Scene {
  const { data, locate } = readDocument(text, file);
  return sceneFromDocument(data, file, locate);
}

/**
 * Validate and normalize scene data already read from a file (or built in code, as what-if experiments do
 * after overriding parameters). `locate` adds line and column to issues. Throws a SceneError like parseScene.
 */
export function sceneFromDocument(data: unknown, file: string, locate?: SourceDocument['locate']): Scene {
  if (data === null || data === undefined) throw new SceneError([{ file, path: '', message: 'the scene file is empty' }]);
  const reader = createIssueReader();
  const result = sceneSchema.safeParse(data, { reportInput: true, error: reader.errorMap });
  if (!result.success) throw new SceneError(located(file, reader.read(result.error.issues), locate));
  const issues = checkScene(result.data);
  if (issues.length > 0) throw new SceneError(located(file, issues, locate));
  return normalizeScene(file, result.data);
}

/** Most issues listed for one file: a large broken file stays readable, and locating each issue costs time. */
const MAX_ISSUES = 50;

/** The first MAX_ISSUES issues with file and position, in file order, and a line saying how many more there are. */
function located(file: string, issues: readonly IssueAt[], locate?: SourceDocument['locate']): SceneIssue[] {
  const shown = inFileOrder(toSceneIssues(file, issues.slice(0, MAX_ISSUES), locate));
  const more = issues.length - MAX_ISSUES;
  return more > 0 ? [...shown, { file, path: '', message: `... and ${more} more problems` }] : shown;
}

/** Sort issues by where they are written (stable; issues without a position last). */
function inFileOrder(issues: SceneIssue[]): SceneIssue[] {
  const key = (issue: SceneIssue): number => (issue.line ?? Infinity) * 1e6 + (issue.column ?? 0);
  return [...issues].sort((a, b) => key(a) - key(b) || 0);
}
