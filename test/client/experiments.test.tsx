// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareExperiment, runExperiment } from '../../server/experiments/index.ts';
import { MAX_EXPERIMENT_TEXT, type ExperimentResultWire } from '../../server/protocol/experiments.ts';
import { formatExperimentReport } from '../../server/report/experiment.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import {
  definitionToText,
  designSize,
  formToDefinition,
  newForm,
  parseValue,
  placesInError,
  textToForm,
  type ExperimentForm,
} from '../../src/experiments/definition.ts';
import { connectExperiments, MAX_TEXT, type ExperimentsClient } from '../../src/experiments/experimentsClient.ts';
import { ExperimentForm as FormView } from '../../src/experiments/ExperimentForm.tsx';
import { ResultsTable } from '../../src/experiments/ResultsTable.tsx';
import { comparisonTable, factorSeries, kpiChoices, plusMinus, pointSeries } from '../../src/experiments/results.ts';
import { ExperimentsProvider } from '../../src/experiments/runtime.tsx';
import { createExperimentsStore, type ExperimentsStore } from '../../src/experiments/store.ts';
import { createFakeSocket, memoryStorage, snapshotAt, type FakeSocket } from './fakeLine.ts';

/** The Experiments view without a server: the form's mapping to an experiment file, the results table, the client. */

const SCENE = 'scenes/two-machine.yaml';
const sceneText = readFileSync(SCENE, 'utf8');
/** The server's own check of a definition's text (what `experiment:start` runs first). */
const design = (text: string) => prepareExperiment({ file: 'form.yaml', text, sceneFile: SCENE, sceneText });

const filled = (): ExperimentForm => ({
  ...newForm('two-machine'),
  name: 'Faster M2?',
  horizon: '4h',
  warmup: '30min',
  replications: '3',
  variants: [
    { name: 'baseline', settings: [] },
    {
      name: 'faster M2',
      settings: [
        { path: 'M2.cycleTime.mean', value: '1s' },
        { path: '', value: '' },
      ],
    },
    { name: 'reliable M1', settings: [{ path: 'M1.failures', value: 'null' }] },
    { name: 'repair contract', settings: [{ path: 'M1.failures', value: '{ mtbf: 90s, mttr: 5s }' }] },
  ],
  sweeps: [{ path: 'B1.capacity', values: '2, 5, unlimited' }],
});

describe('the form as an experiment file', () => {
  it('maps rows to `set` and `sweep` with values read as YAML, in a text the server accepts', async () => {
    const { definition, problems } = formToDefinition(filled());
    expect(problems).toEqual([]);
    expect(definition).toEqual({
      name: 'Faster M2?',
      scene: '../two-machine.yaml',
      horizon: '4h',
      warmup: '30min',
      replications: 3,
      variants: [
        { name: 'baseline' },
        { name: 'faster M2', set: { 'M2.cycleTime.mean': '1s' } }, // the empty row is no setting
        { name: 'reliable M1', set: { 'M1.failures': null } },
        { name: 'repair contract', set: { 'M1.failures': { mtbf: '90s', mttr: '5s' } } },
      ],
      sweep: { 'B1.capacity': [2, 5, 'unlimited'] },
    });
    const text = definitionToText(definition);
    expect(text).toContain('    set: { M2.cycleTime.mean: 1s }\n');
    expect(text).toContain('  B1.capacity: [ 2, 5, unlimited ]\n');
    const d = await design(text);
    expect(d.points).toHaveLength(12);
    expect(d.points.map((p) => p.name)).toContain('repair contract, B1.capacity=unlimited');
    expect(d.settings).toMatchObject({ horizon: 4 * 3600, warmup: 1800, replications: 3 });
    expect(designSize(filled())).toEqual({ points: 12, jobs: 36 });
  });

  it('reads an experiment file into the form and back to the same data', () => {
    for (const file of ['scenes/experiments/buffer-sizing.yaml', 'scenes/experiments/filler-buffer-vs-maintenance.yaml']) {
      const text = readFileSync(file, 'utf8');
      const read = textToForm(text);
      if ('error' in read) throw new Error(read.error);
      const { definition, problems } = formToDefinition(read.form);
      expect(problems).toEqual([]);
      expect(parse(definitionToText(definition))).toEqual(parse(text)); // comments aside, the same file
    }
    expect(MAX_TEXT).toBe(MAX_EXPERIMENT_TEXT); // the client's copy of the server's limit
    expect(textToForm(sceneText)).toEqual({ error: expect.stringMatching(/has no `scene:`/) });
    expect(textToForm('name: [oops')).toEqual({ error: expect.stringMatching(/not valid YAML/) });
  });

  it("finds the form's own problems, each at its place", () => {
    const form = filled();
    form.name = ' ';
    form.replications = '1';
    form.variants[2]!.name = 'faster M2';
    form.variants[3]!.settings[0]!.value = '{ mtbf: 90s';
    form.variants[1]!.settings[1] = { path: '', value: '2s' };
    form.sweeps.push({ path: 'M2.scrap', values: '' });
    const where = formToDefinition(form).problems.map((p) => p.where);
    expect(where).toEqual(['name', 'replications', 'variants[1].set[1]', 'variants[2].name', 'variants[3].set[0]', 'sweep[1]']);
    expect(parseValue('5')).toEqual({ value: 5 });
    expect(parseValue('1.75min')).toEqual({ value: '1.75min' });
    expect(parseValue('')).toEqual({ error: 'a value is needed' });
  });

  it('marks the rows a server error names', () => {
    const message = [
      'form.yaml: variants[1].set["M2.cycleTme.mean"]: M2 has no "cycleTme" to change (did you mean "cycleTime"?)',
      'form.yaml: sweep["B9.capacity"]: no station "B9" in the scene (its stations: IN, M1, B1, M2, OUT)',
      'form.yaml: horizon: invalid duration "1 fortnight"',
    ].join('\n');
    const form = filled();
    form.variants[1]!.settings[0]!.path = 'M2.cycleTme.mean';
    form.sweeps[0]!.path = 'B9.capacity';
    expect([...placesInError(message, form)].sort()).toEqual(['horizon', 'sweep[0]', 'variants[1].set[0]']);
  });
});

let result: ExperimentResultWire;
beforeAll(async () => {
  const text = definitionToText(
    formToDefinition({ ...filled(), variants: filled().variants.slice(0, 2), sweeps: [{ path: 'B1.capacity', values: '1, 5' }] })
      .definition,
  );
  // Through JSON, as the browser receives it.
  result = JSON.parse(JSON.stringify(await runExperiment(await design(text), { workers: 0 }))) as ExperimentResultWire;
});

describe('the results', () => {
  it("writes means ± half-widths and differences with the CLI's digits", () => {
    expect(plusMinus(29887.3, 307.2, 1)).toBe('29887 ± 307');
    expect(plusMinus(82.93, 0.91, 1)).toBe('82.9 ± 0.9');
    expect(plusMinus(5.6034, 0.0291, 2)).toBe('5.603 ± 0.029');
    expect(plusMinus(547.2, 165.4, 1, true)).toBe('+547 ± 165');
    expect(plusMinus(-4.08, 2.5, 1, true)).toBe('-4.1 ± 2.5');
    expect(plusMinus(NaN, 1, 1)).toBe('–');
    const table = comparisonTable(result);
    const report = formatExperimentReport(result);
    for (const row of table.rows) for (const cell of row.cells) expect(report).toContain(cell.mean); // the same numbers as the terminal
  });

  it('gives every point a row: rank, means, paired differences from the baseline with significance', () => {
    const table = comparisonTable(result);
    expect(table.columns.map((c) => c.kpi)).toEqual(['throughputPerHour', 'oee', 'wipMean', 'leadTimeMean', 'energy.kWhPerGoodPart']);
    expect(table.rows.map((r) => r.name)).toEqual([
      'baseline, B1.capacity=1',
      'baseline, B1.capacity=5',
      'faster M2, B1.capacity=1',
      'faster M2, B1.capacity=5',
    ]);
    expect(table.rows.map((r) => r.baseline)).toEqual([false, true, false, false]); // the scene's own buffer of 5
    expect(table.rows.map((r) => r.rank).sort()).toEqual([1, 2, 3, 4]);
    const base = table.rows[1]!;
    expect(base.cells.every((c) => c.diff === null && !c.significant)).toBe(true);
    const faster = table.rows[3]!;
    const thr = faster.cells[0]!;
    const d = result.variants[3]!.diff['throughputPerHour']!;
    expect(thr.significant).toBe(d.significant);
    expect(thr.diff).toBe(plusMinus(d.mean, d.halfWidth, 1, true));
    expect(thr.mean).toMatch(/^\d+(\.\d+)? ± \d+(\.\d+)?$/);
    const oee = faster.cells[1]!;
    expect(oee.mean).toBe(plusMinus(result.variants[3]!.mean.oee * 100, (result.variants[3]!.ci95 as { oee: number }).oee * 100, 1)); // OEE in %
    expect(table.best).toBe(result.ranking[0]);
    // a chosen KPI joins the columns
    expect(comparisonTable(result, 'stations.M2.oee.availability').columns.at(-1)!.kpi).toBe('stations.M2.oee.availability');
  });

  it('gives the charts their series: per point, and against the swept factor per variant', () => {
    expect(kpiChoices(result).slice(0, 5)).toEqual(['throughputPerHour', 'oee', 'wipMean', 'leadTimeMean', 'energy.kWhPerGoodPart']);
    expect(kpiChoices(result)).toContain('stations.M1.oee.availability');
    const points = pointSeries(result, 'oee');
    expect(points.labels).toHaveLength(4);
    expect(points.mean[0]).toBeCloseTo(result.variants[0]!.mean.oee * 100);
    const against = factorSeries(result, 'throughputPerHour', 'B1.capacity')!;
    expect(against.x).toEqual([1, 5]);
    expect(against.lines.map((l) => l.label)).toEqual(['baseline', 'faster M2']);
    expect(against.lines[1]!.mean[1]).toBeCloseTo(result.variants[3]!.mean.throughputPerHour);
    expect(factorSeries(result, 'oee', 'M2.scrap')).toBeNull();
  });
});

let rt: { store: ExperimentsStore; client: ExperimentsClient; socket: FakeSocket };
async function boot(role: 'viewer' | 'operator'): Promise<void> {
  const socket = createFakeSocket();
  const storage = memoryStorage();
  if (role === 'operator') storage.setItem('linetwin.operatorToken', 'secret-token');
  socket.serve('auth:operator', () => ({ ok: true, role: 'operator' }));
  socket.serve('experiment:catalog', () => ({
    ok: true,
    workers: 1,
    queueWorkers: null,
    running: null,
    files: [{ key: 'buffer-sizing', name: 'Buffer sizing before M2', description: '', scene: 'two-machine' }],
    scenes: [
      {
        key: 'two-machine',
        name: 'Two-machine line',
        description: '',
        stations: [],
        run: { horizon: '30d', warmup: '1d', seed: 1 },
        params: [{ path: 'B1.capacity', value: '5' }],
      },
    ],
  }));
  socket.serve('experiment:history', () => ({ ok: true, runs: [] }));
  socket.serve('experiment:file', () => ({
    ok: true,
    file: 'scenes/experiments/buffer-sizing.yaml',
    text: readFileSync('scenes/experiments/buffer-sizing.yaml', 'utf8'),
  }));
  socket.serve('experiment:start', () => ({
    ok: true,
    progress: {
      runId: 7,
      name: 'x',
      scene: 'two-machine',
      phase: 'grid',
      done: 0,
      total: 8,
      reused: 0,
      computed: 0,
      resumed: false,
      elapsed: 0,
      eta: null,
      workers: 1,
    },
  }));
  socket.serve('experiment:live', () => ({ ok: true, session: { ...snapshotAt().session, id: 's2' } }));
  const store = createExperimentsStore();
  const client = connectExperiments(socket, { store, tokens: createTokenStore(storage) });
  rt = { store, client, socket };
  await act(async () => {
    socket.establish();
    await new Promise((r) => setTimeout(r, 0));
  });
}
const ui = (node: React.ReactNode) => render(<ExperimentsProvider runtime={rt}>{node}</ExperimentsProvider>);
afterEach(() => {
  rt?.client.dispose();
  cleanup();
});

describe('the Experiments view', () => {
  it('shows the table with significance marks, and opens a variant live for an operator only', async () => {
    await boot('viewer');
    const { unmount } = ui(<ResultsTable result={result} runId={3} />);
    const rows = screen.getByTestId('results-table').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(4);
    expect(rows[1]!.querySelector('.tag')!.textContent).toBe('baseline');
    const significant = [...screen.getByTestId('results-table').querySelectorAll('.diff.significant')];
    expect(significant.length).toBe(
      table()
        .rows.flatMap((r) => r.cells)
        .filter((c) => c.significant).length,
    );
    expect(significant.every((el) => el.textContent.endsWith(' *'))).toBe(true);
    expect(screen.getAllByTestId('btn-live').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    unmount();
    rt.client.dispose();

    await boot('operator');
    expect(rt.store.getState().role).toBe('operator');
    const went: string[] = [];
    ui(<ResultsTable result={result} runId={3} navigate={(url) => went.push(url)} />);
    await act(async () => {
      fireEvent.click(screen.getAllByTestId('btn-live')[3]!);
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(rt.socket.sent.find((m) => m.event === 'experiment:live')!.payload).toEqual({ run: 3, variant: 'faster M2, B1.capacity=5' });
    expect(went).toEqual(['./?session=s2']);
  });

  it('launches the form as YAML, and a loaded file unchanged as written', async () => {
    await boot('operator');
    ui(<FormView />);
    expect(rt.store.getState().form.scene).toBe('two-machine'); // the server's first scene
    fireEvent.change(screen.getByTestId('exp-name'), { target: { value: 'From the form' } });
    fireEvent.change(screen.getByTestId('setting-path-1-0'), { target: { value: 'M2.cycleTime.mean' } });
    fireEvent.change(screen.getByTestId('setting-value-1-0'), { target: { value: '1s' } });
    expect(screen.getByTestId('design-size').textContent).toBe('2 variants × 5 replications = 10 jobs');
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-launch'));
      await new Promise((r) => setTimeout(r, 10));
    });
    const sent = rt.socket.sent.filter((m) => m.event === 'experiment:start').at(-1)!.payload as {
      text: string;
      file: string;
      rank: string;
    };
    expect(sent.file).toBe('from-the-form.yaml');
    expect(sent.rank).toBe('throughputPerHour');
    expect(parse(sent.text)).toMatchObject({
      name: 'From the form',
      scene: '../two-machine.yaml',
      variants: [{ name: 'baseline' }, { name: 'variant 2', set: { 'M2.cycleTime.mean': '1s' } }],
    });
    expect(rt.store.getState().progress?.runId).toBe(7);

    await act(async () => {
      await rt.client.loadFile('buffer-sizing');
    });
    expect(screen.getByTestId('exp-name')).toHaveProperty('value', 'Buffer sizing before M2');
    expect(screen.getByTestId('sweep-values-0')).toHaveProperty('value', '0, 1, 2, 5, 10');
    await act(async () => {
      rt.store.setState({ progress: null });
      await rt.client.launch();
    });
    const asWritten = rt.socket.sent.filter((m) => m.event === 'experiment:start').at(-1)!.payload as { text: string; file: string };
    expect(asWritten).toMatchObject({ file: 'buffer-sizing.yaml', text: readFileSync('scenes/experiments/buffer-sizing.yaml', 'utf8') });
  });

  it('does not let a viewer launch, and shows the problems of a refused launch where they are', async () => {
    await boot('viewer');
    ui(<FormView />);
    expect(screen.getByTestId<HTMLButtonElement>('btn-launch').disabled).toBe(true);
    expect(screen.getByTestId('launch-hint').textContent).toMatch(/Operator token required/);
    await act(async () => {
      rt.store.setState({ launchError: 'form.yaml: variants[1].set["M2.cycleTme.mean"]: M2 has no "cycleTme" to change' });
      rt.store.setState((s) => ({
        form: {
          ...s.form,
          variants: s.form.variants.map((v, i) => (i === 1 ? { ...v, settings: [{ path: 'M2.cycleTme.mean', value: '1s' }] } : v)),
        },
      }));
    });
    expect(screen.getByTestId('launch-error').textContent).toContain('variants[1].set["M2.cycleTme.mean"]');
    expect(screen.getByTestId('setting-path-1-0').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('exp-name').getAttribute('aria-invalid')).toBe('false');
  });
});

const table = () => comparisonTable(result);
