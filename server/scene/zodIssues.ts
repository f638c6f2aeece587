import type { z } from 'zod';
import { didYouMean } from './didYouMean.ts';
import type { IssueAt } from './errors.ts';

type RawIssue = z.core.$ZodRawIssue;
type ZodIssue = z.core.$ZodIssue;

/** Turns zod's issues into friendly scene issues; make one per parse. */
export interface IssueReader {
  /** Pass as `error` to `safeParse` so every zod message is worded for a scene author. */
  errorMap: (issue: RawIssue) => string | undefined;
  /** Flatten unions, split unknown keys into one issue each and add did-you-mean hints. */
  read(issues: readonly ZodIssue[]): IssueAt[];
}

/** Create the error map and converter for one parse (they share what the error map learns about allowed keys). */
export function createIssueReader(): IssueReader {
  // Object input → keys its strict schema allows; zod's final issues no longer carry the schema itself.
  const allowedKeys = new Map<unknown, string[]>();

  const errorMap = (issue: RawIssue): string | undefined => {
    if (issue.code === 'unrecognized_keys') {
      const shape = (issue.inst as { shape?: unknown } | undefined)?.shape;
      if (isRecord(shape)) allowedKeys.set(issue.input, Object.keys(shape));
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map(quote).join(', ')}`;
    }
    return messageFor(issue);
  };

  const convert = (issue: ZodIssue, prefix: readonly PropertyKey[]): IssueAt[] => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeys.get(issue.input) ?? [];
        return issue.keys.map((key) => {
          const hint = didYouMean(key, allowed);
          const list = hint === undefined && allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '';
          return { path: [...path, key], message: `unknown key ${quote(key)}${list}`, hint };
        });
      }
      case 'invalid_union': {
        if (issue.discriminator !== undefined && issue.errors.length === 0) {
          const options = optionsOf(issue);
          const value = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
          return [{ path, message: issue.message, hint: typeof value === 'string' ? didYouMean(value, options) : undefined }];
        }
        const relevant = issue.errors.filter((branch) => !branch.every(isWrongKind));
        const [only] = relevant;
        if (relevant.length === 1 && only) return only.flatMap((inner) => convert(inner, path));
        const hint = typeof issue.input === 'string' ? didYouMean(issue.input, literalValues(issue.errors)) : undefined;
        return [{ path, message: issue.message, hint }];
      }
      case 'invalid_value': {
        const hint = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : undefined;
        return [{ path, message: issue.message, hint }];
      }
      case 'custom': {
        const hint: unknown = issue.params?.['hint'];
        return [{ path, message: issue.message, hint: typeof hint === 'string' ? hint : undefined }];
      }
      default:
        return [{ path, message: issue.message }];
    }
  };

  const read = (issues: readonly ZodIssue[]): IssueAt[] => {
    const seen = new Set<string>();
    return issues
      .flatMap((issue) => convert(issue, []))
      .filter((issue) => {
        const key = `${issue.path.map(String).join('\u0000')}\u0001${issue.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  };

  return { errorMap, read };
}

function messageFor(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `expected ${describedAs(issue.inst) ?? expectedName(issue.expected)}, received ${describeValue(issue.input)}`;
    case 'invalid_union': {
      if (issue.discriminator !== undefined && issue.errors.length === 0) {
        const options = optionsOf(issue);
        const value = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
        const list = options.join(', ');
        return value === undefined
          ? `is required: one of ${list}`
          : `unknown ${issue.discriminator} ${JSON.stringify(value)}: expected one of ${list}`;
      }
      if (issue.input === undefined) return 'is required';
      const expected = describedAs(issue.inst) ?? unionExpectation(issue.errors);
      return `expected ${expected}, received ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      if (issue.input === undefined) return 'is required';
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, received ${describeValue(issue.input)}`;
    case 'too_small':
      return bound(issue.origin, issue.inclusive ? '>=' : '>', issue.minimum, 'at least');
    case 'too_big':
      return bound(issue.origin, issue.inclusive ? '<=' : '<', issue.maximum, 'at most');
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return issue.pattern === undefined ? `must be a valid ${issue.format}` : `must match ${issue.pattern}`;
    case 'invalid_key':
      return 'has an invalid key';
    default:
      return undefined;
  }
}

function bound(origin: string, op: string, limit: number | bigint, words: string): string {
  if (origin === 'array' || origin === 'set') return limit === 1 && op === '>=' ? 'must not be empty' : `must have ${words} ${limit} items`;
  if (origin === 'string') return limit === 1 && op === '>=' ? 'must not be empty' : `must have ${words} ${limit} characters`;
  return `must be ${op} ${limit}`;
}

/** A branch issue that only says "this union member is the wrong kind of value" (not a problem inside it). */
function isWrongKind(issue: ZodIssue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') return true;
  return issue.code === 'invalid_union' && issue.discriminator === undefined && issue.errors.every((b) => b.every(isWrongKind));
}

function literalValues(branches: readonly (readonly ZodIssue[])[]): string[] {
  return branches.flat().flatMap((issue) => {
    if (issue.code === 'invalid_value') return issue.values.map(String);
    if (issue.code === 'invalid_union') return literalValues(issue.errors);
    return [];
  });
}

function unionExpectation(branches: readonly (readonly ZodIssue[])[]): string {
  const names = new Set<string>();
  for (const issue of branches.flat()) {
    if (issue.code === 'invalid_type') names.add(expectedName(issue.expected));
    else if (issue.code === 'invalid_value') for (const v of issue.values) names.add(JSON.stringify(v));
  }
  return names.size === 0 ? 'a different value' : [...names].join(' or ');
}

function describedAs(schema: unknown): string | undefined {
  const description = (schema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description : undefined;
}

const EXPECTED_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object (key: value pairs)',
  record: 'an object (key: value pairs)',
  array: 'a list',
};

function expectedName(expected: string): string {
  return EXPECTED_NAMES[expected] ?? expected;
}

/** How a received value is named in messages: `the string "abc"`, `a list`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** The allowed values of a discriminated union's tag, from its "no matching discriminator" issue. */
function optionsOf(issue: object): string[] {
  const options = (issue as { options?: unknown }).options;
  return Array.isArray(options) ? options.map(String) : [];
}

function quote(key: string): string {
  return JSON.stringify(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
