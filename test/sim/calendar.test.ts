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
    while (cal.size > 0) { cal.pop(); order.push(cal.target); }
    expect(order).toEqual([1, 3, 4]);
  });

  it('refuses to pop an empty calendar', () => {
    expect(() => createCalendar().pop()).toThrow(/empty/);
  });
});
