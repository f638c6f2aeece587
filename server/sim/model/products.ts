import type { MachineSpec, SequenceSpec } from '../spec.ts';
import { createSampler, type Sampler } from '../distributions.ts';
import type { RandomStream } from '../random.ts';
import { PART_TAG_PRODUCT } from '../types.ts';

/**
 * The order in which a source releases products (the scene's `sequence`): each source follows it on its own,
 * from its own random stream, so adding a source does not change the products another one releases.
 */
export interface ProductRelease {
  /** Cumulative shares by product index (random draws). */
  cumulative: Float64Array;
  kind: SequenceSpec['kind'];
  /** Batch size, or the pattern's length. */
  size: number;
  pattern: Int32Array;
  /** Parts released so far. */
  count: number;
  rng: RandomStream;
}

/** A source's release state, or null on a line with one product (every part is product 0). */
export function createRelease(
  shares: readonly number[] | undefined,
  sequence: SequenceSpec | undefined,
  rng: RandomStream,
): ProductRelease | null {
  if (shares === undefined || shares.length < 2) return null;
  const release: ProductRelease = { cumulative: new Float64Array(0), kind: 'random', size: 1, pattern: new Int32Array(0), count: 0, rng };
  setShares(release, shares);
  setSequence(release, sequence ?? { kind: 'random' });
  return release;
}

/** Sets the mix of random draws. */
export function setShares(release: ProductRelease, shares: readonly number[]): void {
  let sum = 0;
  release.cumulative = new Float64Array(shares.map((s) => (sum += s)));
  release.cumulative[shares.length - 1] = Infinity; // rounding in the sum never leaves a draw without a product
}

/** Sets the release order; a new order starts from its beginning. */
export function setSequence(release: ProductRelease, sequence: SequenceSpec): void {
  release.kind = sequence.kind;
  release.count = 0;
  release.size = sequence.kind === 'batch' ? sequence.size : sequence.kind === 'pattern' ? sequence.products.length : 1;
  release.pattern = new Int32Array(sequence.kind === 'pattern' ? sequence.products : []);
}

/** The product of the next part a source releases. */
export function nextProduct(release: ProductRelease): number {
  const n = release.count++;
  if (release.kind === 'batch') return Math.floor(n / release.size) % release.cumulative.length;
  if (release.kind === 'pattern') return release.pattern[n % release.size] as number;
  const x = release.rng.next();
  const c = release.cumulative;
  let i = 0;
  while (x >= (c[i] as number)) i++;
  return i;
}

/** The tag of the next part a source releases: its product, good. */
export function releaseTag(release: ProductRelease): number {
  return nextProduct(release) * PART_TAG_PRODUCT;
}

/** A machine's per-product cycle times and changeovers, with the changeovers counted per product pair. */
export interface ProductMachine {
  products: number;
  /** Per product index; null when one distribution serves all (Station.cycle). */
  cycles: Sampler[] | null;
  /** [from * products + to]: changeover time; null for no changeover. */
  changeover: Array<Sampler | null>;
  /** [from * products + to]: changeovers, and their drawn setup time. */
  counts: Float64Array;
  times: Float64Array;
}

/** The product behaviour of a machine, or null when it treats every product alike. */
export function createProductMachine(m: MachineSpec): ProductMachine | null {
  if (m.cycleTimes === undefined && m.changeover === undefined) return null;
  const products = m.cycleTimes?.length ?? m.changeover!.times.length;
  const changeover: Array<Sampler | null> = [];
  for (let from = 0; from < products; from++)
    for (let to = 0; to < products; to++) {
      const d = m.changeover?.times[from]?.[to];
      changeover.push(d ? createSampler(d) : null);
    }
  return {
    products,
    cycles: m.cycleTimes ? m.cycleTimes.map(createSampler) : null,
    changeover,
    counts: new Float64Array(products * products),
    times: new Float64Array(products * products),
  };
}

/** The changeover a unit needs before a part of `product` after one of `last` (-1: none yet), or null. */
export function changeoverFor(mix: ProductMachine, last: number, product: number): Sampler | null {
  if (last < 0 || last === product) return null;
  return mix.changeover[last * mix.products + product] ?? null;
}

/** The share of each product among released parts in the long run: by shares when random, else by the order's counts. */
export function releaseMix(shares: readonly number[], sequence: SequenceSpec | undefined): number[] {
  if (sequence === undefined || sequence.kind === 'random') return shares.slice();
  if (sequence.kind === 'batch') return shares.map(() => 1 / shares.length);
  const counts = shares.map(() => 0);
  for (const p of sequence.products) counts[p]!++;
  return counts.map((c) => c / sequence.products.length);
}
