import { describe, expect, it } from 'vitest';
import type { KpiFrame } from '../../server/protocol/events.ts';
import type { TrainingReport, TrainingState } from '../../server/protocol/training.ts';
import { modeHref, modeOf } from '../../src/ui/modeLinks.ts';
import { connectTraining, createTrainingStore } from '../../src/net/trainingClient.ts';
import { captionAt, compareKpis, formatEnergyPerPart } from '../../src/presentation/compare.ts';
import { oneLine } from '../../src/scenes/ScenePicker.tsx';
import { csvField, summaryCsv, summaryJson, summaryRows } from '../../src/training/summary.ts';
import { createFakeSocket, memoryStorage } from './fakeLine.ts';

/** Browser-side training pieces without a browser: the mode router, the summary, the comparison, the net module. */

const state: TrainingState = {
  session: 's2',
  code: 'ABCDEF',
  status: 'finished',
  steps: [],
  message: null,
  controls: [],
  trainees: 2,
  scenario: { key: 'quick', name: 'Quick', description: '', scene: 'line', sceneName: 'Line', duration: 600, tasks: 2, speed: 60 },
  tasks: [
    {
      id: 'q',
      kind: 'choice',
      input: 'choice',
      prompt: 'Why, "really"?',
      options: ['Blocked: full', 'Starved'],
      points: 1,
      openedAt: 60,
      closesAt: null,
      status: 'closed',
    },
    {
      id: 'goal',
      kind: 'restoreThroughput',
      input: 'line',
      prompt: 'Restore',
      goal: 'x',
      points: 2,
      openedAt: 90,
      closesAt: 390,
      status: 'closed',
      outcome: { met: true, at: 200, value: 1234.5 },
    },
  ],
};
const report: TrainingReport = {
  state,
  actions: [{ t: 100, trainee: 'Anna', text: 'Anna restarted M1' }],
  trainees: [
    {
      id: 'a',
      name: 'Anna',
      connected: true,
      score: 3,
      maxScore: 3,
      actions: 1,
      results: [
        { task: 'q', answer: '0', expected: '0', correct: true, wallMs: 12_340, simSeconds: 30.2, points: 1 },
        { task: 'goal', answer: null, expected: '1234.5', correct: true, wallMs: 50_000, simSeconds: 110, points: 2 },
      ],
    },
    {
      id: 'b',
      name: '=HYPERLINK("x")',
      connected: false,
      score: 2,
      maxScore: 3,
      actions: 0,
      results: [
        { task: 'q', answer: null, expected: null, correct: false, wallMs: null, simSeconds: null, points: 1 },
        { task: 'goal', answer: null, expected: '1234.5', correct: true, wallMs: 50_000, simSeconds: 110, points: 2 },
      ],
    },
  ],
};

describe('the mode router', () => {
  it('picks the mode from ?mode=, a trainee from ?join=, else the live line', () => {
    expect(modeOf('')).toBe('live');
    expect(modeOf('?scene=bottling')).toBe('live');
    expect(modeOf('?mode=trainer&session=ABCDEF')).toBe('trainer');
    expect(modeOf('?join=ABCDEF')).toBe('trainee');
    expect(modeOf('?mode=present&story=x')).toBe('present');
    expect(modeOf('?mode=scenes')).toBe('scenes');
    expect(modeOf('?mode=toString')).toBe('live'); // only the table's own keys
    expect(modeOf('?mode=nope')).toBe('live');
    expect(modeHref('present', { story: 'a b' })).toBe('/?mode=present&story=a+b');
    expect(modeHref('live')).toBe('/');
  });
});

describe('the training summary', () => {
  it('has one row per trainee and task, answers in words, times rounded', () => {
    const rows = summaryRows(report);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      trainee: 'Anna',
      task: 'q',
      answer: 'Blocked: full',
      expected: 'Blocked: full',
      result: 'right',
      points: 1,
      wallSeconds: 12.3,
      simSeconds: 30,
      score: 3,
      maxScore: 3,
    });
    expect(rows[1]).toMatchObject({ answer: '(class goal)', expected: '1234.5 parts/h', result: 'right', points: 2 });
    expect(rows[2]).toMatchObject({ answer: '', result: 'wrong', points: 0, wallSeconds: null });
  });

  it('names the machines of an act-on-the-warning goal: the one serviced and the one that warned', () => {
    const task = { ...state.tasks[1]!, id: 'warn', kind: 'actOnWarning' as const, outcome: { met: false, at: 300, value: 0 } };
    const result = { task: 'warn', answer: 'CNC1', expected: 'CNC3', correct: false, wallMs: null, simSeconds: null, points: 2 };
    const anna = { ...report.trainees[0]!, results: [result] };
    const rows = summaryRows({ ...report, state: { ...state, tasks: [task] }, trainees: [anna] });
    expect(rows).toEqual([
      expect.objectContaining({ task: 'warn', kind: 'actOnWarning', answer: 'CNC1', expected: 'CNC3', result: 'wrong' }),
    ]);
  });

  it('writes CSV that spreadsheets read safely: quotes where needed, formulas defused', () => {
    const csv = summaryCsv(report);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'trainee,task,question,kind,answer,right answer,result,points,"time taken (s, wall)","time taken (s, simulated)",trainee score,of',
    );
    expect(lines[1]).toBe('Anna,q,"Why, ""really""?",choice,Blocked: full,Blocked: full,right,1,12.3,30,3,3');
    expect(lines[3]).toMatch(/^"'=HYPERLINK\(""x""\)",q,/);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1'); // numbers stay numbers
    expect(csvField(null)).toBe('');
  });

  it('writes JSON with the scenario, tasks, trainees and actions', () => {
    const json = JSON.parse(summaryJson(report, new Date('2026-01-02T03:04:05Z'))) as Record<string, unknown>;
    expect(json).toMatchObject({ generatedAt: '2026-01-02T03:04:05.000Z', scenario: { key: 'quick' }, session: { code: 'ABCDEF' } });
    expect((json.trainees as unknown[]).length).toBe(2);
    expect(json.actions).toEqual(report.actions);
  });
});

describe('the presentation comparison', () => {
  const kpi = (throughputPerHour: number, oee: number, kWhPerGoodPart: number): KpiFrame => ({
    t: 1,
    throughputPerHour,
    good: 10,
    scrap: 0,
    oee,
    availability: 1,
    performance: 1,
    quality: 1,
    wip: 0,
    leadTimeMean: 0,
    kWh: 1,
    kWhPerGoodPart,
    powerKW: 1,
    peakKW: 1,
    bottleneck: '',
    perStation: [],
  });
  it("states how far the after side is ahead, from the two sessions' KPIs", () => {
    const d = compareKpis(kpi(2000, 0.6, 0.012), kpi(2400, 0.7, 0.011))!;
    expect(d.map((x) => [x.label, x.text, x.better])).toEqual([
      ['Throughput', '+20.0 %', true],
      ['OEE', '+10.0 pts', true],
      ['Energy per part', '−8.3 %', true],
    ]);
    expect(compareKpis(kpi(2000, 0.6, 0.012), null)).toBeNull();
    expect(compareKpis(kpi(0, 0, 0), kpi(10, 0.1, 1))).toBeNull();
    expect(formatEnergyPerPart(0.0123)).toEqual({ value: '12.3', unit: 'Wh/part' });
    expect(formatEnergyPerPart(4.678)).toEqual({ value: '4.68', unit: 'kWh/part' });
    expect(
      captionAt(
        [
          { at: 0, text: 'a' },
          { at: 60, text: 'b' },
        ],
        59,
      ),
    ).toBe('a');
    expect(
      captionAt(
        [
          { at: 0, text: 'a' },
          { at: 60, text: 'b' },
        ],
        60,
      ),
    ).toBe('b');
    expect(oneLine('First sentence. Second one.')).toBe('First sentence.');
  });
});

describe('the training net module', () => {
  it('keeps state, reports and own results from the server, and comes back as the same trainee', async () => {
    const socket = createFakeSocket();
    const store = createTrainingStore();
    const storage = memoryStorage();
    socket.serve('training:hello', (p) => ({
      ok: true,
      trainee: p.trainee ?? 'new-id-1',
      state,
      results: { trainee: 'new-id-1', results: [], score: 0, maxScore: 0 },
    }));
    socket.serve('training:answer', () => ({ ok: true, result: report.trainees[0]!.results[0]! }));
    const client = connectTraining(socket, store, storage);
    socket.establish();

    expect(await client.hello('Anna', 'abcdef')).toEqual({ ok: true });
    expect(socket.sent.at(-1)).toEqual({ event: 'training:hello', payload: { name: 'Anna' } });
    expect(store.getState().me).toEqual({ id: 'new-id-1', name: 'Anna' });
    await client.hello('Anna', 'ABCDEF');
    expect(socket.sent.at(-1)).toEqual({ event: 'training:hello', payload: { name: 'Anna', trainee: 'new-id-1' } }); // remembered per code

    socket.push('training:results', { trainee: 'someone-else', results: [], score: 9, maxScore: 9 });
    expect(store.getState().results?.score).toBe(0); // not mine
    socket.push('training:results', {
      trainee: 'new-id-1',
      results: [{ ...report.trainees[0]!.results[0]!, correct: null, answer: null }],
      score: 0,
      maxScore: 1,
    });
    await client.answer('q', '0');
    expect(store.getState().results?.results[0]).toMatchObject({ answer: '0', correct: true }); // shown at once

    socket.push('training:report', report);
    expect(store.getState().report).toBe(report);
    expect(store.getState().state).toBe(report.state);

    // another trainee's removal is not mine; mine ends being a trainee, with the reason
    socket.push('training:removed', { session: 's2', trainee: 'someone-else', reason: 'removed' });
    expect(store.getState().me).not.toBeNull();
    socket.push('training:removed', { session: 's2', trainee: 'new-id-1', reason: 'the trainer removed you from this class' });
    expect(store.getState()).toMatchObject({ me: null, results: null, removed: 'the trainer removed you from this class' });
    client.dispose();
    expect(socket.listeners('training:state')).toHaveLength(0);
  });
});
