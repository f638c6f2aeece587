/**
 * The browser's estimate of the simulated time between two server frames. Frames arrive at most 20 times a
 * second with the sim time of their batch; the 3D view needs a time for every rendered frame, so it
 * extrapolates from the last frame at the session's speed (measured from frames when the speed is `max`),
 * never runs more than LEAD_CAP_S of wall time ahead of the last frame, and never goes backwards.
 */

/** Wall seconds the estimate may run ahead of the last frame before it waits (a stalled stream stops motion). */
export const LEAD_CAP_S = 1.2;

/** Mutable clock state. */
export interface SimClock {
  /** Sim time of the last frame or snapshot (s). */
  t: number;
  /** Wall time (ms) when it arrived. */
  wall: number;
  /** Sim seconds per wall second used for extrapolation. */
  rate: number;
  /** Measured rate from consecutive frames (EMA), used for `max` speed. */
  measured: number;
  speed: number | 'max';
  paused: boolean;
  /** Last time handed out, so the display never goes backwards. */
  shown: number;
}

/** A clock at time 0, running at 1x. */
export function createClock(): SimClock {
  return { t: 0, wall: 0, rate: 1, measured: 0, speed: 1, paused: false, shown: 0 };
}

/** Restarts the clock at `t` (snapshot, reset): the display may jump backwards only here. */
export function resetClock(c: SimClock, t: number, wallMs: number, speed: number | 'max', paused: boolean): void {
  c.t = t;
  c.wall = wallMs;
  c.shown = t;
  c.measured = 0;
  setPace(c, speed, paused);
}

/** Applies the session's speed and pause state. */
export function setPace(c: SimClock, speed: number | 'max', paused: boolean): void {
  c.speed = speed;
  c.paused = paused;
  c.rate = paused ? 0 : speed === 'max' ? c.measured : speed;
}

/**
 * Feeds the sim time of a new frame (or session info) received at `wallMs`. Frames come only when something
 * changed, so a quiet line may send none for a while; session info (once a second) bridges such gaps.
 */
export function observeFrame(c: SimClock, t: number, wallMs: number): void {
  const dtWall = (wallMs - c.wall) / 1000;
  if (dtWall > 0.005 && t >= c.t) {
    const r = (t - c.t) / dtWall;
    c.measured = c.measured === 0 ? r : c.measured * 0.7 + r * 0.3;
  }
  c.t = t;
  c.wall = wallMs;
  if (c.speed === 'max' && !c.paused) c.rate = c.measured;
}

/** The sim time to draw at wall time `wallMs`. */
export function displayTime(c: SimClock, wallMs: number): number {
  const lead = Math.min(Math.max(0, (wallMs - c.wall) / 1000), LEAD_CAP_S) * c.rate;
  const est = c.t + lead;
  if (est > c.shown) c.shown = est;
  return c.shown;
}
