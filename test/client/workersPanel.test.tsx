// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentQueueWorker } from '../../server/protocol/experiments.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { connectExperiments, type ExperimentsClient } from '../../src/experiments/experimentsClient.ts';
import { ExperimentsProvider } from '../../src/experiments/runtime.tsx';
import { createExperimentsStore, type ExperimentsStore } from '../../src/experiments/store.ts';
import { WorkersPanel } from '../../src/experiments/WorkersPanel.tsx';
import { createFakeSocket, memoryStorage, type FakeSocket } from './fakeLine.ts';

/** The Experiments view's panel of queue workers (`twin serve --redis`), over a fake socket. */

const worker = (id: string, concurrency: number, jobsDone: number): ExperimentQueueWorker => ({
  id,
  host: id.split('-')[0]!,
  pid: 100,
  concurrency,
  jobsDone,
  active: 1,
  version: '0.1.0',
  startedAt: '2026-12-03T08:00:00.000Z',
});

let rt: { store: ExperimentsStore; client: ExperimentsClient; socket: FakeSocket } | undefined;
async function boot(queueWorkers: ExperimentQueueWorker[] | null): Promise<void> {
  const socket = createFakeSocket();
  socket.serve('experiment:catalog', () => ({ ok: true, workers: 1, queueWorkers, running: null, files: [], scenes: [] }));
  socket.serve('experiment:history', () => ({ ok: true, runs: [] }));
  const store = createExperimentsStore();
  const client = connectExperiments(socket, { store, tokens: createTokenStore(memoryStorage()) });
  rt = { store, client, socket };
  await act(async () => {
    socket.establish();
    await new Promise((r) => setTimeout(r, 0));
  });
  render(
    <ExperimentsProvider runtime={rt}>
      <WorkersPanel />
    </ExperimentsProvider>,
  );
}
afterEach(() => {
  rt?.client.dispose();
  cleanup();
});

describe('the workers panel', () => {
  it('is not shown on a server without --redis', async () => {
    await boot(null);
    expect(screen.queryByTestId('queue-workers')).toBeNull();
  });

  it('lists the workers from the catalog, then follows experiment:workers', async () => {
    await boot([worker('alpha-1-aaaaaa', 2, 5)]);
    const panel = screen.getByTestId('queue-workers');
    expect(panel.textContent).toContain('1 connected · 2 jobs at a time');
    const cells = [...panel.querySelectorAll('tbody tr[data-worker="alpha-1-aaaaaa"] td')].map((td) => td.textContent);
    expect(cells).toEqual(['alpha-1-aaaaaa', 'alpha', '2', '1', '5']);

    act(() => rt!.socket.push('experiment:workers', [worker('alpha-1-aaaaaa', 2, 9), worker('beta-2-bbbbbb', 1, 0)]));
    expect(screen.getByTestId('queue-workers').textContent).toContain('2 connected · 3 jobs at a time');
    expect(screen.getByTestId('queue-workers').querySelectorAll('tbody tr')).toHaveLength(2);

    act(() => rt!.socket.push('experiment:workers', []));
    expect(screen.getByTestId('queue-workers').textContent).toContain('none connected: start one with twin worker --redis URL');
    expect(screen.getByTestId('queue-workers').querySelector('table')).toBeNull();
  });
});
