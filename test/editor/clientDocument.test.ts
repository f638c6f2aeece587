import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editSceneText, readSceneDocument, writeSceneDocument } from '../../src/editor/sceneDocument.ts';
import { TEMPLATES, EMPTY_FLOOR } from '../../src/editor/templates.ts';
import { validateScene } from '../../src/editor/validate.ts';

/**
 * The editor's YAML document module on every bundled scene: read and written without an edit, a file is the same
 * text byte for byte (comments, key order, flow and block style, folded descriptions); one edit changes one line.
 * The templates are valid scenes.
 */

const SCENES = readdirSync('scenes').filter((f) => f.endsWith('.yaml'));

describe('the scene document', () => {
  it('finds the bundled scenes', () => {
    expect(SCENES.length).toBeGreaterThanOrEqual(7);
  });
  it.each(SCENES)('%s reads and writes back as the same text', (file) => {
    const text = readFileSync(join('scenes', file), 'utf8');
    expect(writeSceneDocument(readSceneDocument(text))).toBe(text);
  });
  it.each(SCENES)('%s: changing the seed changes that line only', (file) => {
    const text = readFileSync(join('scenes', file), 'utf8');
    const edited = editSceneText(text, (doc) => doc.setIn(['run', 'seed'], 4242));
    const before = text.split('\n'),
      after = edited.split('\n');
    expect(after.length).toBe(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    expect(after[changed[0]!]).toContain('4242');
    expect(validateScene(edited, file).issues).toEqual([]);
  });
  it('keeps a comment after a key whose value is a block map on that line', () => {
    const text = 'a: # why\n  b: 1\n  c: [1, 2]\nd: { e: 1 }\n';
    expect(writeSceneDocument(readSceneDocument(text))).toBe(text);
  });
});

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.key, t.text] as const))('%s is a valid scene', (key, text) => {
    expect(validateScene(text, `${key}.yaml`).issues).toEqual([]);
  });
  it('the empty floor parses as YAML and asks for stations', () => {
    const { issues } = validateScene(EMPTY_FLOOR, 'new.yaml');
    expect(issues.map((i) => i.path)).toContain('stations');
  });
});
