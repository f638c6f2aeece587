import {
  meanOf,
  releaseMix,
  type ChangeoverSpec,
  type DistSpec,
  type MachineSpec,
  type ProductSpec,
  type SequenceSpec,
} from '../sim/index.ts';
import { isPerProduct, PAIR_KEY } from './qualitySchema.ts';
import type { MachineFile, SceneFile } from './schema.ts';

/**
 * The quality and product-mix keys in the engine's form: products with colours, the sequence by product index, and
 * a machine's cycle times, changeover matrix, defects, repairs and inspection. Trusts that qualityCheck.ts found
 * nothing (every product named exists, every product has a cycle time).
 */

/**
 * Colours of products that give none, in order: distinct from each other and from the red that marks a rejected part
 * (the first two are the example).
 */
export const PRODUCT_PALETTE: readonly string[] = [
  '#3b82f6', // blue
  '#f59e0b', // amber
  '#10b981', // emerald
  '#8b5cf6', // violet
  '#ec4899', // pink
  '#06b6d4', // cyan
  '#84cc16', // lime
  '#f97316', // orange
  '#6366f1', // indigo
  '#a16207', // brown
];

/** The products with every colour filled in (the palette by position, repeating past its end). */
export function normalizeProducts(products: NonNullable<SceneFile['products']>): ProductSpec[] {
  return products.map((p, i) => ({ id: p.id, share: p.share, color: p.color ?? PRODUCT_PALETTE[i % PRODUCT_PALETTE.length]! }));
}

/** The sequence by product index; `random` when the file gives none. */
export function normalizeSequence(sequence: SceneFile['sequence'], products: readonly ProductSpec[]): SequenceSpec {
  if (sequence === undefined || sequence === 'random') return { kind: 'random' };
  if (Array.isArray(sequence)) return { kind: 'pattern', products: sequence.map((id) => indexOf(products, id)) };
  return { kind: 'batch', size: sequence.batch };
}

/** What the quality keys give a machine's spec: cycle times, the default ideal cycle time, and the optional keys. */
type MachineQuality = Pick<
  MachineSpec,
  'cycleTime' | 'cycleTimes' | 'idealCycleTime' | 'changeover' | 'defects' | 'repairs' | 'inspection'
>;

/**
 * A machine's quality keys; `products` is undefined for a scene without products (one anonymous product, and only
 * the forms for all products are allowed then).
 */
export function normalizeMachineQuality(
  m: MachineFile,
  products: readonly ProductSpec[] | undefined,
  sequence: SequenceSpec | undefined,
): MachineQuality {
  const count = products?.length ?? 1;
  const mix =
    products === undefined
      ? []
      : releaseMix(
          products.map((p) => p.share),
          sequence,
        );
  const { cycleTime, cycleTimes, meanCycleTime } = normalizeCycleTimes(m.cycleTime, products, mix);
  const out: MachineQuality = { cycleTime, idealCycleTime: m.idealCycleTime ?? meanCycleTime };
  if (cycleTimes !== undefined) out.cycleTimes = cycleTimes;
  if (m.changeover !== undefined && products !== undefined) out.changeover = normalizeChangeover(m.changeover, products);
  if (m.defects !== undefined) {
    const given = m.defects;
    out.defects = typeof given === 'number' ? new Array<number>(count).fill(given) : (products ?? []).map((p) => given[p.id] ?? 0); // a product left out: the station does not spoil it
  }
  if (m.repairs !== undefined) out.repairs = m.repairs;
  if (m.type === 'inspection') {
    out.inspection = {
      detect: m.detect,
      falseReject: m.falseReject ?? 0,
      reject: m.reject === undefined || m.reject === 'scrap' ? 'scrap' : { to: m.reject.to },
    };
  }
  return out;
}

/**
 * The first product's cycle time and, when given per product, all of them by index; the mean is weighted by the
 * mix the sources release (`mix`: the shares, or the batch or pattern's counts), so the ideal cycle time is that
 * of the product mix.
 */
function normalizeCycleTimes(
  given: MachineFile['cycleTime'],
  products: readonly ProductSpec[] | undefined,
  mix: readonly number[],
): { cycleTime: DistSpec; cycleTimes?: DistSpec[]; meanCycleTime: number } {
  if (!isPerProduct(given) || products === undefined) {
    const one = given as DistSpec; // without products the check allows only the form for all
    return { cycleTime: one, meanCycleTime: meanOf(one) };
  }
  const cycleTimes = products.map((p) => given[p.id]!);
  const meanCycleTime = products.reduce((sum, _, i) => sum + mix[i]! * meanOf(cycleTimes[i]!), 0);
  return { cycleTime: cycleTimes[0]!, cycleTimes, meanCycleTime };
}

/** The changeover matrix [from][to]: one time for every change of product, or the pairs given; null elsewhere. */
function normalizeChangeover(given: NonNullable<MachineFile['changeover']>, products: readonly ProductSpec[]): ChangeoverSpec {
  const times = products.map((_, from) => products.map((__, to): DistSpec | null => (from !== to && !isPerProduct(given) ? given : null)));
  if (isPerProduct(given)) {
    for (const [key, time] of Object.entries(given)) {
      const [, from = '', to = ''] = PAIR_KEY.exec(key) ?? [];
      times[indexOf(products, from)]![indexOf(products, to)] = time;
    }
  }
  return { times };
}

function indexOf(products: readonly ProductSpec[], id: string): number {
  return products.findIndex((p) => p.id === id);
}
