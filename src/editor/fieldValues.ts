import { parse, stringify } from 'yaml';
import { parseDuration } from '../../server/scene/duration.ts';

/**
 * Between what a form input holds (a string) and what the scene file gets: numbers, durations, capacities,
 * distributions and inline YAML. Pure, so the panel's conversions are tested without a DOM.
 */

/** The distributions of the scene format and their parameters, in the order the picker lists them. */
export const DISTRIBUTIONS: Readonly<Record<string, readonly string[]>> = {
  constant: ['value'],
  exponential: ['mean'],
  uniform: ['min', 'max'],
  triangular: ['min', 'mode', 'max'],
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  weibull: ['shape', 'scale'],
  erlang: ['k', 'mean'],
  empirical: ['values', 'weights'],
};

/** Parameters that are plain numbers, not times. */
const UNITLESS = new Set(['shape', 'k']);
/** Parameters that are lists (written as inline YAML). */
const LISTS = new Set(['values', 'weights']);

/** The unit shown beside a distribution parameter. */
export function paramUnit(param: string): string {
  return UNITLESS.has(param) ? '' : LISTS.has(param) ? (param === 'values' ? 'list of times' : 'list') : 's';
}

/** A number from an input, or the input text when it is not one ("90s" stays a string for the file). */
export function numberOrText(input: string): number | string {
  const t = input.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/** A value as an input shows it. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Inline YAML from a text area: the value, or an error message. */
export function readYaml(input: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(input) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

/** The distribution kind of a value: a bare duration is `constant`; a map without `dist` (one per product) is null. */
export function distKind(value: unknown): string | null {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number') return 'constant';
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as { dist?: unknown }).dist === 'string')
    return (value as { dist: string }).dist;
  return null;
}

/** A typical time of a distribution value in seconds (its mean or value), for carrying it over to another kind. */
export function typicalSeconds(value: unknown): number {
  const seconds = (v: unknown): number | null => {
    try {
      return typeof v === 'number' || typeof v === 'string' ? parseDuration(v) : null;
    } catch {
      return null;
    }
  };
  if (typeof value === 'object' && value !== null) {
    const d = value as Record<string, unknown>;
    for (const key of ['mean', 'value', 'mode', 'scale']) {
      const s = seconds(d[key]);
      if (s !== null) return s;
    }
    const lo = seconds(d.min),
      hi = seconds(d.max);
    if (lo !== null && hi !== null) return (lo + hi) / 2;
  }
  return seconds(value) ?? 10;
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const secs = (v: number): string => `${r3(v)}s`;

/** A distribution of `kind` around a typical time m (s): what the picker writes when the kind changes. */
export function distributionOf(kind: string, m: number): unknown {
  switch (kind) {
    case 'constant':
      return secs(m);
    case 'exponential':
      return { dist: 'exponential', mean: secs(m) };
    case 'uniform':
      return { dist: 'uniform', min: secs(m * 0.8), max: secs(m * 1.2) };
    case 'triangular':
      return { dist: 'triangular', min: secs(m * 0.8), mode: secs(m), max: secs(m * 1.4) };
    case 'normal':
      return { dist: 'normal', mean: secs(m), sd: secs(m * 0.1) };
    case 'lognormal':
      return { dist: 'lognormal', mean: secs(m), sd: secs(m * 0.25) };
    case 'weibull':
      return { dist: 'weibull', shape: 2, scale: secs(m) };
    case 'erlang':
      return { dist: 'erlang', k: 2, mean: secs(m) };
    case 'empirical':
      return { dist: 'empirical', values: [secs(m * 0.8), secs(m * 1.2)], weights: [1, 1] };
    default:
      return secs(m);
  }
}

/** A distribution parameter from its input: a list for values/weights, else a number or a duration string. */
export function paramValue(param: string, input: string): unknown {
  if (LISTS.has(param)) {
    const r = readYaml(input.trim().startsWith('[') ? input : `[${input}]`);
    return 'value' in r ? r.value : input;
  }
  return numberOrText(input);
}

/** A capacity from its input: a whole number or "unlimited". */
export function capacityValue(input: string): number | string {
  const t = input.trim().toLowerCase();
  return t === 'unlimited' || t === '∞' ? 'unlimited' : numberOrText(input);
}
