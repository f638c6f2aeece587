/**
 * JSON that keeps every number: NaN and ±Infinity (a KPI with nothing to measure, an unlimited buffer) and -0
 * are written as `{"$number": "NaN"}` instead of turning into null (or 0), so a stored value reads back exactly.
 */

const TAG = '$number';

/** JSON text of `value`, non-finite numbers included. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { [TAG]: Object.is(v, -0) ? '-0' : String(v) } : v,
  );
}

/** The value of JSON text written by `encodeJson`. */
export function decodeJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG) return Number((v as Record<string, string>)[TAG]);
    }
    return v;
  }) as T;
}
