import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SceneError } from '../../server/scene/index.ts';
import { loadStory } from '../../server/training/story.ts';
import { parsePath } from '../../server/training/storySceneKeys.ts';

/**
 * A story side may replace the scene's `shifts` and `energy` (docs/presentation.md): they are validated exactly as
 * the scene's own keys, and a mistake is told with the story file and the place it is written in the story.
 */

const LINE = resolve('test/fixtures/training/line.yaml');
const dir = mkdtempSync(join(tmpdir(), 'story-keys-'));
let n = 0;

/** Writes a story over the training test line with these sides' extra keys and returns its path. */
function storyFile(before: string, after: string, base = ''): string {
  const file = join(dir, `story-${++n}.yaml`);
  writeFileSync(
    file,
    [
      'kind: story',
      'name: Keys',
      `scene: ${LINE}`,
      'speed: 600',
      'duration: 1h',
      ...(base ? ['base:', base] : []),
      'before:',
      '  title: Before',
      '  caption: As it is',
      before,
      'after:',
      '  title: After',
      '  caption: Moved',
      after,
      '',
    ].join('\n'),
  );
  return file;
}

/** The error a story is refused with. */
async function refusal(file: string): Promise<SceneError> {
  try {
    await loadStory(file);
  } catch (e) {
    if (e instanceof SceneError) return e;
    throw e;
  }
  throw new Error('expected the story to be refused');
}

const problems = async (file: string): Promise<string[]> => (await refusal(file)).message.split('\n');

describe('story sides with shifts and energy', () => {
  it('replace the scene’s calendar and prices on that side only; null removes them', async () => {
    const file = storyFile(
      '',
      [
        '  shifts: [{ days: mon-fri, from: "22:00", to: "06:00" }]',
        '  energy: { tariff: [{ days: daily, from: "07:00", to: "21:00", price: 0.24 }, { default: 0.12 }], baseLoad: 5 }',
      ].join('\n'),
    );
    const story = await loadStory(file);
    expect(story.before.scene.line.shifts).toBeUndefined();
    expect(story.after.scene.line.shifts).toBeDefined();
    expect(story.after.scene.line.energy).toBeDefined();
    expect(story.before.scene.line.energy).toBeUndefined();
    const removed = await loadStory(storyFile('  shifts: null', '', '  shifts: [{ days: daily, from: "06:00", to: "14:00" }]'));
    expect(removed.before.scene.line.shifts).toBeUndefined(); // the side's null wins over base
    expect(removed.after.scene.line.shifts).toBeDefined(); // base applies
  });

  it('refuses bad shifts in a side with the file and the side’s path', async () => {
    const file = storyFile('', '  shifts: [{ days: mon-fri, from: "06:00", to: "14:00" }, { days: mon-fri, from: "25:00", to: "22:00" }]');
    const { issues, message } = await refusal(file);
    expect(message).toBe(`${file}: after.shifts[1].from: invalid time "25:00": expected "HH:MM" between 00:00 and 24:00`);
    expect(issues[0]!.line).toBe(13); // where the side writes it, in the story file
  });

  it('refuses a bad tariff in a side and a bad calendar in base, each where it is written', async () => {
    const file = storyFile(
      '  energy: { tariff: [{ days: mon-fri, from: "07:00", to: "21:00", price: 0.24 }, { days: fri, from: "20:00", to: "22:00", price: 0.3 }] }',
      '',
      '  shifts: [{ days: someday, from: "06:00", to: "14:00" }]',
    );
    const lines = await problems(file);
    expect(lines.some((l) => /: before\.energy\.tariff\[1\]: overlaps entry 0 on fri 20:00 with another price/.test(l))).toBe(true);
    expect(lines.filter((l) => /: base\.shifts\[0\]\.days: /.test(l))).toHaveLength(1); // told once, not once per side
    expect(lines.every((l) => l.startsWith(file))).toBe(true);
  });

  it('reads a message’s data path back into keys', () => {
    expect(parsePath('shifts[1].from')).toEqual(['shifts', 1, 'from']);
    expect(parsePath('energy.tariff[0]["a key"]')).toEqual(['energy', 'tariff', 0, 'a key']);
    expect(parsePath('')).toEqual([]);
  });
});
