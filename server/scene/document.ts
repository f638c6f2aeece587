import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { SceneError } from './errors.ts';
import { checkShape } from './shape.ts';

/** Line and column (1-based) in the scene text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** The file's data, and a way to find where a data path is written. */
export interface SourceDocument {
  data: unknown;
  locate: (path: readonly PropertyKey[]) => TextPosition | undefined;
}

/**
 * Read scene text as JSON (for `.json` files) or YAML; syntax errors throw a SceneError with line and column. Every
 * user file (scene, experiment, scenario, story) is read through here, so the size and nesting limits (shape.ts) are
 * checked before any parser runs, for JSON and YAML alike.
 */
export function readDocument(text: string, file: string): SourceDocument {
  const source = text.replace(/^\uFEFF/, '');
  const json = /\.json$/i.test(file);
  const problem = checkShape(source, json);
  if (problem)
    throw new SceneError([{ file, path: '', message: problem.message, ...(problem.line === undefined ? {} : { line: problem.line }) }]);
  if (json) {
    let data: unknown;
    try {
      data = JSON.parse(source);
    } catch (error) {
      throw jsonError(source, file, error);
    }
    return { data, locate: (path) => locateInYaml(source, path) };
  }
  const lineCounter = new LineCounter();
  // The parser's own unique-key check compares every key with every other (quadratic in a map's size: seconds for
  // a flow of 5,000 stations), so duplicates are found here, with a set per map.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  const errors = [...doc.errors.map((error) => ({ at: error.pos[0], message: error.message })), ...duplicateKeys(doc)];
  if (errors.length > 0) {
    throw new SceneError(
      errors.map((error) => {
        const { line, col } = lineCounter.linePos(Math.max(0, error.at));
        return { file, path: '', message: `YAML syntax error at line ${line}, column ${col}: ${error.message}`, line, column: col };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new SceneError([{ file, path: '', message: `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return { data, locate: (path) => locate(doc, lineCounter, path) };
}

/** Keys written twice in one mapping (the merge key `<<` aside), where the second one is. */
function duplicateKeys(doc: Document): Array<{ at: number; message: string }> {
  const found: Array<{ at: number; message: string }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const key = String(pair.key.value);
        if (seen.has(key)) found.push({ at: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' });
        seen.add(key);
      }
    },
  });
  return found;
}

/** Where a path is written: the key of its last entry found, or the deepest value found on the way. */
function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): TextPosition | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as { range?: [number] } | null | undefined)?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** JSON is also YAML: reuse the YAML locator for positions in a JSON file that parsed. */
function locateInYaml(text: string, path: readonly PropertyKey[]): TextPosition | undefined {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    return doc.errors.length > 0 ? undefined : locate(doc, lineCounter, path);
  } catch {
    return undefined;
  }
}

function jsonError(text: string, file: string, error: unknown): SceneError {
  const raw = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(raw)?.[1];
  const explicit = /\(line (\d+) column (\d+)\)/.exec(raw);
  let position: TextPosition | undefined;
  if (explicit) position = { line: Number(explicit[1]), column: Number(explicit[2]) };
  else if (offset !== undefined) {
    const before = text.slice(0, Number(offset)).split('\n');
    position = { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  } else {
    // Some V8 messages ("Unexpected token '}', ...") give no position; the YAML parser finds the same spot.
    const lineCounter = new LineCounter();
    const [first] = parseDocument(text, { lineCounter, prettyErrors: false }).errors;
    if (first) {
      const { line, col } = lineCounter.linePos(Math.max(0, first.pos[0]));
      position = { line, column: col };
    }
  }
  const detail = raw
    .replace(/\s*(in JSON )?at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/^(Unexpected token '.+?'), .*$/s, '$1')
    .replace(/\s+/g, ' ');
  const where = position ? ` at line ${position.line}, column ${position.column}` : '';
  return new SceneError([{ file, path: '', message: `JSON syntax error${where}: ${detail}`, ...(position ?? {}) }]);
}
