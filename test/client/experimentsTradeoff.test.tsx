// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareExperiment, runExperiment } from '../../server/experiments/index.ts';
import type { ExperimentResultWire, VariantResultWire } from '../../server/protocol/experiments.ts';
import type { ExperimentsClient } from '../../src/experiments/experimentsClient.ts';
import { ResultsView } from '../../src/experiments/ResultsView.tsx';
import { ExperimentsProvider } from '../../src/experiments/runtime.tsx';
import { chartFactors } from '../../src/experiments/results.ts';
import { createExperimentsStore } from '../../src/experiments/store.ts';
import { TradeoffChart } from '../../src/experiments/TradeoffChart.tsx';
import { tradeoffChart, tradeoffChoices } from '../../src/experiments/tradeoff.ts';

/**
 * The Experiments view's trade-off chart: energy per good part (left axis) and throughput (right axis) against a
 * swept standby delay, with the knee of the output marked; on a hand-made result whose knee is known, and on a
 * real (short) sweep of the CNC cell's washer standby delay.
 */

/** happy-dom has no canvas: uPlot is replaced by a stand-in that keeps what it was given. */
interface FakeAxis {
  scale?: string;
  side?: number;
  label?: string;
  stroke?: string;
}
interface FakePlot {
  opts: {
    axes: FakeAxis[];
    series: Array<{ scale?: string }>;
    scales: Record<string, { distr?: number }>;
    hooks: { draw: Array<(u: unknown) => void> };
  };
  data: number[][];
}
const plots = vi.hoisted(() => [] as FakePlot[]);
vi.mock('uplot', () => ({
  default: class {
    constructor(opts: FakePlot['opts'], data: number[][]) {
      plots.push({ opts, data });
    }
    setSize(): void {}
    destroy(): void {}
  },
}));

const FACTOR = 'WASH.standby.after';
const DELAYS = ['2min', '5min', '10min', '30min', '2h'];

/**
 * A sweep of the washer's standby delay: throughput is lost at 2 and 5 min (intervals wholly below the best's),
 * energy per part falls as the delay shortens. Ranked by cost per part, so the knee is found by interval overlap.
 */
function fakeResult(): ExperimentResultWire {
  const throughput = [15, 16.6, 17.2, 17.3, 17.34];
  const kWh = [4.2, 4.4, 4.6, 4.75, 4.76];
  const variants = DELAYS.map(
    (d, i): VariantResultWire =>
      ({
        name: `${FACTOR}=${d}`,
        variant: 'baseline',
        factors: { [FACTOR]: d },
        mean: {
          throughputPerHour: throughput[i]!,
          oee: 0.7,
          energy: { kWhPerGoodPart: kWh[i]!, costPerGoodPart: kWh[i]! * 0.18, standbySavings: { kWh: 100 - 20 * i } },
        },
        ci95: { throughputPerHour: 0.2, oee: 0.01, energy: { kWhPerGoodPart: 0.05, costPerGoodPart: 0.009, standbySavings: { kWh: 5 } } },
        diff: {
          throughputPerHour: { mean: 0, halfWidth: 0, significant: false },
          oee: { mean: 0, halfWidth: 0, significant: false },
          'energy.kWhPerGoodPart': { mean: 0, halfWidth: 0, significant: false },
          'energy.costPerGoodPart': { mean: 0, halfWidth: 0, significant: false },
          'energy.standbySavings.kWh': { mean: 0, halfWidth: 0, significant: false },
        },
        rank: 5 - i,
        vsBest: { mean: 0, halfWidth: 0, significant: false },
      }) as unknown as VariantResultWire,
  );
  return {
    name: 'washer standby',
    file: 'washer.yaml',
    scene: { file: 'cnc-cell.yaml', name: 'CNC cell' },
    version: 'test',
    settings: { horizon: 3 * 604800, warmup: 604800, seed: 1, replications: 4, streams: 'common' },
    factors: [{ path: FACTOR, values: DELAYS, reference: 3 }],
    baseline: `${FACTOR}=30min`,
    rankBy: { kpi: 'energy.costPerGoodPart', order: 'min' },
    variants,
    ranking: variants.map((p) => p.name),
    jobs: { total: 20, computed: 20, reused: 0 },
  };
}

afterEach(() => {
  cleanup();
  plots.length = 0;
});

describe('the trade-off chart on a known sweep', () => {
  it('draws energy per part on the left axis and throughput on the right, against the delays on a log axis', () => {
    render(<TradeoffChart result={fakeResult()} factor={FACTOR} />);
    expect(plots).toHaveLength(1);
    const { opts, data } = plots[0]!;
    expect(data[0]).toEqual([120, 300, 600, 1800, 7200]); // the delays in seconds
    expect(data[1]).toEqual([4.2, 4.4, 4.6, 4.75, 4.76]); // kWh per good part
    expect(data[2]).toEqual([15, 16.6, 17.2, 17.3, 17.34]); // throughput
    // two y axes: the left on scale y, the right on y2, each titled and in its series' colour
    const yAxes = opts.axes.slice(1);
    expect(yAxes).toHaveLength(2);
    expect(yAxes.map((a) => [a.scale ?? 'y', a.side ?? 3, a.label])).toEqual([
      ['y', 3, 'kWh / good part'],
      ['y2', 1, 'Throughput /h'],
    ]);
    expect(yAxes[0]!.stroke).not.toBe(yAxes[1]!.stroke);
    expect(opts.series.slice(1).map((s) => s.scale)).toEqual(['y', 'y2']);
    expect(opts.scales['x']!.distr).toBe(3); // 2 min to 2 h: logarithmic
    expect(opts.hooks.draw).toHaveLength(2); // the whiskers and the knee's marker
  });

  it('draws each series whiskers against its own axis', () => {
    render(<TradeoffChart result={fakeResult()} factor={FACTOR} />);
    const scales: string[] = [];
    const ctx = new Proxy({}, { get: () => () => {} }); // a canvas context that draws nothing
    const u = {
      ctx,
      series: [{}, { show: true }, { show: true }],
      bbox: { left: 0, top: 0, width: 100, height: 100 },
      valToPos: (_v: number, scale: string) => {
        scales.push(scale);
        return 0;
      },
    };
    plots[0]!.opts.hooks.draw[0]!(u);
    // five points, three positions each (x, top, bottom): left series on y, right on y2
    expect(scales.filter((s) => s === 'y')).toHaveLength(10);
    expect(scales.filter((s) => s === 'y2')).toHaveLength(10);
  });

  it('marks the knee: the smallest delay from which throughput is not significantly below the best', () => {
    render(<TradeoffChart result={fakeResult()} factor={FACTOR} />);
    const figure = screen.getByTestId('chart-tradeoff');
    expect(figure.dataset['knee']).toBe('600');
    expect(screen.getByTestId('tradeoff-knee').textContent).toBe(
      "Knee at WASH.standby.after = 10min: from there on Throughput /h is not significantly below the best (2h); below it, at 2min, 5min, it is (95% intervals that do not overlap the best's).",
    );
    expect(figure.textContent).toContain('Trade-off: kWh / good part and Throughput /h against WASH.standby.after');
  });

  it('lets the user pick both KPIs, cost per good part among them; without an output KPI there is no knee', () => {
    render(<TradeoffChart result={fakeResult()} factor={FACTOR} />);
    const right = screen.getByTestId<HTMLSelectElement>('tradeoff-right');
    const options = [...right.options].map((o) => o.value);
    expect(options.slice(0, 3)).toEqual(['energy.kWhPerGoodPart', 'energy.costPerGoodPart', 'energy.standbySavings.kWh']);
    expect(options).toContain('throughputPerHour');
    act(() => {
      fireEvent.change(right, { target: { value: 'energy.costPerGoodPart' } });
    });
    expect(plots.at(-1)!.opts.axes[2]!.label).toBe('Energy cost / good part');
    expect(plots.at(-1)!.data[2]![0]).toBeCloseTo(4.2 * 0.18);
    expect(screen.getByTestId('chart-tradeoff').dataset['knee']).toBe('none');
    expect(screen.getByTestId('tradeoff-knee').textContent).toMatch(/^Pick an output KPI/);
    act(() => {
      fireEvent.change(screen.getByTestId('tradeoff-left'), { target: { value: 'throughputPerHour' } });
    });
    expect(plots.at(-1)!.opts.axes[1]!.label).toBe('Throughput /h');
    expect(screen.getByTestId('chart-tradeoff').dataset['knee']).toBe('600'); // the output on the left has its knee too
  });

  it('shows energy per part of small parts in Wh, not as 0.004 kWh', () => {
    const small = fakeResult();
    for (const p of small.variants) {
      const e = p.mean.energy as { kWhPerGoodPart: number };
      e.kWhPerGoodPart /= 1000;
    }
    render(<TradeoffChart result={small} factor={FACTOR} />);
    expect(plots[0]!.opts.axes[1]!.label).toBe('Wh / good part');
    expect(plots[0]!.data[1]![0]).toBeCloseTo(4.2, 9);
    expect(plots[0]!.data[2]![0]).toBe(15); // throughput as it is
  });

  it('with several variants, draws one line at a time (the baseline first) and finds its own knee', () => {
    const two = fakeResult();
    // a second variant whose throughput does not depend on the delay
    const hot = two.variants.map((p) => ({
      ...p,
      name: `hot bath, ${p.name}`,
      variant: 'hot bath',
      mean: { ...p.mean, throughputPerHour: 17.3 },
    }));
    two.variants = [...two.variants.map((p) => ({ ...p, variant: 'baseline' })), ...hot];
    render(<TradeoffChart result={two} factor={FACTOR} />);
    const line = screen.getByTestId<HTMLSelectElement>('tradeoff-line');
    expect([...line.options].map((o) => o.value)).toEqual(['baseline', 'hot bath']);
    expect(line.value).toBe('baseline');
    expect(screen.getByTestId('chart-tradeoff').dataset['knee']).toBe('600');
    act(() => {
      fireEvent.change(line, { target: { value: 'hot bath' } });
    });
    expect(plots.at(-1)!.data[2]).toEqual([17.3, 17.3, 17.3, 17.3, 17.3]);
    expect(screen.getByTestId('chart-tradeoff').dataset['knee']).toBe('none');
    expect(screen.getByTestId('tradeoff-knee').textContent).toMatch(/^No knee: Throughput \/h is nowhere in the sweep significantly below/);
  });

  it('is part of the results view of a numeric sweep', () => {
    const store = createExperimentsStore();
    const result = fakeResult();
    const run = { id: 4, name: result.name, file: 'washer.yaml', scene: 'cnc-cell', status: 'done' as const, createdAt: '', updatedAt: '' };
    store.setState({ opened: { run: { ...run, jobsStored: 20, jobsPlanned: 20, version: 'test' }, text: '', result } });
    render(
      <ExperimentsProvider runtime={{ store, client: {} as ExperimentsClient }}>
        <ResultsView />
      </ExperimentsProvider>,
    );
    expect(screen.getByTestId('chart-tradeoff').dataset['knee']).toBe('600');
    // the KPI-against-factor chart reads the delays too, with the same ticks
    expect(screen.getByTestId('chart-against')).toBeTruthy();
    expect(plots.filter((p) => p.data[0]!.join() === '120,300,600,1800,7200')).toHaveLength(2);
  });
});

describe('the trade-off chart on a real sweep of the washer standby delay', () => {
  let real: ExperimentResultWire;
  beforeAll(async () => {
    const SCENE = 'scenes/cnc-cell.yaml';
    const text = `name: washer standby\nscene: cnc-cell.yaml\nhorizon: 2d\nwarmup: 0s\nreplications: 2\nsweep:\n  ${FACTOR}: [2min, 10min, 2h]\n`;
    const design = await prepareExperiment({ file: 'washer.yaml', text, sceneFile: SCENE, sceneText: readFileSync(SCENE, 'utf8') });
    // Through JSON, as the browser receives it.
    real = JSON.parse(JSON.stringify(await runExperiment(design, { workers: 0 }))) as ExperimentResultWire;
  });

  it('has energy and cost per good part and the standby savings to choose from, and reads the delays', () => {
    const choices = tradeoffChoices(real);
    expect(choices.slice(0, 5)).toEqual([
      'energy.kWhPerGoodPart',
      'energy.costPerGoodPart',
      'energy.co2PerGoodPart',
      'energy.standbySavings.kWh',
      'energy.standbySavings.cost',
    ]);
    const chart = tradeoffChart(real, FACTOR, 'energy.kWhPerGoodPart', 'throughputPerHour')!;
    expect(chart.x).toEqual([120, 600, 7200]);
    expect(chart.written).toEqual(['2min', '10min', '2h']);
    expect(chart.left.mean.every((m) => m !== null && m > 1 && m < 20)).toBe(true); // kWh per washed part, not Wh
    // ranked by throughput: the knee is decided by the paired differences from the best
    expect(chart.knee?.test).toBe('paired');
  });

  it('renders with two axes and says whether there is a knee', () => {
    render(<TradeoffChart result={real} factor={FACTOR} />);
    expect(plots.at(-1)!.opts.axes.map((a, i) => a.scale ?? (i === 0 ? 'x' : 'y'))).toEqual(['x', 'y', 'y2']);
    // the washer is not the bottleneck: no delay costs throughput that the paired intervals can show
    expect(screen.getByTestId('chart-tradeoff').dataset['knee']).toBe('none');
    expect(screen.getByTestId('tradeoff-knee').textContent).toMatch(
      /^No knee: Throughput \/h is nowhere in the sweep significantly below the best \((2min|10min|2h); paired 95% difference from the best\)\.$/,
    );
  });
});

describe('the trade-off chart on variants that set the delay (the body shop experiment)', () => {
  const FILE = 'scenes/experiments/automotive-body-standby-delay.yaml';
  const text = readFileSync(FILE, 'utf8');
  /**
   * The experiment's own result (its settings: 4 replications of 15 days after a day, seed 60), rounded: no swept
   * factor, seven variants of which six `set` one delay on the five cells; throughput /h, kWh per good part and
   * the paired difference from the best (after 15 min) with their 95% half-widths. Only 5 s loses output.
   */
  const RUN: Array<[string, number, number, number, number, number, number]> = [
    ['baseline', 22.545, 0.642, 9.408, 0.104, -0.066, 0.075],
    ['after 5 s', 22.016, 0.538, 9.482, 0.089, -0.595, 0.078],
    ['after 15 s', 22.543, 0.642, 9.395, 0.102, -0.068, 0.071],
    ['after 30 s', 22.545, 0.643, 9.4, 0.103, -0.067, 0.075],
    ['after 2 min', 22.556, 0.629, 9.421, 0.1, -0.056, 0.07],
    ['after 5 min', 22.587, 0.612, 9.446, 0.101, -0.025, 0.047],
    ['after 15 min', 22.612, 0.599, 9.465, 0.102, 0, 0],
  ];
  function bodyShopResult(): ExperimentResultWire {
    const ranked = [...RUN].sort((a, b) => b[1] - a[1]).map((r) => r[0]);
    const variants = RUN.map(
      ([name, tp, tpHw, kWh, kWhHw, d, dHw]): VariantResultWire =>
        ({
          name,
          variant: name,
          factors: {},
          mean: { throughputPerHour: tp, oee: 0.8, energy: { kWhPerGoodPart: kWh } },
          ci95: { throughputPerHour: tpHw, oee: 0.01, energy: { kWhPerGoodPart: kWhHw } },
          diff: {
            throughputPerHour: { mean: 0, halfWidth: 0, significant: false },
            oee: { mean: 0, halfWidth: 0, significant: false },
            'energy.kWhPerGoodPart': { mean: 0, halfWidth: 0, significant: false },
          },
          rank: ranked.indexOf(name) + 1,
          vsBest: { mean: d, halfWidth: dHw, significant: d !== 0 && Math.abs(d) > dHw },
        }) as unknown as VariantResultWire,
    );
    return {
      name: 'Body shop - standby delay',
      file: 'automotive-body-standby-delay.yaml',
      scene: { file: 'automotive-body.yaml', name: 'Body shop' },
      version: 'test',
      settings: { horizon: 15 * 86400, warmup: 86400, seed: 60, replications: 4, streams: 'common' },
      factors: [],
      baseline: 'baseline',
      rankBy: { kpi: 'throughputPerHour', order: 'max' },
      variants,
      ranking: ranked,
      jobs: { total: 28, computed: 28, reused: 0 },
    };
  }

  it('draws energy per body and throughput against the delay the variants set, with the knee at 15 s', () => {
    const store = createExperimentsStore();
    const result = bodyShopResult();
    const run = {
      id: 9,
      name: result.name,
      file: result.file,
      scene: 'automotive-body',
      status: 'done' as const,
      createdAt: '',
      updatedAt: '',
    };
    store.setState({ opened: { run: { ...run, jobsStored: 28, jobsPlanned: 28, version: 'test' }, text, result } });
    render(
      <ExperimentsProvider runtime={{ store, client: {} as ExperimentsClient }}>
        <ResultsView />
      </ExperimentsProvider>,
    );
    const figure = screen.getByTestId('chart-tradeoff');
    expect(figure.textContent).toContain('Trade-off: kWh / good part and Throughput /h against *.standby.after');
    // the baseline sets nothing (the scene's 1 min, unknown to the browser): six delays, in seconds
    const plot = plots.find((p) => p.opts.axes.length === 3)!;
    expect(plot.data[0]).toEqual([5, 15, 30, 120, 300, 900]);
    expect(plot.data[2]).toEqual([22.016, 22.543, 22.545, 22.556, 22.587, 22.612]);
    expect(figure.dataset['knee']).toBe('15');
    expect(screen.getByTestId('tradeoff-knee').textContent).toBe(
      'Knee at *.standby.after = 15s: from there on Throughput /h is not significantly below the best (15min); below it, at 5s, it is (paired 95% difference from the best).',
    );
    expect(screen.getByTestId('chart-against')).toBeTruthy(); // the KPI-against-factor chart has the delays too
  });

  it('reads the delay from the variants of a real (short) run of the file', async () => {
    const short = text
      .replace(/^horizon: .*$/m, 'horizon: 1d')
      .replace(/^warmup: .*$/m, 'warmup: 0s')
      .replace(/^replications: .*$/m, 'replications: 2');
    const sceneFile = 'scenes/automotive-body.yaml';
    const design = await prepareExperiment({ file: FILE, text: short, sceneFile, sceneText: readFileSync(sceneFile, 'utf8') });
    const real = JSON.parse(JSON.stringify(await runExperiment(design, { workers: 0 }))) as ExperimentResultWire;
    expect(real.factors).toEqual([]); // variants, not a sweep
    const [factor, ...more] = chartFactors(real, short);
    expect(more).toEqual([]);
    expect(factor!.path).toBe('*.standby.after');
    const chart = tradeoffChart(real, factor!, 'energy.kWhPerGoodPart', 'throughputPerHour')!;
    expect(chart.written).toEqual(['5s', '15s', '30s', '2min', '5min', '15min']);
    expect(chart.lines).toHaveLength(1);
    expect(chart.right.mean.every((m) => m !== null && m > 0)).toBe(true);
    expect(chart.knee?.test).toBe('paired'); // ranked by throughput and the best-ranked sets a delay
  });
});
