// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CareParams, StationInfo } from '../../server/protocol/events.ts';
import { TwinProvider, type TwinRuntime } from '../../src/net/runtime.tsx';
import { applyFrame, applySnapshot, createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { applyReadings, createReadingTable, readingHistory, RING_SIZE } from '../../src/state/readings.ts';
import { WARNING_STYLE } from '../../src/state/statePalette.ts';
import { Crews } from '../../src/ui/Crews.tsx';
import { Inspector } from '../../src/ui/Inspector.tsx';
import { StationLabels } from '../../src/ui/StationLabels.tsx';
import { sparklineRange } from '../../src/ui/Sparkline.tsx';
import { createFakeSocket, fakeRuntime, frameAt, snapshotAt, STATIONS, type FakeSocket } from './fakeLine.ts';

/** Condition readings in the browser: the ring buffer, the frame buffer, the inspector's sparkline, labels and crews. */

const care: CareParams = {
  stages: 4,
  signal: { name: 'vibration', unit: 'mm/s', levels: [2, 3.5, 5.5, 8] },
  warnAt: 5,
  policy: 'condition',
  threshold: 5.5,
  every: null,
};
const params = {
  cycleTime: { dist: 'constant' as const, value: 30 },
  cycleTimeMean: 30,
  idealCycleTime: 30,
  mttr: null,
  mtbf: null,
  scrap: 0,
  power: { working: 1, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 },
  care,
};
/** The fixture line with M1 (station 1) wearing. */
const stations: StationInfo[] = STATIONS.map((s) => (s.id === 'M1' ? { ...s, params } : s));
const M1 = 1;

describe('the reading table', () => {
  it('keeps the last RING_SIZE readings per unit, oldest first, and which stations warn', () => {
    const table = createReadingTable(3, 2);
    const offset = Int32Array.from([0, 1]),
      count = Int32Array.from([1, 2]);
    for (let k = 0; k < RING_SIZE + 5; k++) applyReadings(table, [1, 1, k, 1, 0], offset, count, k * 60);
    const h = readingHistory(table, 2);
    expect(h.v).toHaveLength(RING_SIZE);
    expect(h.v[0]).toBe(5);
    expect(h.v.at(-1)).toBe(RING_SIZE + 4);
    expect(h.t.at(-1)).toBe((RING_SIZE + 4) * 60);
    applyReadings(table, [1, 1, RING_SIZE + 4, 1, 1], offset, count, 1e6); // only the warning changed: no new point
    expect(readingHistory(table, 2).v).toHaveLength(RING_SIZE);
    expect(Array.from(table.stationWarned)).toEqual([0, 1]);
    const before = table.count[2]!;
    applyReadings(table, [1, 1, RING_SIZE + 4, 1, 1], offset, count, 1e6 + 60); // a noiseless repeat: a reading
    expect(table.count[2]).toBe(before + 1);
    applyReadings(table, [1, 5, 1, 1, 1, 9, 0, 1, 1, 1], offset, count, 0); // out of range: skipped
    expect(table.value[0]).toBeNaN();
  });

  it('the sparkline range shows the readings and both lines', () => {
    expect(sparklineRange([2, 3], [5, 5.5])[1]).toBeGreaterThan(5.5);
    expect(sparklineRange([2, 3], [null, null])[0]).toBeLessThan(2);
  });

  it('the frame buffer takes readings from the snapshot and from frames', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100, { stations, readings: [M1, 0, 3.4, 2, 0] }), 0);
    expect(fb.readings.value[fb.unitOffset[M1]!]).toBe(3.4);
    applyFrame(fb, { ...frameAt(160), readings: [M1, 0, 5.2, 3, 1] }, 0);
    const h = readingHistory(fb.readings, fb.unitOffset[M1]!);
    expect(h.t).toEqual([100, 160]);
    expect(h.v.map((v) => Math.round(v * 100) / 100)).toEqual([3.4, 5.2]); // the ring stores float32
    expect(fb.readings.stationWarned[M1]).toBe(1);
  });
});

let socket: FakeSocket;
let rt: TwinRuntime;

async function boot(role: 'viewer' | 'operator' = 'viewer'): Promise<void> {
  socket = createFakeSocket();
  socket.serve('session:join', () => ({ ok: true, snapshot: snapshotAt(100, { role, stations, readings: [M1, 0, 3.4, 2, 0] }) }));
  socket.serve('station:inspect', () => ({ ok: false, error: 'not in this test' }));
  socket.serve('control:intervene', () => ({ ok: true, simTime: 101 }));
  rt = fakeRuntime(socket);
  await act(async () => {
    socket.establish();
    await new Promise((r) => setTimeout(r, 0));
  });
}
const ui = (node: React.ReactNode) => render(<TwinProvider runtime={rt}>{node}</TwinProvider>);

afterEach(() => {
  rt?.client.dispose();
  cleanup();
});

describe('condition in the panels', () => {
  it('the inspector shows the reading, a sparkline with the warning level and threshold, and a warning', async () => {
    await boot();
    ui(<Inspector />);
    await act(async () => {
      rt.store.setState({ selected: 'M1' });
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(screen.getByTestId('reading').textContent).toContain('3.4 mm/s');
    const spark = screen.getByTestId('sparkline');
    expect(spark.dataset.warnAt).toBe('5');
    expect(spark.dataset.threshold).toBe('5.5');
    expect(screen.getByTestId('policy').textContent).toContain('condition-based');
    act(() => socket.push('sim:frame', { ...frameAt(160), readings: [M1, 0, 5.2, 3, 1] }));
    await waitFor(() => expect(screen.getByTestId('condition-unit-0').dataset.warned).toBe('1'), { timeout: 5000 });
    expect(screen.getByTestId('reading').textContent).toContain('5.2 mm/s');
    await waitFor(() => expect(screen.getByTestId('sparkline').dataset.points).toBe('2'), { timeout: 5000 });
    expect(screen.getByTestId('condition').querySelector('[data-testid=warning-badge]')).not.toBeNull();
  });

  it('a warning shows on the machine label until it clears', async () => {
    await boot();
    ui(<StationLabels />);
    const label = () => document.querySelector('.station-label[data-station=M1]')!;
    expect(label().querySelector('[data-testid=warning-badge]')).toBeNull();
    act(() => socket.push('sim:frame', { ...frameAt(160), readings: [M1, 0, 5.2, 3, 1] }));
    await waitFor(() => expect(label().querySelector('[data-testid=warning-badge]')).not.toBeNull());
    expect(label().querySelector('[data-testid=warning-badge]')!.getAttribute('style')).toContain(WARNING_STYLE.color);
    act(() => socket.push('sim:frame', { ...frameAt(200), readings: [M1, 0, 5.2, 3, 0] }));
    await waitFor(() => expect(label().querySelector('[data-testid=warning-badge]')).toBeNull());
  });

  it('crews show busy and free technicians and the queue', () => {
    render(<Crews crews={[{ id: 'fitters', size: 3, busy: 2, waiting: 4, jobs: 9, utilisation: 0.61, meanWait: 300 }]} />);
    expect(screen.getByTestId('crew-fitters').textContent).toContain('2 busy · 1 free · 4 waiting');
    expect(screen.getByTestId('crew-fitters').textContent).toContain('61 %');
  });

  it('an operator services a machine now and changes its policy and threshold from the inspector', async () => {
    await boot('operator');
    ui(<Inspector />);
    await act(async () => {
      rt.store.setState({ selected: 'M1' });
      await new Promise((r) => setTimeout(r, 0));
    });
    const sent = () => socket.sent.filter((m) => m.event === 'control:intervene').map((m) => m.payload);
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-service'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(sent()).toEqual([{ type: 'service', station: 'M1' }]);
    expect(screen.getByTestId('intervention-status').textContent).toBe('Service of M1 started');
    await act(async () => {
      fireEvent.change(screen.getByTestId('select-policy'), { target: { value: 'predictive' } });
      fireEvent.click(screen.getByTestId('btn-policy'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(sent()[1]).toEqual({ type: 'set', station: 'M1', param: 'policy', value: 'predictive' });
    expect(screen.getByTestId<HTMLInputElement>('input-threshold').value).toBe('5.5');
    await act(async () => {
      fireEvent.change(screen.getByTestId('input-threshold'), { target: { value: '6.2' } });
      fireEvent.click(screen.getByTestId('btn-threshold'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(sent()[2]).toEqual({ type: 'set', station: 'M1', param: 'threshold', value: 6.2 });
  });

  it('a machine without wear has no maintenance buttons', async () => {
    await boot('operator');
    ui(<Inspector />);
    await act(async () => {
      rt.store.setState({ selected: 'M2' });
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(screen.getByTestId('interventions')).toBeTruthy();
    expect(screen.queryByTestId('btn-service')).toBeNull();
    expect(screen.queryByTestId('condition')).toBeNull();
  });
});
