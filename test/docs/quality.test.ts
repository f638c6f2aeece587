import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { runReplication, settingsFor } from '../../server/scene/run.ts';
import { meanOf, type MachineSpec } from '../../server/sim/index.ts';
import type { Scene } from '../../server/scene/index.ts';

/**
 * The worked examples of docs/quality.md: every figure in their tables, the closed forms (computed here from the
 * scene's own figures) and the `twin run` results, must be what the document shows, to the digits it shows; and
 * each run must lie within sampling noise of its closed form. A change to the engine, the scene or the document
 * that moves a number fails here.
 */

const DOC = readFileSync('docs/quality.md', 'utf8');

/** The text under a `## ` heading, up to the next one. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/quality.md has a section "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The cells of the table row whose first cell starts with `label`. */
function row(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`| ${label}`));
  expect(line, `a table row "${label}"`).toBeDefined();
  return line!
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The number in a cell equals `value` rounded to the decimals the cell shows. */
function expectShown(cell: string, value: number, what: string): void {
  const text = cell.replace(/,/g, '');
  expect(text, what).toMatch(/^-?\d+(\.\d+)?$/);
  const decimals = text.split('.')[1]?.length ?? 0;
  expect(Math.abs(value - Number(text)), `${what}: shown ${cell}, computed ${value}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

/** The sampling standard deviation of a share p estimated from n trials. */
const sd = (p: number, n: number): number => Math.sqrt((p * (1 - p)) / n);

const machine = (scene: Scene, id: string): MachineSpec => scene.line.stations.find((s) => s.id === id) as MachineSpec;

describe("docs/quality.md, the packaging line's camera", () => {
  it('shows the closed forms of the scene and the figures of `twin run`, and they agree within the noise', async () => {
    const scene = await loadScene('scenes/packaging-vision.yaml');
    const d = machine(scene, 'LAYUP').defects![0]!;
    const { detect: D, falseReject: F } = machine(scene, 'CAMERA').inspection!;
    const s = machine(scene, 'BAG').scrap ?? 0;
    // the closed forms assume a certain manual check that scraps what it finds, and no other defect or loss
    expect(machine(scene, 'MANUAL_CHECK').inspection).toEqual({ detect: 1, falseReject: 0, reject: 'scrap' });
    const lossy = scene.line.stations.filter((m) => (m as MachineSpec).scrap || (m as MachineSpec).defects).map((m) => m.id);
    expect(lossy.sort()).toEqual(['BAG', 'LAYUP']);

    const r = runReplication(scene, { ...settingsFor(scene, {}), replication: 0 });
    const cam = r.stations.CAMERA!;
    const q = r.quality!;
    const ended = r.produced.good + r.produced.scrap;
    const figures: Array<[string, number, number, number]> = [
      // label, closed form, run, sampling sd of the run
      ['camera rejection share', d * D + (1 - d) * F, cam.reworked / cam.processed, sd(d * D + (1 - d) * F, cam.processed)],
      ['real defects among the rejects', (d * D) / (d * D + (1 - d) * F), cam.quality!.detected / cam.reworked, sd(0.63, cam.reworked)],
      ['escapePpm', ((d * (1 - D)) / (1 - d * D)) * 1e6, q.escapePpm, sd(d * (1 - D), r.produced.good) * 1e6],
      ['firstPassYield', (1 - d) * (1 - F) * (1 - s), q.firstPassYield, sd(0.975, ended)],
      ['finalYield', (1 - d) * (1 - s), q.finalYield, sd(0.983, ended)],
      ['scrap share', d * D + (1 - d * D) * s, r.produced.scrap / ended, sd(0.015, ended)],
    ];
    const table = section("A worked example to check by hand: the packaging line's camera");
    for (const [label, closed, run, noise] of figures) {
      const [, shownClosed = '', shownRun = ''] = row(table, label);
      expectShown(shownClosed, closed, `${label}, closed form`);
      expectShown(shownRun, run, `${label}, twin run`);
      expect(Math.abs(run - closed), `${label}: run ${run} vs closed form ${closed}`).toBeLessThan(4 * noise);
    }
    expect(table).toContain(`${r.produced.good + r.produced.scrap}`.replace(/\B(?=(\d{3})+$)/g, ','));
    expect(table).toContain(`${q.escapes} escapes`);
  });
});

describe('docs/quality.md, two products on one machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linetwin-quality-doc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the scene the document shows, random and in lots of 100, to the throughput and setup share it shows', async () => {
    const text = section('A worked example to check by hand: two products, one machine');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
    expect(yaml).toBeDefined();
    expect(yaml).toContain('sequence: random\n');
    writeFileSync(join(dir, 'random.yaml'), yaml!);
    writeFileSync(join(dir, 'batch.yaml'), yaml!.replace('sequence: random\n', 'sequence: { batch: 100 }\n'));
    const throughput = row(text, 'throughputPerHour');
    const setup = row(text, '`stations.M.stateShare.setup`');

    for (const [file, column] of [
      ['random.yaml', 1],
      ['batch.yaml', 3],
    ] as const) {
      const scene = await loadScene(join(dir, file));
      const m = machine(scene, 'M');
      const [a, b] = m.cycleTimes!.map(meanOf) as [number, number];
      const c = meanOf(m.changeover!.times[0]![1]!);
      expect(meanOf(m.changeover!.times[1]![0]!)).toBe(c);
      const p = scene.line.products![0]!.share;
      const n = 100;
      // seconds per part, and of it in setup: random draws change product with probability 2 p (1 - p); lots of
      // n change twice per 2 n parts, whatever the shares
      const [perPart, setupPerPart] =
        file === 'random.yaml'
          ? [p * a + (1 - p) * b + 2 * p * (1 - p) * c, 2 * p * (1 - p) * c]
          : [(n * a + n * b + 2 * c) / (2 * n), c / n];
      const r = runReplication(scene, { ...settingsFor(scene, {}), replication: 0 });
      const closed = [3600 / perPart, setupPerPart / perPart];
      const run = [r.throughputPerHour, r.stations.M!.stateShare.setup];
      expectShown(throughput[column]!, closed[0]!, `${file} throughput, closed form`);
      expectShown(throughput[column + 1]!, run[0]!, `${file} throughput, twin run`);
      expectShown(setup[column]!, closed[1]!, `${file} setup share, closed form`);
      expectShown(setup[column + 1]!, run[1]!, `${file} setup share, twin run`);
      expect(Math.abs(run[0]! / closed[0]! - 1)).toBeLessThan(file === 'random.yaml' ? 0.01 : 0.001);
    }
  });
});
