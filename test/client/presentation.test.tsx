// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../server/protocol/events.ts';
import type { StoryInfo, StorySessions } from '../../server/protocol/training.ts';
import type { OpenRuntime } from '../../src/net/openRuntime.ts';
import { connectTraining, createTrainingStore } from '../../src/net/trainingClient.ts';
import { connectTwin } from '../../src/net/twinClient.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { comparedSides, shownSides } from '../../src/presentation/compare.ts';
import { Presentation } from '../../src/presentation/Presentation.tsx';
import { createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { createTwinStore } from '../../src/state/store.ts';
import { createFakeSocket, kpiAt, memoryStorage, snapshotAt, type FakeSocket } from './fakeLine.ts';

/** The presentation view with two or three sides, against fake sockets (the 3D stage left out: no WebGL here). */

vi.mock('../../src/ui/Stage.tsx', () => ({ Stage: () => null }));

const story = (middle: boolean): StoryInfo => ({
  key: 's',
  name: 'Story',
  description: '',
  sceneName: 'Line',
  speed: 60,
  start: 0,
  duration: 3600,
  tourSeconds: 8,
  before: { title: 'Run to failure', caption: 'b' },
  ...(middle ? { middle: { title: 'Preventive', caption: 'm' } } : {}),
  after: { title: 'Predictive', caption: 'a' },
  captions: [],
});

const info = (id: string): SessionInfo => ({
  id,
  code: id.toUpperCase(),
  scene: 'line',
  sceneName: 'Line',
  seed: 1,
  speed: 60,
  paused: false,
  simTime: 0,
  viewers: 1,
});

const sockets: FakeSocket[] = [];
const runtime = (): OpenRuntime => {
  const socket = createFakeSocket();
  socket.serve('session:join', (req) => ({ ok: true, snapshot: snapshotAt(0, { session: { ...info(req.session ?? 'default') } }) }));
  sockets.push(socket);
  const store = createTwinStore();
  const frames = createFrameBuffer();
  const tokens = createTokenStore(memoryStorage());
  const client = connectTwin(socket, { store, frames, tokens, target: {}, autoJoin: false });
  socket.establish();
  return { store, frames, client, socket, tokens };
};

afterEach(() => {
  cleanup();
  sockets.length = 0;
});

async function show(withMiddle: boolean) {
  const before = runtime(),
    after = runtime();
  const opened: OpenRuntime[] = [];
  const openSide = vi.fn(() => {
    const rt = runtime();
    opened.push(rt);
    return rt;
  });
  const reply: StorySessions = {
    story: story(withMiddle),
    before: info('b'),
    ...(withMiddle ? { middle: info('m') } : {}),
    after: info('a'),
  };
  sockets[0]!.serve('story:open', () => ({ ok: true, ...reply }));
  const training = connectTraining(before.socket, createTrainingStore());
  render(<Presentation storyKey="s" before={before} after={after} openSide={openSide} training={training} />);
  await waitFor(() => expect(screen.getByTestId('presentation')).toBeTruthy());
  return { before, after, opened, openSide };
}

describe('the presentation view', () => {
  it('a story with a middle side shows three panes, opens one more connection, joins each side and compares both options with the baseline', async () => {
    const { before, after, opened, openSide } = await show(true);
    expect(openSide).toHaveBeenCalledTimes(1);
    const joins = (s: FakeSocket) => s.sent.filter((r) => r.event === 'session:join').map((r) => r.payload);
    await waitFor(() => expect(joins(opened[0]!.socket as FakeSocket)).toEqual([{ session: 'm' }]));
    expect(joins(before.socket as FakeSocket)).toEqual([{ session: 'b' }]);
    expect(joins(after.socket as FakeSocket)).toEqual([{ session: 'a' }]);
    expect(['before', 'middle', 'after'].map((side) => screen.getByTestId(`pane-${side}`).querySelector('.pane-tag')!.textContent)).toEqual(
      ['Baseline', 'Option 1', 'Option 2'],
    );
    act(() => {
      before.store.setState({ kpi: kpiAt(100, { throughputPerHour: 100, oee: 0.5, kWhPerGoodPart: 1, good: 10 }) });
      opened[0]!.store.setState({ kpi: kpiAt(100, { throughputPerHour: 101, oee: 0.51, kWhPerGoodPart: 0.99, good: 10 }) });
      after.store.setState({ kpi: kpiAt(100, { throughputPerHour: 110, oee: 0.55, kWhPerGoodPart: 0.9, good: 10 }) });
    });
    expect(screen.getByTestId('compare-middle').textContent).toContain('Preventive vs Run to failure');
    expect(screen.getByTestId('delta-middle-throughput').textContent).toContain('+1.0 %');
    expect(screen.getByTestId('compare-after').textContent).toContain('Predictive vs Run to failure');
    expect(screen.getByTestId('delta-throughput').textContent).toContain('+10.0 %');

    // the end shows once every side, the middle one included, stopped at the story's end
    const end = (rt: OpenRuntime) => act(() => rt.store.setState({ session: { ...info('x'), paused: true, simTime: 3600 } }));
    end(before);
    end(after);
    expect(screen.queryByRole('status')).toBeNull();
    end(opened[0]!);
    expect(screen.getByRole('status').textContent).toContain('End of the story');
  });

  it('a two-sided story shows two panes as before, with no third connection', async () => {
    const { openSide } = await show(false);
    expect(openSide).not.toHaveBeenCalled();
    expect(screen.queryByTestId('pane-middle')).toBeNull();
    expect(screen.getByTestId('pane-after').querySelector('.pane-tag')!.textContent).toBe('After');
    expect(screen.getByTestId('compare-after').textContent).toContain('After vs before');
  });

  it('names the sides and the comparisons', () => {
    expect(shownSides(story(false)).map((s) => [s.side, s.tag])).toEqual([
      ['before', 'Before'],
      ['after', 'After'],
    ]);
    expect(comparedSides(story(true))).toEqual([
      { side: 'middle', title: 'Preventive vs Run to failure' },
      { side: 'after', title: 'Predictive vs Run to failure' },
    ]);
  });
});
