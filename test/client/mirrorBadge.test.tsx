// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../server/protocol/events.ts';
import { TwinProvider, type TwinRuntime } from '../../src/net/runtime.tsx';
import { TopBar } from '../../src/ui/TopBar.tsx';
import { createFakeSocket, fakeRuntime, snapshotAt, type FakeSocket } from './fakeLine.ts';

/** The top bar of a mirrored session: its badge, and operators' "Fork what-if", which forks and joins the fork. */

let socket: FakeSocket;
let rt: TwinRuntime;

async function boot(role: 'viewer' | 'operator', session: Partial<SessionInfo>): Promise<void> {
  socket = createFakeSocket();
  const info = { ...snapshotAt(100).session, ...session };
  socket.serve('session:join', (payload) => {
    const id = (payload as { session?: string }).session;
    const fork = id === 's2' ? { id: 's2', mirror: undefined, forkOf: { session: 's1', t: 100 }, paused: true } : {};
    return { ok: true, snapshot: snapshotAt(100, { role, session: { ...info, ...fork } }) };
  });
  socket.serve('session:fork', () => ({ ok: true, session: { ...info, id: 's2' } }));
  rt = fakeRuntime(socket);
  await act(async () => {
    socket.establish();
    await new Promise((r) => setTimeout(r, 0));
  });
  render(
    <TwinProvider runtime={rt}>
      <TopBar />
    </TwinProvider>,
  );
}

afterEach(() => {
  rt?.client.dispose();
  cleanup();
});

describe('the mirror badge', () => {
  it('shows a viewer what the session mirrors, without the fork button', async () => {
    await boot('viewer', { mirror: { source: 'replay', name: 'plc.csv' } });
    expect(screen.getByTestId('mirror-badge').textContent).toContain('Mirror: plc.csv');
    expect(screen.queryByTestId('btn-fork')).toBeNull();
  });

  it('gives an operator Fork what-if: it forks the session and joins the fork, which says where it came from', async () => {
    await boot('operator', { mirror: { source: 'mqtt', name: 'linetwin-in/line' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('btn-fork'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(socket.sent.find((m) => m.event === 'session:fork')?.payload).toEqual({ from: 's1' });
    expect(socket.sent.at(-1)).toEqual({ event: 'session:join', payload: { session: 's2' } });
    expect(screen.getByTestId('fork-badge').textContent).toContain('What-if from s1 at 00:01:40');
  });

  it('is not there on a simulated session', async () => {
    await boot('operator', {});
    expect(screen.queryByTestId('mirror-badge')).toBeNull();
    expect(screen.queryByTestId('fork-badge')).toBeNull();
  });
});
