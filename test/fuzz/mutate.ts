import { stringify } from 'yaml';

/**
 * Seeded mutations of scene documents for the scene fuzz test: numbers to extremes, keys removed or duplicated,
 * types swapped, deep nesting, long strings, the station list blown up. The same seed gives the same files.
 */

/** A small seeded PRNG (mulberry32): reproducible, and enough for choosing mutations. */
export function createRandom(seed: number): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)]! };
}

type Random = ReturnType<typeof createRandom>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };

const NUMBERS: readonly Json[] = [0, -1, 1e-300, 1e-200, 1e308, 1e20, 2 ** 53, 0.5, 1e9, 'NaN', 'Infinity', '-1s', '1e400', 1.5];

/** Every place in the document that holds a value. */
function slots(doc: Json, found: Slot[] = []): Slot[] {
  const visit = (parent: Slot['parent'], key: string | number, v: Json): void => {
    found.push({ parent, key });
    slots(v, found);
  };
  if (Array.isArray(doc)) doc.forEach((v, i) => visit(doc, i, v));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) visit(doc, k, v);
  return found;
}

const get = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key]!;
const set = (s: Slot, v: Json): void => {
  (s.parent as Record<string | number, Json>)[s.key] = v;
};

function nested(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Applies one random mutation to the document in place. */
function mutate(doc: { [key: string]: Json }, rnd: Random): void {
  const all = slots(doc);
  const numbers = all.filter((s) => typeof get(s) === 'number');
  const kind = rnd.int(9);
  if (kind <= 2 && numbers.length > 0) return set(rnd.pick(numbers), rnd.pick(NUMBERS));
  const s = rnd.pick(all);
  switch (kind) {
    case 3: // remove a key or an item
      if (Array.isArray(s.parent)) s.parent.splice(Number(s.key), 1);
      else delete s.parent[s.key as string];
      return;
    case 4: // swap the type
      return set(s, rnd.pick<Json>(['abc', 7, [], {}, true, null, [get(s)], { value: get(s) }]));
    case 5: // nest deeply
      return set(s, nested(rnd.pick([10, 70, 500])));
    case 6: // a long string
      return set(s, 'x'.repeat(rnd.pick([300, 100_000])));
    case 7: {
      // blow up the station count (ids kept unique)
      const stations = doc.stations;
      if (!Array.isArray(stations) || stations.length === 0) return;
      const n = rnd.pick([500, 5_001]);
      const copies: Json[] = [];
      for (let i = 0; copies.length < n; i++) {
        const st = structuredClone(stations[i % stations.length]!);
        if (st && typeof st === 'object' && !Array.isArray(st) && i >= stations.length)
          st.id = `${typeof st.id === 'string' ? st.id : 'S'}_${i}`;
        copies.push(st);
      }
      doc.stations = copies;
      delete doc.flow; // a serial line of them (or an invalid one)
      return;
    }
    default: // a key renamed (unknown key), or servers huge
      if (!Array.isArray(s.parent) && rnd.next() < 0.5) {
        s.parent[`${String(s.key)}x`] = get(s);
        delete s.parent[s.key as string];
      } else set(s, { servers: 1e9 });
  }
}

/** One mutated scene file: its name (.yaml or .json) and text; some are also mutated as text (a duplicated line). */
export function mutatedScene(base: { [key: string]: Json }, rnd: Random, n: number): { name: string; text: string } {
  const doc = structuredClone(base);
  for (let k = 1 + rnd.int(3); k > 0; k--) mutate(doc, rnd);
  const json = rnd.next() < 0.3;
  let text = json ? JSON.stringify(doc, null, 1) : stringify(doc, { lineWidth: 0 });
  if (rnd.next() < 0.15) {
    // duplicate a line: duplicated keys, or a broken file
    const lines = text.split('\n');
    const at = rnd.int(lines.length);
    lines.splice(at, 0, lines[at]!);
    text = lines.join('\n');
  }
  return { name: `fuzz-${n}.${json ? 'json' : 'yaml'}`, text };
}
