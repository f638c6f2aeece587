import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/**
 * Relative links of Markdown files, checked the way GitHub renders them: the target file must exist and an
 * `#anchor` must be the slug of one of its headings. Code (fenced blocks and inline spans) is not Markdown,
 * so links and headings inside it are ignored.
 */

/** One link found in a Markdown file. */
export interface MarkdownLink {
  /** 1-based line of the link. */
  line: number;
  /** The destination as written: `docs/cli.md#commands`, `#kpis`, `../test/e2e/readme/bottling.png`. */
  target: string;
}

/** A link that does not resolve, with why. */
export interface BrokenLink extends MarkdownLink {
  file: string;
  problem: string;
}

/** Destinations that leave the repository (web, mail): not checked. */
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** The lines of a Markdown text with fenced code blocks blanked (kept as empty lines so line numbers hold). */
function proseLines(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) {
      fence = open[1]!;
      return '';
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, ''); // inline code spans
  });
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped (but `-` and `_`), each space a `-`. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, ''); // inline HTML tags
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a Markdown text: heading slugs, repeated ones numbered `-1`, `-2` as GitHub does. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) {
      fence = open[1]!;
      continue;
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      continue;
    }
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$/.exec(line);
    if (!heading) continue;
    const slug = githubSlug(heading[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Every link and image destination of a Markdown text: inline `[..](..)`, `![..](..)`, reference definitions, HTML src/href. */
export function markdownLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(text).forEach((line, i) => {
    // `](dest)` closes every inline link or image, also one nested in another link's text
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ line: i + 1, target: m[1]! });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(line);
    if (definition) links.push({ line: i + 1, target: definition[1]! });
    for (const m of line.matchAll(/<(?:img|a)\s[^>]*?(?:src|href)="([^"]*)"/gi)) links.push({ line: i + 1, target: m[1]! });
  });
  return links;
}

/** Checks the relative links of `files` (absolute paths); returns the broken ones, paths relative to `root`. */
export function brokenLinks(root: string, files: string[]): BrokenLink[] {
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (file: string): Set<string> => {
    let set = anchorsOf.get(file);
    if (!set) {
      set = headingAnchors(readFileSync(file, 'utf8'));
      anchorsOf.set(file, set);
    }
    return set;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    for (const link of markdownLinks(readFileSync(file, 'utf8'))) {
      const report = (problem: string): void => {
        broken.push({ ...link, file: relative(root, file), problem });
      };
      if (EXTERNAL.test(link.target)) continue;
      if (link.target === '') {
        report('empty link');
        continue;
      }
      const hash = link.target.indexOf('#');
      const path = decodeURIComponent(hash < 0 ? link.target : link.target.slice(0, hash));
      const anchor = hash < 0 ? null : decodeURIComponent(link.target.slice(hash + 1));
      const target = path === '' ? file : resolve(dirname(file), path);
      if (!existsSync(target)) {
        report(`no file ${relative(root, target)}`);
        continue;
      }
      if (anchor === null) continue;
      if (!statSync(target).isFile() || !target.endsWith('.md')) {
        report(`an anchor into ${relative(root, target)}, which is not Markdown`);
        continue;
      }
      if (!anchors(target).has(anchor)) report(`no heading #${anchor} in ${relative(root, target)}`);
    }
  }
  return broken;
}
