import { describe, expect, it } from 'vitest';
import { createClock, displayTime, LEAD_CAP_S, observeFrame, resetClock, setPace } from '../../src/state/simClock.ts';

describe('sim clock estimate', () => {
  it('extrapolates at the session speed between frames', () => {
    const c = createClock();
    resetClock(c, 100, 0, 60, false);
    expect(displayTime(c, 0)).toBe(100);
    expect(displayTime(c, 500)).toBeCloseTo(130); // 0.5 s wall at 60x
  });

  it('stops extrapolating when frames stop coming (stalled stream)', () => {
    const c = createClock();
    resetClock(c, 0, 0, 1, false);
    expect(displayTime(c, 60_000)).toBeCloseTo(LEAD_CAP_S);
  });

  it('never goes backwards when a frame is behind the estimate', () => {
    const c = createClock();
    resetClock(c, 0, 0, 10, false);
    const shown = displayTime(c, 1000); // 10 s
    observeFrame(c, 8, 1000); // the server was slower
    expect(displayTime(c, 1000)).toBe(shown);
    expect(displayTime(c, 1300)).toBeCloseTo(11);
  });

  it('holds still while paused', () => {
    const c = createClock();
    resetClock(c, 50, 0, 100, true);
    expect(displayTime(c, 5000)).toBe(50);
    setPace(c, 100, false);
    expect(displayTime(c, 100)).toBeCloseTo(60);
  });

  it('measures the rate from frames at max speed', () => {
    const c = createClock();
    resetClock(c, 0, 0, 'max', false);
    observeFrame(c, 500, 1000);
    observeFrame(c, 1000, 2000);
    expect(c.rate).toBeCloseTo(500);
    expect(displayTime(c, 2100)).toBeCloseTo(1050);
  });

  it('jumps back only on reset', () => {
    const c = createClock();
    resetClock(c, 1000, 0, 1, false);
    displayTime(c, 100);
    resetClock(c, 0, 200, 1, false);
    expect(displayTime(c, 200)).toBe(0);
  });
});
