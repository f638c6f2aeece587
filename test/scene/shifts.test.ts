import { describe, expect, it } from 'vitest';
import { parseScene } from '../../server/scene/index.ts';
import { normalizeShifts, parseDays, parseTimeOfDay } from '../../server/scene/shifts.ts';
import { lineWith } from './helpers.ts';

const H = 3600;
const D = 24 * H;
const WEEK = 7 * D;

function shiftsOf(shifts: string): unknown {
  return parseScene(lineWith('  - { id: M1, type: machine, cycleTime: 1s }', `shifts:\n${shifts}\n`), 'shifts.yaml').line.shifts;
}

describe('shifts', () => {
  it('are absent (24/7) unless given', () => {
    expect(parseScene(lineWith('  - { id: M1, type: machine, cycleTime: 1s }'), 'x.yaml').line.shifts).toBeUndefined();
  });

  it('mon-fri 06:00-22:00 gives five windows', () => {
    expect(shiftsOf('  - { days: mon-fri, from: "06:00", to: "22:00" }')).toEqual(
      [0, 1, 2, 3, 4].map((d) => ({ start: d * D + 6 * H, end: d * D + 22 * H })),
    );
  });

  it('a night shift runs past midnight, and Sunday night wraps to Monday morning', () => {
    expect(shiftsOf('  - { days: [sun], from: "22:00", to: "06:00" }')).toEqual([
      { start: 0, end: 6 * H },
      { start: 6 * D + 22 * H, end: WEEK },
    ]);
    expect(shiftsOf('  - { days: fri, from: "22:00", to: "06:00" }')).toEqual([{ start: 4 * D + 22 * H, end: 5 * D + 6 * H }]);
  });

  it('are sorted and merged: three shifts Sunday night to Friday night are one window and a wrapped one', () => {
    const shifts = [
      '  - { days: mon-fri, from: "14:00", to: "22:00" }',
      '  - { days: mon-fri, from: "06:00", to: "14:00" }',
      '  - { days: sun-thu, from: "22:00", to: "06:00" }',
    ].join('\n');
    expect(shiftsOf(shifts)).toEqual([
      { start: 0, end: 4 * D + 22 * H },
      { start: 6 * D + 22 * H, end: WEEK },
    ]);
  });

  it('daily around the clock is the whole week', () => {
    expect(shiftsOf('  - { days: daily, from: "00:00", to: "24:00" }')).toEqual([{ start: 0, end: WEEK }]);
    expect(shiftsOf('  - { days: daily, from: "06:00", to: "06:00" }')).toEqual([{ start: 0, end: WEEK }]);
  });

  it('read day lists, ranges that wrap and names', () => {
    expect(parseDays('mon-fri')).toEqual({ ok: true, days: [0, 1, 2, 3, 4] });
    expect(parseDays('fri-mon')).toEqual({ ok: true, days: [0, 4, 5, 6] });
    expect(parseDays('Saturday, sun')).toEqual({ ok: true, days: [5, 6] });
    expect(parseDays('weekdays')).toEqual({ ok: true, days: [0, 1, 2, 3, 4] });
    expect(parseDays('mon-fry')).toMatchObject({ ok: false, hint: 'did you mean "fri"?' });
  });

  it('read clock times', () => {
    expect(parseTimeOfDay('06:00')).toBe(6 * H);
    expect(parseTimeOfDay('6:30')).toBe(6.5 * H);
    expect(parseTimeOfDay('23:59:30')).toBe(D - 30);
    expect(parseTimeOfDay('24:00')).toBe(D);
    expect(parseTimeOfDay('24:01')).toBeUndefined();
    expect(parseTimeOfDay('6h')).toBeUndefined();
  });

  it('normalizeShifts merges touching windows', () => {
    expect(
      normalizeShifts([
        { days: [0], from: 6 * H, to: 14 * H },
        { days: [0], from: 14 * H, to: 22 * H },
      ]),
    ).toEqual([{ start: 6 * H, end: 22 * H }]);
  });
});
