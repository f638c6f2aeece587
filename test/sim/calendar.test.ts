import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../server/sim/calendar.ts';
import { createStream } from '../../server/sim/random.ts';

describe('event calendar', () => {
  it('pops events in time order, equal times in insertion order', () => {
    const cal = createCalendar(2); // small start: exercises growth
    const rng = createStream(1, 0, 'calendar-test');
    const pushed: Array<{ time: number; target: number }> = [];
    for (let i = 0; i < 5000; i++) {
      const time = Math.floor(rng.next() * 50); // many ties
      cal.push(time, 0, i, 0);
      pushed.push({ time, target: i });
    }
    const expected = [...pushed].sort((a, b) => a.time - b.time || a.target - b.target);
    const popped: Array<{ time: number; target: number }> = [];
    while (cal.size > 0) {
      cal.pop();
      popped.push({ time: cal.time, target: cal.target });
    }
    expect(popped).toEqual(expected);
    expect(cal.peekTime()).toBe(Infinity);
  });

  it('keeps insertion order for ties when pushes and pops interleave', () => {
    const cal = createCalendar();
    cal.push(5, 1, 1, 0);
    cal.push(3, 1, 2, 0);
    cal.pop();
    expect(cal.target).toBe(2);
    cal.push(5, 2, 3, 9);
    cal.push(5, 3, 4, 0);
    const order: number[] = [];
    while (cal.size > 0) {
      cal.pop();
      order.push(cal.target);
    }
    expect(order).toEqual([1, 3, 4]);
  });

  it('matches a sorted-list reference when events schedule new ones while being handled, at random', () => {
    const cal = createCalendar(4);
    const rng = createStream(3, 0, 'calendar-interleave');
    const reference: Array<{ time: number; seq: number; target: number }> = [];
    let seq = 0;
    const schedule = (time: number): void => {
      cal.push(time, 0, seq, 0);
      reference.push({ time, seq, target: seq });
      seq++;
    };
    for (let i = 0; i < 20; i++) schedule(Math.floor(rng.next() * 10));
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      // half the horizons fall exactly on whole times, where events are due: those are left for the next call
      const horizon = rng.next() < 0.5 ? now + rng.next() * 3 : Math.ceil(now) + Math.floor(rng.next() * 3);
      if (!cal.popBefore(horizon)) {
        expect(cal.peekTime()).toBe(reference.length > 0 ? Math.min(...reference.map((e) => e.time)) : Infinity);
        expect(cal.peekTime()).toBeGreaterThanOrEqual(horizon);
        now = horizon;
        if (reference.length === 0) schedule(now + 1);
        continue;
      }
      reference.sort((a, b) => a.time - b.time || a.seq - b.seq);
      const expected = reference.shift()!;
      expect([cal.time, cal.target]).toEqual([expected.time, expected.target]);
      expect(cal.time).toBeLessThan(horizon);
      now = cal.time;
      // handling the event schedules 0, 1 or 2 new ones, some at the same instant (ties keep scheduling order)
      const count = Math.floor(rng.next() * 3);
      for (let k = 0; k < count; k++) schedule(rng.next() < 0.2 ? now : now + Math.floor(rng.next() * 5));
      expect(cal.size).toBe(reference.length);
    }
  });

  it('refuses to pop an empty calendar', () => {
    expect(() => createCalendar().pop()).toThrow(/empty/);
  });
});
