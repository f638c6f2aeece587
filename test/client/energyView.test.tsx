// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EnergyBreakdown } from '../../server/protocol/events.ts';
import { TwinProvider, type TwinRuntime } from '../../src/net/runtime.tsx';
import { STATE_STYLES } from '../../src/state/statePalette.ts';
import { BASE_LOAD_COLOR, BELT_COLOR, SEGMENT_STYLES } from '../../src/ui/energyBars.ts';
import { ENERGY_POLL_MS } from '../../src/ui/EnergyView.tsx';
import { KpiPanel } from '../../src/ui/KpiPanel.tsx';
import { createFakeSocket, fakeRuntime, settle, snapshotAt, type FakeSocket } from './fakeLine.ts';

/**
 * The energy view in the KPI panel (happy-dom, fake socket): closed, it asks the server nothing; opened, it polls
 * `energy:breakdown` and draws one stacked bar per machine, conveyor and the base load, segments in the state
 * palette's colours, with the line's total and kWh per good part; closed again, it stops asking.
 */

/** happy-dom has no canvas: a uPlot stand-in that keeps the options and the latest data it was given. */
const plots = vi.hoisted(() => [] as Array<{ opts: Record<string, unknown>; data: unknown[][]; destroyed: boolean }>);
vi.mock('uplot', () => {
  class FakePlot {
    static paths = { bars: () => () => null };
    rec: (typeof plots)[number];
    constructor(opts: Record<string, unknown>, data: unknown[][]) {
      this.rec = { opts, data, destroyed: false };
      plots.push(this.rec);
    }
    setData(data: unknown[][]): void {
      this.rec.data = data;
    }
    setSize(): void {}
    destroy(): void {
      this.rec.destroyed = true;
    }
  }
  return { default: FakePlot };
});

const zeroStates = { working: 0, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 };
/** The fixture line's machines M1 and M2, its conveyor CV and 2 kWh of base load: 10 kWh in all, 4 good parts. */
const BREAKDOWN: EnergyBreakdown = {
  t: 3600,
  machines: [
    { id: 'M1', kWh: 4, byState: { ...zeroStates, working: 3, starved: 0.5, standby: 0.5 } },
    { id: 'M2', kWh: 3, byState: { ...zeroStates, working: 2, down: 1 } },
  ],
  conveyors: [{ id: 'CV', kWh: 1 }],
  baseLoadKWh: 2,
  kWh: 10,
  good: 4,
  kWhPerGoodPart: 2.5,
};

let socket: FakeSocket;
let rt: TwinRuntime;

async function boot(): Promise<void> {
  socket = createFakeSocket();
  socket.serve('session:join', () => ({ ok: true, snapshot: snapshotAt(100) }));
  socket.serve('energy:breakdown', () => ({ ok: true, breakdown: BREAKDOWN }));
  rt = fakeRuntime(socket);
  await act(async () => {
    socket.establish();
    await settle();
  });
}

const asked = (): number => socket.sent.filter((m) => m.event === 'energy:breakdown').length;

afterEach(() => {
  vi.useRealTimers();
  rt?.client.dispose();
  cleanup();
  plots.length = 0;
});

describe('the energy view', () => {
  it('asks nothing while closed; opened, draws stacked bars per station with totals, and stops asking when closed', async () => {
    await boot();
    vi.useFakeTimers();
    render(
      <TwinProvider runtime={rt}>
        <KpiPanel />
      </TwinProvider>,
    );
    await act(() => vi.advanceTimersByTimeAsync(3 * ENERGY_POLL_MS));
    expect(asked()).toBe(0);
    expect(screen.queryByTestId('energy-view')).toBeNull();

    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-energy-view'));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(asked()).toBe(1);
    expect(screen.getByTestId('btn-energy-view').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('energy-totals').textContent).toBe('10 kWh · 2.5 kWh / good part · base load 20.0 %');

    // one chart beside the panel's two line charts: a bar per machine, conveyor and the base load, named on the bar axis
    const energyCharts = () => plots.filter((p) => p.opts.bands !== undefined);
    const live = energyCharts().filter((p) => !p.destroyed);
    expect(live).toHaveLength(1);
    const { opts, data } = live[0]!;
    const axis = (opts.axes as Array<{ splits: () => number[]; values: (u: unknown, s: number[]) => string[] }>)[0]!;
    expect(axis.values(null, axis.splits())).toEqual(['M1', 'M2', 'CV', 'Base load']);
    // a series per segment, coloured from the state palette, then belts and base load
    const series = (opts.series as Array<{ label?: string; fill?: string }>).slice(1);
    expect(series.map((s) => s.fill)).toEqual([...STATE_STYLES.map((s) => s.color), BELT_COLOR, BASE_LOAD_COLOR]);
    expect(series.find((s) => s.label === 'Standby')?.fill).toBe('#06b6d4');
    // stacked: the last series is each bar's total; each segment is its series minus the one below
    const stacked = data.slice(1) as number[][];
    expect(stacked.at(-1)).toEqual([4, 3, 1, 2]);
    const segment = (key: string, bar: number): number => {
      const k = SEGMENT_STYLES.findIndex((s) => s.key === key);
      return stacked[k]![bar]! - (k > 0 ? stacked[k - 1]![bar]! : 0);
    };
    expect(segment('working', 0)).toBe(3);
    expect(segment('standby', 0)).toBe(0.5);
    expect(segment('down', 1)).toBe(1);
    expect(segment('belt', 2)).toBe(1);
    expect(segment('base', 3)).toBe(2);
    // every band stacks a series on the one below
    expect(opts.bands).toEqual(SEGMENT_STYLES.slice(1).map((_, k) => ({ series: [k + 2, k + 1] })));

    // the legend lists only what drew energy, with kWh and share
    const legend = screen.getByTestId('energy-legend');
    expect([...legend.querySelectorAll('li')].map((li) => li.dataset.segment)).toEqual([
      'working',
      'starved',
      'down',
      'standby',
      'belt',
      'base',
    ]);
    expect(legend.querySelector('[data-segment=standby]')!.textContent).toBe('Standby 0.5 kWh (5 %)');
    expect(screen.getByTestId('energy-table').querySelector('[data-bar=M2]')!.textContent).toBe('M23Working 67 %');

    // polled while open
    await act(() => vi.advanceTimersByTimeAsync(ENERGY_POLL_MS));
    expect(asked()).toBe(2);
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-energy-view'));
      await vi.advanceTimersByTimeAsync(5 * ENERGY_POLL_MS);
    });
    expect(screen.queryByTestId('energy-view')).toBeNull();
    expect(asked()).toBe(2);
    expect(energyCharts().every((p) => p.destroyed)).toBe(true);
  });

  it('shows the server refusing and keeps polling', async () => {
    await boot();
    socket.serve('energy:breakdown', () => ({ ok: false, error: 'join a session first' }));
    vi.useFakeTimers();
    render(
      <TwinProvider runtime={rt}>
        <KpiPanel />
      </TwinProvider>,
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-energy-view'));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('energy-view').textContent).toContain('join a session first');
    socket.serve('energy:breakdown', () => ({ ok: true, breakdown: BREAKDOWN }));
    await act(() => vi.advanceTimersByTimeAsync(ENERGY_POLL_MS));
    expect(screen.getByTestId('energy-totals').textContent).toContain('10 kWh');
  });
});
