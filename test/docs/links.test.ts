import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenLinks, githubSlug, headingAnchors, markdownLinks } from './markdownLinks.ts';

/** The front page and the manual: every relative link and image resolves, and the front page stays a front page. */

const ROOT = resolve(import.meta.dirname, '../..');
/** Bytes the front page may grow to (the issue asks for about 10 KB). */
const FRONT_PAGE_MAX_BYTES = 12_000;

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? markdownUnder(path) : e.name.endsWith('.md') ? [path] : [];
  });
}

describe('the checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linetwin-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Scenario files (`scenes/scenarios/*.yaml`)')).toBe('scenario-files-scenesscenariosyaml');
    expect(githubSlug('Optimizing (`--optimize KPI --target X`)')).toBe('optimizing---optimize-kpi---target-x');
    expect(githubSlug('Walk-through: accumulation or a maintenance contract for the filler?')).toBe(
      'walk-through-accumulation-or-a-maintenance-contract-for-the-filler',
    );
    expect(githubSlug('One tick, from the engine to the screen')).toBe('one-tick-from-the-engine-to-the-screen');
    expect(githubSlug('snake_case and [a link](x.md)')).toBe('snake_case-and-a-link');
    expect([...headingAnchors('# Tests\n## Tests\n```\n# not a heading\n```\n### Tests')]).toEqual(['tests', 'tests-1', 'tests-2']);
  });

  it('finds links and images, also nested, and none in code', () => {
    const text = 'See [a](a.md#x) and ![i](img/p.png).\n[![badge](b.svg)](c.md)\n`[no](code.md)`\n```\n[no](fence.md)\n```\n[ref]: d.md';
    expect(markdownLinks(text).map((l) => `${l.line}:${l.target}`)).toEqual(['1:a.md#x', '1:img/p.png', '2:b.svg', '2:c.md', '7:d.md']);
  });

  it('reports a missing file, a missing anchor in another file and in the same file, and passes good links', () => {
    mkdirSync(join(dir, 'docs'), { recursive: true });
    writeFileSync(join(dir, 'docs', 'a.md'), '# A\n## Two words\n');
    writeFileSync(
      join(dir, 'README.md'),
      [
        '# Front',
        '## Here',
        '[ok](docs/a.md) [ok](docs/a.md#two-words) [ok](#here) [web](https://example.com/x.md) [mail](mailto:x@y.z)',
        '[gone](docs/b.md) [no anchor](docs/a.md#three-words) [no local anchor](#there) ![gone](docs/pic.png)',
      ].join('\n'),
    );
    const problems = brokenLinks(dir, [join(dir, 'README.md')]).map((b) => `${b.line}:${b.target}`);
    expect(problems).toEqual(['4:docs/b.md', '4:docs/a.md#three-words', '4:#there', '4:docs/pic.png']);
  });
});

describe('README.md and docs/', () => {
  const files = [join(ROOT, 'README.md'), ...markdownUnder(join(ROOT, 'docs'))];

  it('has a manual to check', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => markdownLinks(readFileSync(f, 'utf8'))).length).toBeGreaterThan(20);
  });

  it('links only to files and headings that exist', () => {
    const broken = brokenLinks(ROOT, files).map((b) => `${b.file}:${b.line}: ${b.target}: ${b.problem}`);
    expect(broken).toEqual([]);
  });

  it(`keeps the front page under ${FRONT_PAGE_MAX_BYTES} bytes`, () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(FRONT_PAGE_MAX_BYTES);
  });
});
