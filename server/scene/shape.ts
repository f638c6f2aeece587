import { LIMITS } from './limits.ts';

/**
 * A cheap linear scan of a file's text before any parser sees it: its size and how deeply its objects and lists
 * nest. The YAML parser and the locator recurse once per level, and 20,000 levels in a 40 KB file exhausted V8's
 * stack (the process aborted); no scene, experiment, scenario or story needs more than a dozen levels.
 */

/** What is wrong with the text's shape, and where; null when it is within the limits. */
export interface ShapeProblem {
  message: string;
  line?: number | undefined;
}

const OPEN_BRACKET = 91; // [
const OPEN_BRACE = 123; // {
const CLOSE_BRACKET = 93; // ]
const CLOSE_BRACE = 125; // }
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const BACKSLASH = 92;
const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;

const tooDeep = (line: number): ShapeProblem => ({
  message: `nested more than ${LIMITS.depth} levels deep (objects and lists inside each other) at line ${line}`,
  line,
});

/** Checks size and nesting depth of JSON (`json`) or YAML text; returns the first problem or null. */
export function checkShape(text: string, json: boolean): ShapeProblem | null {
  if (text.length > LIMITS.fileBytes) {
    return { message: `the file is too large (${text.length.toLocaleString('en-US')} characters; at most ${mib(LIMITS.fileBytes)})` };
  }
  return json ? jsonDepth(text) : yamlDepth(text);
}

/** A size in MiB for messages. */
export function mib(bytes: number): string {
  return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function jsonDepth(text: string): ShapeProblem | null {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    else if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > LIMITS.depth) return tooDeep(line);
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return null;
}

/**
 * YAML nests by indentation (a stack of the indents of open lines), by compact indicators on one line (`- - - x`)
 * and by flow collections (`[{[...]}]`, which may span lines); the estimate adds the three. Quoted strings and
 * comments are skipped, so brackets inside them do not count.
 */
function yamlDepth(text: string): ShapeProblem | null {
  const indents: number[] = [];
  let flow = 0;
  let quote = 0; // the open quote character while inside a quoted string that spans lines, else 0
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    let i = start;
    let block = indents.length;
    if (quote === 0 && flow === 0) {
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      const first = text.charCodeAt(i);
      if (i < end && first !== HASH && first !== 13) {
        const indent = i - start;
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        block = indents.length;
        // compact nesting on one line: "- ", "? " and ": " indicators each open a level
        while (
          i + 1 < end &&
          (text[i] === '-' || text[i] === '?' || text[i] === ':') &&
          (text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === TAB)
        ) {
          block++;
          i += 2;
          while (i < end && text.charCodeAt(i) === SPACE) i++;
        }
      }
    }
    let prev = SPACE; // the last character outside a quote: a quote opens a string only where a scalar may start
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (quote === QUOTE && c === BACKSLASH) i++;
        else if (c === quote) {
          if (quote === APOSTROPHE && text.charCodeAt(i + 1) === APOSTROPHE) i++;
          else quote = 0;
        }
        continue;
      }
      if ((c === QUOTE || c === APOSTROPHE) && isScalarStart(prev)) quote = c;
      else if (c === HASH && (prev === SPACE || prev === TAB))
        break; // a comment
      else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        if (block + ++flow > LIMITS.depth) return tooDeep(line);
      } else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && flow > 0) flow--;
      prev = c;
    }
    if (block + flow > LIMITS.depth) return tooDeep(line);
    start = end + 1;
  }
  return null;
}

/** After these a quote starts a quoted scalar; elsewhere (`it's`) it is part of plain text. */
function isScalarStart(prev: number): boolean {
  return (
    prev === SPACE ||
    prev === TAB ||
    prev === OPEN_BRACKET ||
    prev === OPEN_BRACE ||
    prev === 44 /* , */ ||
    prev === 58 /* : */ ||
    prev === 45
  ); /* - */
}
