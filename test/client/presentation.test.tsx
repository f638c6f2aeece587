// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QualityLive, SessionInfo } from '../../server/protocol/events.ts';
import type { StoryInfo, StorySessions } from '../../server/protocol/training.ts';
import type { OpenRuntime } from '../../src/net/openRuntime.ts';
import { connectTraining, createTrainingStore } from '../../src/net/trainingClient.ts';
import { connectTwin } from '../../src/net/twinClient.ts';
import { createTokenStore } from '../../src/net/tokenStore.ts';
import { compareKpis, comparedSides, shownSides } from '../../src/presentation/compare.ts';
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

  it('on a line with quality each pane shows first-pass yield and escapes, and the comparison marks the side that wins on them', async () => {
    const { before, after } = await show(false);
    act(() => {
      // the better camera of scenes/stories/better-camera.yaml on seed 13: same output, fewer escapes, higher yield
      before.store.setState({ kpi: kpiAt(100, { good: 15441, lineQuality: quality(0.9764, 25, 1619) }) });
      after.store.setState({ kpi: kpiAt(100, { good: 15441, lineQuality: quality(0.9817, 6, 389) }) });
    });
    expect(screen.getByTestId('kpi-before-fpy').textContent).toContain('97.64');
    expect(screen.getByTestId('kpi-after-fpy').textContent).toContain('98.17');
    expect(screen.getByTestId('kpi-before-escapes').textContent).toContain('1,619 ppm · 25 escaped');
    expect(screen.getByTestId('kpi-after-escapes').textContent).toContain('389');
    const fpy = screen.getByTestId('delta-fpy'),
      escapes = screen.getByTestId('delta-escapes');
    expect(fpy.textContent).toContain('+0.53 pts');
    expect(fpy.className).toContain('delta-better');
    expect(escapes.textContent).toContain('−1,230 ppm');
    expect(escapes.className).toContain('delta-better');
    // the same output on both sides is even: neither wins (not a red ±0.0 %)
    expect(screen.getByTestId('delta-throughput').className).toContain('delta-even');

    // a worse camera loses on both
    act(() => after.store.setState({ kpi: kpiAt(200, { good: 15441, lineQuality: quality(0.97, 40, 2600) }) }));
    expect(screen.getByTestId('delta-fpy').className).toContain('delta-worse');
    expect(screen.getByTestId('delta-escapes').className).toContain('delta-worse');
    expect(screen.getByTestId('delta-escapes').textContent).toContain('+981 ppm');
  });

  it('a line without quality shows the three figures of old, and compares only them', async () => {
    const { before, after } = await show(false);
    act(() => {
      before.store.setState({ kpi: kpiAt(100, { throughputPerHour: 100, oee: 0.5, kWhPerGoodPart: 1 }) });
      after.store.setState({ kpi: kpiAt(100, { throughputPerHour: 110, oee: 0.55, kWhPerGoodPart: 0.9 }) });
    });
    expect(screen.getByTestId('kpi-after-oee')).toBeTruthy();
    expect(screen.queryByTestId('kpi-after-fpy')).toBeNull();
    expect(screen.queryByTestId('kpi-before-escapes')).toBeNull();
    expect(screen.queryByTestId('delta-fpy')).toBeNull();
    expect(screen.getByTestId('delta-throughput').className).toContain('delta-better');
    expect(screen.getByTestId('delta-energy').className).toContain('delta-better');
  });

  it('compares yield and escapes only when both sides measure quality; a difference that rounds to nothing is even', () => {
    const withQ = kpiAt(100, { lineQuality: quality(0.98, 1, 100) });
    expect(compareKpis(kpiAt(100), withQ)!.map((d) => d.id)).toEqual(['throughput', 'oee', 'energy']);
    expect(compareKpis(withQ, withQ)!.map((d) => [d.id, d.text, d.even])).toEqual([
      ['throughput', '±0.0 %', true],
      ['oee', '±0.0 pts', true],
      ['energy', '±0.0 %', true],
      ['fpy', '±0.00 pts', true],
      ['escapes', '±0 ppm', true],
    ]);
  });

  it('shows a dash for first-pass yield while no part has ended', async () => {
    const { before } = await show(false);
    act(() => before.store.setState({ kpi: kpiAt(100, { good: 0, scrap: 0, lineQuality: quality(0, 0, 0) }) }));
    expect(screen.getByTestId('kpi-before-fpy').textContent).toContain('–');
  });
});

function quality(firstPassYield: number, escapes: number, escapePpm: number): QualityLive {
  return { firstPassYield, escapes, escapePpm, detected: 10, falseRejects: 2, defectsMade: 40 };
}
