import { parse } from 'yaml';
import { sweepNumber } from './sweepValue.ts';

/**
 * What the variants of an experiment `set`, read from its text: the results name a variant but do not carry its
 * `set`, so a chart drawn against a value the variants set (a maintenance threshold, a standby delay set on five
 * cells at once) reads it here. Pure.
 */

/** One variant of the experiment's text and its `set` (values as YAML reads them). */
export interface VariantSet {
  name: string;
  set: Record<string, unknown>;
}

/** The variants of the text that `set` something, in file order; none when there is no text or it is not YAML. */
export function variantSets(text: string | undefined): VariantSet[] {
  if (!text) return [];
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return [];
  }
  const variants = isRecord(data) && Array.isArray(data['variants']) ? (data['variants'] as unknown[]) : [];
  return variants.flatMap((v) =>
    isRecord(v) && typeof v['name'] === 'string' && isRecord(v['set']) ? [{ name: v['name'], set: v['set'] }] : [],
  );
}

/** A numeric value that variants set on the same paths, one value per variant: an x axis like a swept factor. */
export interface SetFactor {
  /** The paths each of these variants sets. */
  paths: string[];
  /** What the axis is called: the path, or `*.standby.after` when the paths differ only in their station. */
  label: string;
  /** Each variant's value as written (`5s`, `2min`, `0.8`), by variant name. */
  values: Map<string, unknown>;
}

/**
 * The factors the variants set: variants that `set` one numeric or duration value (the same on every path they
 * set) on the same paths, when two or more of them do so with different values. Variants that set nothing (the
 * baseline: the scene's own value, unknown to the browser) or set different values are not on it.
 */
export function setFactors(text: string | undefined): SetFactor[] {
  const byPaths = new Map<string, { paths: string[]; values: Map<string, unknown> }>();
  for (const { name, set } of variantSets(text)) {
    const paths = Object.keys(set).sort();
    const values = Object.values(set);
    const x = sweepNumber(values[0]);
    if (paths.length === 0 || x === null || values.some((v) => sweepNumber(v) !== x)) continue;
    const key = paths.join('\n');
    const group = byPaths.get(key) ?? { paths, values: new Map<string, unknown>() };
    group.values.set(name, values[0]);
    byPaths.set(key, group);
  }
  return [...byPaths.values()]
    .filter((g) => new Set([...g.values.values()].map(sweepNumber)).size > 1)
    .map((g) => ({ ...g, label: labelOf(g.paths) }));
}

/** One path as is; several that differ only before the first dot (the station) as `*.rest`; else joined. */
function labelOf(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0]!;
  const rests = new Set(paths.map((p) => p.slice(p.indexOf('.') + 1)));
  return rests.size === 1 && paths.every((p) => p.includes('.')) ? `*.${[...rests][0]!}` : paths.join(', ');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
