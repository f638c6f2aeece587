import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../server/scene/index.ts';

describe('parseDuration', () => {
  it.each([
    [90, 90],
    [0, 0],
    [1.5, 1.5],
    ['500ms', 0.5],
    ['90.9ms', 0.0909],
    ['90s', 90],
    ['5min', 300],
    ['2h', 7200],
    ['1.5h', 5400],
    ['1d', 86_400],
    ['1w', 604_800],
    ['30d', 2_592_000],
    ['.5s', 0.5],
    [' 5 min ', 300],
    ['1h 30min', 5400],
    ['1h30min', 5400],
    ['2 hours', 7200],
    ['12', 12],
    ['0', 0],
  ] as const)('%j → %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['-5s', /negative/],
    [-1, /negative/],
    ['5m', /"min" for minutes/],
    ['abc', /invalid duration "abc"/],
    ['5 parsecs', /unknown unit "parsecs"/],
    ['', /invalid duration/],
    ['1h30', /invalid duration/],
    [Number.NaN, /finite/],
    [Infinity, /finite/],
  ] as const)('rejects %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.25, '250ms'],
    [90, '1.5min'],
    [5400, '1.5h'],
    [2_592_000, '30d'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
