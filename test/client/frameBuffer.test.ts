import { describe, expect, it } from 'vitest';
import { applyFrame, applyKpi, applySnapshot, createFrameBuffer } from '../../src/state/frameBuffer.ts';
import { slotOfPart } from '../../src/state/partTable.ts';
import { stateCode } from '../../src/state/statePalette.ts';
import { frameAt, kpiAt, snapshotAt } from './fakeLine.ts';

const W = 1000; // wall ms

describe('frame buffer', () => {
  it('takes unit states, levels, parts and the clock from a snapshot', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    expect(fb.stations.map((s) => s.id)).toEqual(['IN', 'M1', 'CV', 'B1', 'M2', 'OUT']);
    expect(Array.from(fb.unitCount)).toEqual([0, 1, 0, 0, 2, 0]);
    expect(fb.unitState[fb.unitOffset[4]!]).toBe(1);
    expect(fb.stationState[4]).toBe(stateCode('working')); // starved + working shows working
    expect(fb.stationState[0]).toBe(stateCode('off')); // not a machine
    expect(Array.from(fb.levels)).toEqual([0, 0, 2, 3, 0, 0]);
    expect(fb.parts.count).toBe(2);
    const slot = slotOfPart(fb.parts, 8);
    expect([fb.parts.from[slot], fb.parts.to[slot], fb.parts.t0[slot], fb.parts.t1[slot]]).toEqual([2, 2, 98, 106]);
    expect(fb.clock.t).toBe(100);
    expect(fb.layoutVersion).toBe(1);
  });

  it('decodes frames: ms times relative to the frame, states, levels, moves and ends', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    applyFrame(
      fb,
      frameAt(101, {
        states: [[1, 0, stateCode('down'), 100.5]],
        levels: [[3, 4]],
        moves: [[9, 0, 1, 100.25, 102.75]],
        ends: [[8, 5, 0, 100.9]],
        movesDropped: 3,
      }),
      W + 1000,
    );
    expect(fb.stationState[1]).toBe(stateCode('down'));
    expect(fb.levels[3]).toBe(4);
    const slot = slotOfPart(fb.parts, 9);
    expect(fb.parts.from[slot]).toBe(0);
    expect(fb.parts.to[slot]).toBe(1);
    expect(fb.parts.t0[slot]).toBeCloseTo(100.25, 6);
    expect(fb.parts.t1[slot]).toBeCloseTo(102.75, 6);
    expect(fb.parts.endT[slotOfPart(fb.parts, 8)]).toBeCloseTo(100.9, 6);
    expect(fb.movesDropped).toBe(3);
    expect(fb.clock.t).toBe(101);
  });

  it('evicts the stale part of a single-unit machine when a new one moves in (a dropped move)', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    expect(slotOfPart(fb.parts, 7)).toBeGreaterThanOrEqual(0); // part 7 sits in M1
    applyFrame(fb, frameAt(101, { moves: [[20, 0, 1, 101, 102]] }), W + 1000);
    expect(slotOfPart(fb.parts, 7)).toBe(-1);
    expect(slotOfPart(fb.parts, 20)).toBeGreaterThanOrEqual(0);
  });

  it('keeps no more parts in a buffer than its level says', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    applyFrame(
      fb,
      frameAt(101, {
        levels: [[3, 2]],
        moves: [
          [30, 2, 3, 100.1, 100.1],
          [31, 2, 3, 100.2, 100.2],
          [32, 2, 3, 100.3, 100.3],
        ],
      }),
      W,
    );
    expect(slotOfPart(fb.parts, 30)).toBe(-1); // the oldest went on unseen
    expect(slotOfPart(fb.parts, 32)).toBeGreaterThanOrEqual(0);
  });

  it('drops ended parts once they had time to arrive', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    applyFrame(fb, frameAt(101, { moves: [[40, 4, 5, 100.5, 100.5]], ends: [[40, 5, 0, 100.5]] }), W);
    expect(slotOfPart(fb.parts, 40)).toBeGreaterThanOrEqual(0);
    applyFrame(fb, frameAt(103, {}), W + 2000);
    expect(slotOfPart(fb.parts, 40)).toBe(-1);
  });

  it('survives garbage: unknown stations, units and missing arrays', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    const before = Array.from(fb.unitState);
    applyFrame(fb, { t: 101 } as never, W);
    applyFrame(
      fb,
      frameAt(101, {
        states: [
          [99, 0, 3, 101],
          [1, 5, 3, 101],
        ],
        levels: [[-1, 3]],
        moves: [[1, 0, 42, 101, 102]],
      }),
      W,
    );
    expect(Array.from(fb.unitState)).toEqual(before);
    expect(slotOfPart(fb.parts, 1)).toBe(-1);
    applySnapshot(fb, { ...snapshotAt(0), states: undefined, levels: undefined, parts: undefined } as never, W);
    expect(fb.stations.length).toBe(6);
  });

  it('copies per-station KPIs for the heat map', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    const v = fb.kpiVersion;
    applyKpi(fb, kpiAt(101));
    expect(fb.kpiVersion).toBe(v + 1);
    expect(fb.perStation[1 * 3 + 1]).toBeCloseTo(0.8);
  });

  it('bumps the layout version only when the layout changes', () => {
    const fb = createFrameBuffer();
    applySnapshot(fb, snapshotAt(100), W);
    applySnapshot(fb, snapshotAt(0), W); // a reset: same stations
    expect(fb.layoutVersion).toBe(1);
    const moved = snapshotAt(0);
    moved.stations = moved.stations.map((s) => (s.id === 'M1' ? { ...s, x: 4 } : s));
    applySnapshot(fb, moved, W);
    expect(fb.layoutVersion).toBe(2);
  });
});
