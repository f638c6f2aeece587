// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareExperiment, runExperiment } from '../../server/experiments/index.ts';
import type { ExperimentResultWire } from '../../server/protocol/experiments.ts';
import { MaintenanceChart } from '../../src/experiments/MaintenanceChart.tsx';
import { thresholdChart } from '../../src/experiments/maintenanceChart.ts';

/**
 * The Experiments view's precision/recall chart of a maintenance threshold study, on real results of the wear test
 * line (two wearing machines sharing a fitter): a sweep of the warning level moves precision and recall, variants
 * of the condition threshold leave them level (scored on the run-to-failure twin), and the marked value is the
 * one with the lowest mean maintenance cost (priced) or the best throughput (unpriced).
 */

/** happy-dom has no canvas: uPlot is replaced by a stand-in that keeps what it was given. */
const plots = vi.hoisted(() => [] as Array<{ opts: { hooks: { draw: Array<(u: unknown) => void> } }; data: number[][] }>);
vi.mock('uplot', () => ({
  default: class {
    constructor(opts: (typeof plots)[number]['opts'], data: number[][]) {
      plots.push({ opts, data });
    }
    setSize(): void {}
    destroy(): void {}
  },
}));

const SCENE = 'test/fixtures/wear-line.yaml';
const PRICES = 'cost: { technicianPerHour: 80, sparePartsPerRepair: 900, sparePartsPerService: 300, downtimePerHour: 600 }';
const plain = readFileSync(SCENE, 'utf8');
const priced = plain
  .replace(
    'maintenance: { policy: condition, threshold: 5.5, duration: 15min, crew: fitters }',
    `maintenance: { policy: condition, threshold: 5.5, duration: 15min, crew: fitters, ${PRICES} }`,
  )
  .replace(
    'maintenance: { policy: none, duration: 15min, crew: fitters }',
    `maintenance: { policy: none, duration: 15min, crew: fitters, ${PRICES} }`,
  );

async function run(sceneText: string, body: string): Promise<ExperimentResultWire> {
  const text = `name: threshold study\nscene: wear-line.yaml\nhorizon: 8h\nwarmup: 0s\nreplications: 3\n${body}`;
  const design = await prepareExperiment({ file: 'study.yaml', text, sceneFile: SCENE, sceneText });
  // Through JSON, as the browser receives it.
  return JSON.parse(JSON.stringify(await runExperiment(design, { workers: 0 }))) as ExperimentResultWire;
}

const VARIANTS = `variants:
  - name: baseline
  - name: early
    set: { CNC.maintenance.threshold: 4.5 }
  - name: middle
    set: { CNC.maintenance.threshold: 5.0 }
  - name: late
    set: { CNC.maintenance.threshold: 6.5 }
`;

let warnSweep: ExperimentResultWire;
let thresholdVariants: ExperimentResultWire;
let unpriced: ExperimentResultWire;
beforeAll(async () => {
  warnSweep = await run(priced, 'sweep:\n  LATHE.wear.warnAt: [3.0, 5.0, 7.5]\n');
  thresholdVariants = await run(priced, VARIANTS);
  unpriced = await run(plain, VARIANTS);
});
afterEach(cleanup);

const line = (chart: NonNullable<ReturnType<typeof thresholdChart>>, label: string) => chart.lines.find((l) => l.label === label)!;
const mean = (r: ExperimentResultWire, kpi: string): number[] =>
  r.variants.map((p) => kpi.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], p.mean) as number);

describe('the threshold chart', () => {
  it('a sweep of wear.warnAt: precision and recall per machine against it, recall falling as the level rises', () => {
    const chart = thresholdChart(warnSweep)!;
    expect(chart.kind).toBe('wear.warnAt');
    expect(chart.path).toBe('LATHE.wear.warnAt');
    expect(chart.x).toEqual([3, 5, 7.5]);
    const recall = line(chart, 'LATHE recall').mean as number[];
    expect(recall.every((v) => v >= 0 && v <= 1)).toBe(true);
    // at 3.0 the warning comes in stage 2, mostly more than the 40 min horizon before the failure; at 7.5 in stage 4
    expect(recall[2]!).toBeGreaterThan(recall[0]!);
    expect(line(chart, 'LATHE precision').halfWidth.every((h) => h === null || h >= 0)).toBe(true);
    // the CNC's warning level is not swept: its precision is the same in every point (common random numbers)
    expect(new Set(line(chart, 'CNC precision').mean).size).toBe(1);
  });

  it('variants that set maintenance.threshold: precision and recall stay level; the marker is the lowest mean cost', () => {
    const chart = thresholdChart(thresholdVariants, VARIANTS)!;
    expect(chart.kind).toBe('maintenance.threshold');
    expect(chart.path).toBe('CNC.maintenance.threshold');
    expect(chart.x).toEqual([4.5, 5, 6.5]); // the baseline sets none: its value is the scene's, not known here
    expect(new Set(line(chart, 'CNC precision').mean).size).toBe(1);
    expect(new Set(line(chart, 'CNC recall').mean).size).toBe(1);
    const costs = mean(thresholdVariants, 'maintenanceCost.total').slice(1); // early, middle, late
    const best = costs.indexOf(Math.min(...costs));
    expect(chart.optimum).toMatchObject({ by: 'maintenanceCost.total', x: chart.x[best], point: ['early', 'middle', 'late'][best] });
  });

  it('unpriced: the marker is the best throughput', () => {
    const chart = thresholdChart(unpriced, VARIANTS)!;
    const throughput = mean(unpriced, 'throughputPerHour').slice(1);
    expect(chart.optimum).toMatchObject({ by: 'throughputPerHour', x: chart.x[throughput.indexOf(Math.max(...throughput))] });
  });

  it('no chart for a run that does not differ in a threshold', () => {
    expect(thresholdChart(thresholdVariants)).toBeNull(); // no sweep and no text to read the variants from
    expect(thresholdChart(unpriced, 'variants:\n  - name: a\n    set: { CNC.cycleTime: 20s }\n')).toBeNull();
  });
});

describe('the chart in the results view', () => {
  it('draws the figure and names the cost-optimal threshold and what the chart can show', () => {
    plots.length = 0;
    render(<MaintenanceChart result={thresholdVariants} text={VARIANTS} />);
    expect(plots).toHaveLength(1);
    expect(plots[0]!.data[0]).toEqual([4.5, 5, 6.5]); // x: the thresholds
    expect(plots[0]!.data).toHaveLength(1 + 4); // CNC and LATHE, precision and recall
    expect(plots[0]!.opts.hooks.draw).toHaveLength(2); // the whiskers and the optimum's marker
    const figure = screen.getByTestId('chart-threshold');
    expect(figure.dataset['kind']).toBe('maintenance.threshold');
    expect(figure.textContent).toContain('Warning precision and recall against CNC.maintenance.threshold');
    const note = screen.getByTestId('threshold-optimum').textContent;
    expect(note).toMatch(/^Cost-optimal maintenance\.threshold: [\d.]+ \((early|middle|late), maintenance cost /);
    expect(note).toContain('precision and recall stay level');
    cleanup();
    render(<MaintenanceChart result={warnSweep} />);
    expect(screen.getByTestId('threshold-optimum').textContent).toContain('more of its warnings come before the horizon');
  });

  it('unpriced, it says so; nothing for a run without a threshold study', () => {
    render(<MaintenanceChart result={unpriced} text={VARIANTS} />);
    expect(screen.getByTestId('threshold-optimum').textContent).toMatch(/^Not priced: best throughput at maintenance\.threshold/);
    cleanup();
    const { container } = render(<MaintenanceChart result={unpriced} />);
    expect(container.innerHTML).toBe('');
  });
});
