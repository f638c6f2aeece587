import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SceneError } from '../../server/scene/index.ts';
import { loadScenario } from '../../server/training/load.ts';
import { loadStory } from '../../server/training/story.ts';
import { runScenarioHeadless } from '../../server/training/headless.ts';
import { validateCommand } from '../../server/commands/validate.ts';

/** The scenario and story formats: bundled and fixture files load; bad files give friendly path errors. */

const FIX = 'test/fixtures/training';
const filesIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f));

/** The problems a file has, one line each. */
async function problems(load: () => Promise<unknown>): Promise<string[]> {
  try {
    await load();
  } catch (e) {
    if (e instanceof SceneError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('bundled scenarios', () => {
  const files = filesIn('scenes/scenarios');
  it('ship at least three: breakdown, bottleneck shift, energy peak', () => {
    expect(files.map((f) => f.split('/').pop())).toEqual(
      expect.arrayContaining(['breakdown-recovery.yaml', 'bottleneck-shift.yaml', 'energy-peak.yaml']),
    );
  });

  it.each(files)(
    '%s is valid and runs headless to its end, every task decided',
    async (file) => {
      const scenario = await loadScenario(file);
      expect(scenario.description).not.toBe('');
      const run = runScenarioHeadless(scenario);
      expect(run.report.state.status).toBe('finished');
      expect(run.session.sim.now).toBe(scenario.duration);
      expect(run.report.state.steps.every((s) => s.done)).toBe(true);
      expect(run.report.state.tasks.length).toBeGreaterThanOrEqual(3);
      expect(run.report.state.tasks.every((t) => t.status === 'closed')).toBe(true);
    },
    60_000,
  ); // act-on-warning drives the CNC cell through two days of wear first: seconds on a loaded machine

  it.each(files)(
    '%s passes `twin validate`',
    async (file) => {
      const lines: string[] = [];
      await validateCommand(file, (t) => lines.push(t));
      expect(lines[0]).toMatch(/: ok — scenario ".+", \d+ steps, \d+ tasks; ran headless to its end/);
    },
    60_000,
  );
});

describe('bundled stories', () => {
  const files = filesIn('scenes/stories');
  it.each(files)('%s is valid: the same scene twice, the after side changed', async (file) => {
    const story = await loadStory(file);
    expect(story.info.before.title).not.toBe(story.info.after.title);
    expect(story.before.scene.name).toBe(story.after.scene.name);
    const changed = story.after.changes.length > 0 || JSON.stringify(story.before.scene.line) !== JSON.stringify(story.after.scene.line);
    expect(changed).toBe(true);
    const lines: string[] = [];
    await validateCommand(file, (t) => lines.push(t));
    expect(lines[0]).toContain(': ok — story');
    if (story.middle) {
      // a middle side is a third variant of the same scene, different from both others
      expect(story.middle.scene.name).toBe(story.before.scene.name);
      for (const other of [story.before, story.after])
        expect(JSON.stringify(story.middle.scene.line)).not.toBe(JSON.stringify(other.scene.line));
      expect(lines[0]).toContain(`"${story.info.before.title}" vs "${story.info.middle!.title}" vs "${story.info.after.title}"`);
    }
  });
});

describe('the scenario format', () => {
  it('loads a scenario with every step and task kind, in time order, with defaults filled in', async () => {
    const s = await loadScenario(`${FIX}/scenarios/quick.yaml`);
    expect(s.key).toBe('quick');
    expect(s.sceneKey).toBe('line');
    expect(s.start).toBe(60);
    expect(s.duration).toBe(720);
    expect(s.steps.map((x) => x.at)).toEqual([...s.steps.map((x) => x.at)].sort((a, b) => a - b));
    const sum = s.steps.find((x) => x.action.kind === 'ask' && x.action.task.id === 'sum');
    expect(sum?.action).toMatchObject({ task: { check: { kind: 'choice', answer: 1 }, points: 1, timeLimit: null } });
    const first = s.steps.find((x) => x.action.kind === 'ask' && x.action.task.id === 'first');
    expect(first?.action).toMatchObject({ task: { check: { kind: 'firstFailure', after: 120 } } });
    expect(s.controls).toEqual([
      { action: 'repair', stations: [] },
      { action: 'stop', stations: ['M1'], duration: 120 },
      { action: 'speed', stations: ['M1', 'M2'], percents: [100, 50] },
    ]);
    expect(s.steps.find((x) => x.action.kind === 'intervene')?.label).toBe('Fault on M2');
  });

  it('names the file, the path and a likely key for a misspelling', async () => {
    const lines = await problems(() => loadScenario(`${FIX}/bad/unknown-key.yaml`));
    expect(lines).toContain(`${FIX}/bad/unknown-key.yaml: steps[0].mesage: unknown key "mesage" (did you mean "message"?)`);
  });

  it('checks references against the scene and the file as a whole', async () => {
    const file = `${FIX}/bad/references.yaml`;
    const lines = await problems(() => loadScenario(file));
    expect(lines).toEqual(
      expect.arrayContaining([
        `${file}: controls[0].stations[0]: B1 is a buffer; this needs a machine (M1, M2)`,
        `${file}: steps[0].fault.station: no station "M22" in the scene "Training test line" (did you mean "M2"?)`,
        `${file}: steps[1].set.station: M1 is a machine; capacity can be set on buffers only`,
        `${file}: steps[2].ask.answer: option 2 does not exist: options are numbered 0 to 1`,
        `${file}: steps[3].ask.id: duplicate task id "q" (also at steps[2])`,
        `${file}: steps[3].ask.answer: is not one of the options (did you mean "yes"?)`,
        expect.stringMatching(/^.+: steps\[4\]\.ask\.window: must not be longer than within \(60 s\)/),
        `${file}: steps[5].at: is after the end of the scenario (300 s)`,
      ]),
    );
  });

  it('wants one action per step, a pause only with a message, and an end', async () => {
    const file = `${FIX}/bad/no-end.yaml`;
    const lines = await problems(() => loadScenario(file));
    expect(lines).toEqual(
      expect.arrayContaining([
        `${file}: steps[0]: has 2 actions (message, fault): give each its own step`,
        expect.stringContaining(`${file}: steps[1]: needs one action`),
        `${file}: steps[1].pause: goes with a message (pause and show it)`,
      ]),
    );
  });

  it('says where the scene file was looked for', async () => {
    const lines = await problems(() => loadScenario(`${FIX}/bad/missing-scene.yaml`));
    expect(lines[0]).toMatch(
      /missing-scene\.yaml: scene: no scene file at .*test\/fixtures\/training\/nowhere\.yaml \(the path is relative to this file\)/,
    );
  });

  it('validates a story: overrides against the scene, changes against the line', async () => {
    const file = `${FIX}/bad/story.yaml`;
    const lines = await problems(() => loadStory(file));
    expect(lines).toEqual(
      expect.arrayContaining([
        `${file}: before.overrides.M9: no station "M9" in the scene`,
        expect.stringMatching(/^.+: after\.overrides: make the scene invalid: stations\[1\]\.scrap: must be < 1/),
        `${file}: before.changes[0]: M1 is a machine; capacity can be changed on buffers only`,
        `${file}: middle.overrides.M8: no station "M8" in the scene`,
      ]),
    );
  });

  it('`twin validate` tells scenarios and stories from scenes by folder or `kind:`', async () => {
    const lines: string[] = [];
    await validateCommand(`${FIX}/scenarios/quick.yaml`, (t) => lines.push(t));
    await validateCommand(`${FIX}/stories/quick.yaml`, (t) => lines.push(t));
    await validateCommand(`${FIX}/line.yaml`, (t) => lines.push(t));
    expect(lines[0]).toContain('ok — scenario "Quick check" on "Training test line", 12 steps, 7 tasks');
    expect(lines[1]).toContain('ok — story "Quick story"');
    const three: string[] = [];
    await validateCommand(`${FIX}/stories/three.yaml`, (t) => three.push(t));
    expect(three[0]).toContain('ok — story "Three buffers" on "Training test line": "Buffer of 5" vs "Buffer of 10" vs "Buffer of 20"');
    expect(lines[2]).toContain('ok — "Training test line", 5 stations');
    await expect(validateCommand(`${FIX}/bad/unknown-key.yaml`, () => {})).rejects.toThrow(/did you mean "message"/); // by its `kind:`
  });
});
