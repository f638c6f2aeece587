// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StationDetails } from '../../server/protocol/events.ts';
import { TwinProvider, type TwinRuntime } from '../../src/net/runtime.tsx';
import { stateCode } from '../../src/state/statePalette.ts';
import { EventLog } from '../../src/ui/EventLog.tsx';
import { Inspector } from '../../src/ui/Inspector.tsx';
import { TopBar } from '../../src/ui/TopBar.tsx';
import { StationLabels } from '../../src/ui/StationLabels.tsx';
import { createFakeSocket, fakeRuntime, frameAt, snapshotAt, type FakeSocket } from './fakeLine.ts';

/** Panels rendered with a real store and net module over a fake socket (happy-dom, no WebGL). */

const details: StationDetails = {
  id: 'M2',
  stateShare: { working: 0.6, starved: 0.3, blocked: 0.05, down: 0.05, setup: 0, maintenance: 0, off: 0, standby: 0 },
  oee: { availability: 0.95, performance: 0.9, quality: 0.99, oee: 0.846 },
  processed: 120,
  good: 119,
  scrap: 1,
  failures: 2,
  injectedFaults: 0,
  mtbfObserved: 600,
  mttrObserved: 30,
  energyKWh: 3.2,
  bottleneckShare: 0.4,
  levelMean: 0,
};

let socket: FakeSocket;
let rt: TwinRuntime;

async function boot(role: 'viewer' | 'operator'): Promise<void> {
  socket = createFakeSocket();
  socket.serve('session:join', () => ({ ok: true, snapshot: snapshotAt(100, { role }) }));
  socket.serve('station:inspect', () => ({ ok: true, details }));
  socket.serve('control:intervene', () => ({ ok: true, simTime: 101 }));
  socket.serve('control:pause', () => ({ ok: true }));
  rt = fakeRuntime(socket);
  await act(async () => {
    socket.establish();
    await new Promise((r) => setTimeout(r, 0));
  });
}

const ui = (node: React.ReactNode) => render(<TwinProvider runtime={rt}>{node}</TwinProvider>);

beforeEach(() => {
  cleanup();
});
afterEach(() => {
  rt?.client.dispose();
  cleanup();
});

describe('panels', () => {
  it('shows a viewer the speed but no controls', async () => {
    await boot('viewer');
    ui(<TopBar />);
    expect(screen.getByTestId('speed-readout').textContent).toBe('1×');
    expect(screen.queryByTestId('controls')).toBeNull();
    expect(screen.getByTestId('role').textContent).toBe('Viewer');
    expect(screen.getByTestId('scene-name').textContent).toBe('Fixture line');
    expect(screen.getByTestId('connection-status').dataset.status).toBe('connected');
  });

  it('gives an operator playback controls that send control requests', async () => {
    await boot('operator');
    ui(<TopBar />);
    expect(screen.getByTestId('controls')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-pause'));
    });
    expect(socket.sent.some((m) => m.event === 'control:pause')).toBe(true);
  });

  it('inspects a machine: each unit state as icon and text, details, and no interventions for viewers', async () => {
    await boot('viewer');
    ui(<Inspector />);
    await act(async () => {
      rt.store.setState({ selected: 'M2' });
      await new Promise((r) => setTimeout(r, 0));
    });
    const state = screen.getByTestId('inspector-state');
    expect(state.textContent).toContain('Starved');
    expect(state.textContent).toContain('Working');
    expect(state.querySelectorAll('svg').length).toBe(2);
    expect(state.dataset.state).toBe('working');
    expect(screen.getByTestId('state-share').textContent).toContain('60.0 %');
    expect(screen.getByTestId('inspector').textContent).toContain('84.6 %');
    expect(screen.queryByTestId('interventions')).toBeNull();
  });

  it('updates the inspector from frames (a unit goes down) and lets an operator inject a fault', async () => {
    await boot('operator');
    ui(<Inspector />);
    await act(async () => {
      rt.store.setState({ selected: 'M1' });
      await new Promise((r) => setTimeout(r, 0));
    });
    act(() => socket.push('sim:frame', frameAt(101, { states: [[1, 0, stateCode('down'), 101]] })));
    // the store publishes frame data at most every PUBLISH_MS: poll until it did
    await waitFor(() => expect(screen.getByTestId('inspector-state').dataset.state).toBe('down'));
    expect(screen.getByTestId('inspector-state').textContent).toContain('Down');
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-fault'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(socket.sent.find((m) => m.event === 'control:intervene')?.payload).toEqual({ type: 'fault', station: 'M1' });
    expect(screen.getByTestId('intervention-status').textContent).toContain('Fault injected');
  });

  it('lists events newest first; a click selects the station and focuses the camera', async () => {
    await boot('viewer');
    ui(<EventLog />);
    const rows = screen.getByTestId('event-log').querySelectorAll('li');
    expect(rows[0]!.textContent).toContain('M1 repaired');
    expect(rows[1]!.textContent).toContain('M1 failed');
    await act(async () => {
      fireEvent.click(rows[1]!.querySelector('button')!);
    });
    expect(rt.store.getState().selected).toBe('M1');
    expect(rt.store.getState().camera).toMatchObject({ kind: 'station', id: 'M1' });
  });

  it('labels every station with its state or content', async () => {
    await boot('viewer');
    ui(<StationLabels />);
    const m2 = document.querySelector('.station-label[data-station=M2]')!;
    expect(m2.textContent).toContain('Working');
    expect(document.querySelector('.station-label[data-station=B1]')!.textContent).toContain('3 / 5');
    await act(async () => {
      fireEvent.click(m2);
    });
    expect(rt.store.getState().selected).toBe('M2');
  });
});
