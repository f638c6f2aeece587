import { describe, expect, it } from 'vitest';
import {
  createBottleneckTracker,
  type BottleneckReport,
  type BottleneckTracker,
  type BottleneckTrackerProbe,
} from '../../server/sim/bottleneck.ts';

/** Tiny seeded PRNG (mulberry32): tests stay replayable without Math.random. */
function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Call = { kind: 'set'; station: number; active: boolean; t: number } | { kind: 'reset'; t: number };

/**
 * Brute-force reference: the station states on every elementary interval between call times, periods as maximal
 * runs of active intervals, the winner of each interval, and the overlaps of consecutive winning periods.
 */
function referenceReport(n: number, start: number, calls: readonly Call[], T: number): BottleneckReport {
  let M = start;
  for (const c of calls) if (c.kind === 'reset') M = c.t;
  const cuts = [...new Set([M, T, ...calls.map((c) => c.t).filter((t) => t > M && t < T)])].sort((a, b) => a - b);
  const count = cuts.length - 1; // elementary intervals (cuts[k], cuts[k+1])
  const state = new Array<boolean>(n).fill(false);
  const activeAt: boolean[][] = [];
  let next = 0;
  for (let k = 0; k < count; k++) {
    while (next < calls.length && calls[next]!.t <= cuts[k]!) {
      const c = calls[next++]!;
      if (c.kind === 'set') state[c.station] = c.active;
    }
    activeAt.push([...state]);
  }
  // Periods: [station][k] -> index of the first and last interval of the run containing k.
  const first: number[][] = [];
  const last: number[][] = [];
  const lengths: number[][] = [];
  for (let i = 0; i < n; i++) {
    first.push(new Array<number>(count).fill(-1));
    last.push(new Array<number>(count).fill(-1));
    lengths.push([]);
    for (let k = 0; k < count; k++) {
      if (!activeAt[k]![i]) continue;
      first[i]![k] = k > 0 && activeAt[k - 1]![i] ? first[i]![k - 1]! : k;
    }
    for (let k = count - 1; k >= 0; k--) {
      if (!activeAt[k]![i]) continue;
      last[i]![k] = k + 1 < count && activeAt[k + 1]![i] ? last[i]![k + 1]! : k;
      if (first[i]![k] === k) lengths[i]!.push(cuts[last[i]![k]! + 1]! - cuts[k]!);
    }
  }
  const periodLength = (i: number, k: number): number => cuts[last[i]![k]! + 1]! - cuts[first[i]![k]!]!;
  const winner = new Array<number>(count).fill(-1);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      if (!activeAt[k]![i]) continue;
      const w = winner[k]!;
      if (w < 0 || periodLength(i, k) > periodLength(w, k)) winner[k] = i;
    }
  }
  // Shifting marks from consecutive winning periods (gaps skipped: their periods are disjoint anyway).
  const shift: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(count).fill(false));
  let prev = -1;
  for (let k = 0; k < count; k++) {
    const w = winner[k]!;
    if (w < 0) continue;
    if (prev >= 0) {
      const pw = winner[prev]!;
      const samePeriod = pw === w && first[w]![k] === first[pw]![prev];
      if (!samePeriod) {
        const lo = Math.max(first[pw]![prev]!, first[w]![k]!);
        const hi = Math.min(last[pw]![prev]!, last[w]![k]!);
        for (let j = lo; j <= hi; j++) {
          shift[pw]![j] = true;
          shift[w]![j] = true;
        }
      }
    }
    prev = k;
  }
  const window = T - M;
  const sole = new Array<number>(n).fill(0);
  const shifting = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const d = cuts[k + 1]! - cuts[k]!;
    for (let i = 0; i < n; i++) {
      if (shift[i]![k]) shifting[i]! += d;
      else if (winner[k] === i) sole[i]! += d;
    }
  }
  return {
    sole: sole.map((x) => (window > 0 ? x / window : 0)),
    shifting: shifting.map((x) => (window > 0 ? x / window : 0)),
    meanActivePeriod: lengths.map((ls) => (ls.length > 0 ? ls.reduce((a, b) => a + b, 0) / ls.length : 0)),
  };
}

function expectClose(actual: BottleneckReport, expected: BottleneckReport, context: string): void {
  for (const key of ['sole', 'shifting', 'meanActivePeriod'] as const) {
    expect(actual[key].length, `${context} ${key}`).toBe(expected[key].length);
    actual[key].forEach((x, i) => {
      const e = expected[key][i]!;
      expect(Math.abs(x - e), `${context} ${key}[${i}]: ${x} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
    });
  }
}

function probe(tracker: BottleneckTracker): BottleneckTrackerProbe {
  const p = tracker as BottleneckTrackerProbe;
  expect(typeof p.pendingCount).toBe('function');
  return p;
}

/** Replays calls on a tracker. */
function replay(tracker: BottleneckTracker, calls: readonly Call[]): void {
  for (const c of calls) {
    if (c.kind === 'set') tracker.setActive(c.station, c.active, c.t);
    else tracker.reset(c.t);
  }
}

function periods(n: number, list: [station: number, from: number, to: number][]): Call[] {
  const calls: Call[] = [];
  for (const [station, from, to] of list) {
    calls.push({ kind: 'set', station, active: true, t: from }, { kind: 'set', station, active: false, t: to });
  }
  expect(list.every(([s]) => s < n)).toBe(true);
  return calls.sort((a, b) => a.t - b.t); // stable: same-time calls keep list order
}

describe('bottleneck tracker: hand-made cases', () => {
  it('credits the clearly longest period as sole bottleneck', () => {
    const tr = createBottleneckTracker(2, 0);
    replay(
      tr,
      periods(2, [
        [0, 0, 10],
        [1, 2, 5],
      ]),
    );
    expect(tr.report(10)).toEqual({ sole: [1, 0], shifting: [0, 0], meanActivePeriod: [10, 3] });
  });

  it('splits the textbook overlap into shifting time for both stations', () => {
    // A on [0,10], B on [6,20]: A is bottleneck on [0,6), B (longer) from 6; their overlap [6,10] shifts.
    const tr = createBottleneckTracker(2, 0);
    replay(
      tr,
      periods(2, [
        [0, 0, 10],
        [1, 6, 20],
      ]),
    );
    const r = tr.report(20);
    expect(r.sole).toEqual([6 / 20, 10 / 20]);
    expect(r.shifting).toEqual([4 / 20, 4 / 20]);
    expect(r.meanActivePeriod).toEqual([10, 14]);
  });

  it('clips open periods at report time', () => {
    const tr = createBottleneckTracker(2, 0);
    replay(tr, [
      { kind: 'set', station: 0, active: true, t: 0 },
      { kind: 'set', station: 1, active: true, t: 4 },
    ]);
    // At t = 10: A [0,10] (10) beats B [4,10] (6) everywhere.
    expect(tr.report(10)).toEqual({ sole: [1, 0], shifting: [0, 0], meanActivePeriod: [10, 6] });
    tr.setActive(0, false, 12);
    // A [0,12] (12) vs B [4,30] (26): B wins from 4, overlap [4,12].
    expect(tr.report(30)).toEqual({ sole: [4 / 30, 18 / 30], shifting: [8 / 30, 8 / 30], meanActivePeriod: [12, 26] });
  });

  it('breaks ties by the lowest station index', () => {
    const tr = createBottleneckTracker(3, 0);
    replay(
      tr,
      periods(3, [
        [2, 0, 5],
        [1, 0, 5],
      ]),
    );
    expect(tr.report(10).sole).toEqual([0, 0.5, 0]);
  });

  it('merges an off and on at the same instant into one period and ignores zero-length periods', () => {
    const tr = createBottleneckTracker(2, 0);
    replay(tr, [
      { kind: 'set', station: 0, active: true, t: 0 },
      { kind: 'set', station: 0, active: false, t: 5 },
      { kind: 'set', station: 0, active: true, t: 5 },
      { kind: 'set', station: 1, active: true, t: 7 },
      { kind: 'set', station: 1, active: false, t: 7 },
      { kind: 'set', station: 0, active: false, t: 10 },
    ]);
    expect(tr.report(10)).toEqual({ sole: [1, 0], shifting: [0, 0], meanActivePeriod: [10, 0] });
  });

  it('treats repeated same-value calls as no-ops and reports nothing when nobody was active', () => {
    const tr = createBottleneckTracker(2, 0);
    tr.setActive(1, false, 3);
    expect(tr.report(3)).toEqual({ sole: [0, 0], shifting: [0, 0], meanActivePeriod: [0, 0] });
    tr.setActive(1, true, 3);
    tr.setActive(1, true, 6);
    expect(tr.report(9).meanActivePeriod).toEqual([0, 6]);
    expect(createBottleneckTracker(2, 5).report(5)).toEqual({ sole: [0, 0], shifting: [0, 0], meanActivePeriod: [0, 0] });
  });

  it('rejects time going backwards', () => {
    const tr = createBottleneckTracker(1, 0);
    tr.setActive(0, true, 5);
    expect(() => tr.setActive(0, false, 4)).toThrow(RangeError);
    expect(() => tr.report(4)).toThrow(RangeError);
  });
});

describe('bottleneck tracker: reset', () => {
  it('forgets history and clips periods active at reset', () => {
    // Station 1 on [0,100], station 0 on [40,130]. Unreset, 1 is longer (100 vs 90); after reset at 50
    // the clipped periods are 1: [50,100] (50) and 0: [50,130] (80), so 0 is the only bottleneck.
    const tr = createBottleneckTracker(2, 0);
    replay(tr, [
      { kind: 'set', station: 1, active: true, t: 0 },
      { kind: 'set', station: 1, active: false, t: 10 },
      { kind: 'set', station: 1, active: true, t: 10.5 },
      { kind: 'set', station: 0, active: true, t: 40 },
    ]);
    tr.reset(50);
    tr.setActive(1, false, 100);
    tr.setActive(0, false, 130);
    expect(tr.report(150)).toEqual({ sole: [80 / 100, 0], shifting: [0, 0], meanActivePeriod: [80, 50] });
  });

  it('lets an off before and an on after a reset at the same instant start a fresh period', () => {
    const tr = createBottleneckTracker(1, 0);
    tr.setActive(0, true, 0);
    tr.setActive(0, false, 20);
    tr.reset(20);
    tr.setActive(0, true, 20);
    expect(tr.report(30)).toEqual({ sole: [1], shifting: [0], meanActivePeriod: [10] });
  });
});

/** A random toggle sequence: per station an activity bias and a stickiness, time steps with many ties. */
function randomCalls(
  rng: () => number,
  n: number,
  start: number,
  steps: number,
  withResets: boolean,
): { calls: Call[]; reportAt: number[] } {
  const bias = Array.from({ length: n }, () => rng());
  const sticky = Array.from({ length: n }, () => (rng() < 0.3 ? 0.97 : rng() * 0.8));
  const fractional = rng() < 0.5;
  const calls: Call[] = [];
  const reportAt: number[] = [];
  let t = start + rng() * 3;
  for (let s = 0; s < steps; s++) {
    const u = rng();
    if (u < 0.35) t += 0;
    else if (fractional) t += Math.floor(rng() * 40) / 4;
    else t += 1 + Math.floor(rng() * (rng() < 0.1 ? 60 : 6));
    const station = Math.floor(rng() * n);
    if (withResets && rng() < 0.003) calls.push({ kind: 'reset', t });
    if (rng() < sticky[station]!) continue; // long periods, on or off
    calls.push({ kind: 'set', station, active: rng() < bias[station]!, t });
    if (rng() < 0.02) reportAt.push(calls.length); // report after this call
  }
  return { calls, reportAt };
}

describe('bottleneck tracker: against a brute-force reference', () => {
  it('matches on random toggle sequences, with reports in between that change nothing', () => {
    for (let seed = 1; seed <= 250; seed++) {
      const rng = createRng(seed);
      const n = 1 + Math.floor(rng() * 6);
      const start = Math.floor(rng() * 5);
      const { calls, reportAt } = randomCalls(rng, n, start, 200 + Math.floor(rng() * 1800), seed % 3 === 0);
      const watched = createBottleneckTracker(n, start); // reported on often
      const quiet = createBottleneckTracker(n, start); // never reported on until the end
      let done = 0;
      for (const upto of reportAt) {
        replay(watched, calls.slice(done, upto));
        done = upto;
        const at = calls[upto - 1]!.t + (rng() < 0.5 ? 0 : rng() * 10);
        const soFar = calls.slice(0, upto);
        expectClose(watched.report(at), referenceReport(n, start, soFar, at), `seed ${seed} at ${at}`);
        expect(watched.report(at)).toEqual(watched.report(at));
      }
      replay(watched, calls.slice(done));
      replay(quiet, calls);
      const end = (calls.at(-1)?.t ?? start) + Math.floor(rng() * 20);
      const final = quiet.report(end);
      expect(watched.report(end), `seed ${seed}`).toEqual(final);
      expectClose(final, referenceReport(n, start, calls, end), `seed ${seed} end`);
    }
  }, 60_000); // ms: 250 cases against the O(n^2) reference, 1-2 s alone; a shared, loaded machine takes several times that

  it('matches when one station stays active throughout', () => {
    for (let seed = 1000; seed < 1040; seed++) {
      const rng = createRng(seed);
      const n = 2 + Math.floor(rng() * 4);
      const { calls } = randomCalls(rng, n, 0, 3000, false);
      const keep = Math.floor(rng() * n);
      const withKeeper: Call[] = [
        { kind: 'set', station: keep, active: true, t: 0 },
        ...calls.filter((c) => c.kind === 'reset' || c.station !== keep),
      ];
      if (rng() < 0.5) withKeeper.push({ kind: 'set', station: keep, active: false, t: withKeeper.at(-1)!.t + 1 });
      const tr = createBottleneckTracker(n, 0);
      replay(tr, withKeeper);
      const end = withKeeper.at(-1)!.t + 5;
      expectClose(tr.report(end), referenceReport(n, 0, withKeeper, end), `seed ${seed}`);
    }
  });
});

describe('bottleneck tracker: bounded memory', () => {
  it('keeps few periods over a million toggles while station 0 stays active', () => {
    const n = 5;
    const tr = probe(createBottleneckTracker(n, 0));
    const rng = createRng(7);
    tr.setActive(0, true, 0);
    let t = 0;
    let maxPending = 0;
    for (let k = 0; k < 1_000_000; k++) {
      if (k % 4 === 0) t += 1;
      const station = 1 + (k % 4);
      tr.setActive(station, rng() < 0.5, t);
      maxPending = Math.max(maxPending, tr.pendingCount());
      if (k % 100_000 === 0) tr.report(t);
    }
    expect(maxPending).toBeLessThanOrEqual(3 * n + 8);
    const r = tr.report(t);
    expect(r.sole[0]).toBe(1); // its period spans the whole run, so it is always the bottleneck
    expect(r.shifting).toEqual([0, 0, 0, 0, 0]);
  });

  it('keeps few periods under random toggling and when all stations stay active', () => {
    const n = 8;
    const tr = probe(createBottleneckTracker(n, 0));
    const rng = createRng(11);
    let t = 0;
    let maxPending = 0;
    for (let k = 0; k < 200_000; k++) {
      t += rng() < 0.3 ? 0 : rng() * 2;
      tr.setActive(Math.floor(rng() * n), rng() < 0.6, t);
      maxPending = Math.max(maxPending, tr.pendingCount());
    }
    expect(maxPending).toBeLessThanOrEqual(3 * n + 8);

    const all = probe(createBottleneckTracker(n, 0));
    for (let i = 0; i < n; i++) all.setActive(i, true, 0);
    for (let k = 1; k < 1000; k++) all.setActive(k % n, true, k);
    expect(all.pendingCount()).toBe(0);
    expect(all.report(1000).sole).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });
});
