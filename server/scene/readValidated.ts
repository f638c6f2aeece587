import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { checkFileSize } from './load.ts';
import { readDocument, type SourceDocument } from './document.ts';
import { SceneError, toSceneIssues, type IssueAt } from './errors.ts';
import { createIssueReader } from './zodIssues.ts';

/**
 * Reading the files that go with scenes (scenarios, stories, line states) the way scene files are read: YAML or
 * JSON, zod-validated with the scene loader's friendly messages (`file: steps[2].ask.answr: unknown key "answr"
 * (did you mean "answer"?)`), every problem a SceneError with line and column.
 */

/** A validated file: its data, and where data paths are written (for later checks). */
export interface ValidatedFile<T> {
  data: T;
  locate: SourceDocument['locate'];
}

/** Reads `file` and validates it with `schema`; throws a SceneError listing every problem. */
export async function readValidated<S extends z.ZodType>(file: string, schema: S): Promise<ValidatedFile<z.output<S>>> {
  let text: string;
  await checkFileSize(file);
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SceneError([
      { file, path: '', message: `cannot read the file: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}` },
    ]);
  }
  const { data, locate } = readDocument(text, file);
  if (data === null || data === undefined) throw new SceneError([{ file, path: '', message: 'the file is empty' }]);
  const reader = createIssueReader();
  const result = schema.safeParse(data, { reportInput: true, error: reader.errorMap });
  if (!result.success) throw failure(file, reader.read(result.error.issues), locate);
  return { data: result.data, locate };
}

/** A SceneError for issues found in `file`, in the order they are written. */
export function failure(file: string, issues: readonly IssueAt[], locate?: SourceDocument['locate']): SceneError {
  const located = toSceneIssues(file, issues, locate);
  const key = (i: { line?: number | undefined; column?: number | undefined }): number => (i.line ?? Infinity) * 1e6 + (i.column ?? 0);
  return new SceneError([...located].sort((a, b) => key(a) - key(b)));
}
