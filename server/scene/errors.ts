import type { SceneIssueWire } from '../protocol/editor.ts';
/** One problem found in a scene file (the wire type: the editor and every refusal carry it to the browser). */
export type SceneIssue = SceneIssueWire;

/** An issue found before the file name is attached: its path as data keys and indices. */
export interface IssueAt {
  path: PropertyKey[];
  message: string;
  hint?: string | undefined;
}

/** A scene that cannot be loaded; the message lists every issue, one per line. */
export class SceneError extends Error {
  override name = 'SceneError';
  /** Every issue found, in file order where possible. */
  readonly issues: SceneIssue[];

  constructor(issues: SceneIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

/** `<file>: <path>: <message> (<hint>)`, leaving out an empty path. */
export function formatIssue(issue: SceneIssue): string {
  const where = issue.path === '' ? issue.file : `${issue.file}: ${issue.path}`;
  const hint = issue.hint === undefined ? '' : ` (${issue.hint})`;
  return `${where}: ${issue.message}${hint}`.replace(/\s*\n\s*/g, ' '); // one line per issue, always
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** Data path as written in messages: `["stations", 2, "cycleTime"]` → `stations[2].cycleTime`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && PLAIN_KEY.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** Attach the file name (and the text position, when a locator knows it) to issues. */
export function toSceneIssues(
  file: string,
  issues: readonly IssueAt[],
  locate?: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined,
): SceneIssue[] {
  return issues.map((issue) => {
    const position = locate?.(issue.path);
    return {
      file,
      path: formatPath(issue.path),
      message: issue.message,
      ...(issue.hint === undefined ? {} : { hint: issue.hint }),
      ...(position === undefined ? {} : { line: position.line, column: position.column }),
    };
  });
}
