import type { MachineSpec, SequenceSpec, SourceSpec } from './spec.ts';
import type { Intervention, InterventionError } from './interventions.ts';
import type { Station, World } from './model/world.ts';
import { setSequence, setShares, type ProductRelease } from './model/products.ts';
import { expectedVisits } from './model/visits.ts';

/**
 * Live changes of quality and product mix: an inspection's detection and false-reject rates, a machine's defect
 * rates, a source's mix and release order. Each changes the station's own copy of its spec too, so the views and a
 * replay see the values in force.
 */

type QualityIntervention = Extract<Intervention, { param: 'detect' | 'falseReject' | 'defects' | 'mix' | 'sequence' }>;

const isProbability = (p: number): boolean => p >= 0 && p <= 1;

export function setQuality(w: World, st: Station, iv: QualityIntervention): InterventionError {
  const error = applyQuality(w, st, iv);
  // rejects and the mix change how often each machine works per good part (line OEE): as for a live scrap rate
  if (error === null) w.visits = expectedVisits(w);
  return error;
}

function applyQuality(w: World, st: Station, iv: QualityIntervention): InterventionError {
  switch (iv.param) {
    case 'detect':
    case 'falseReject':
      return setInspection(st, iv.param, iv.value);
    case 'defects':
      return setDefects(w, st, iv.value);
    case 'mix':
      return setMix(w, st, iv.value);
    case 'sequence':
      return setOrder(w, st, iv.value);
  }
}

function setInspection(st: Station, param: 'detect' | 'falseReject', value: number): InterventionError {
  const q = st.quality;
  const spec = st.spec as MachineSpec;
  if (q === null || !q.inspects || !spec.inspection) return `${st.id} is not an inspection; ${param} can be changed on inspections only`;
  if (!isProbability(value)) return `${param} must be a probability in [0, 1]`;
  q[param] = value;
  spec.inspection = { ...spec.inspection, [param]: value };
  return null;
}

/** Product ids of the line, in order (one anonymous product without `products`). */
const productIds = (w: World): string[] => w.line.products?.map((p) => p.id) ?? [];

function setDefects(w: World, st: Station, value: number | Record<string, number>): InterventionError {
  const q = st.quality;
  const spec = st.spec as MachineSpec;
  if (q === null || q.defects === null) return `${st.id} makes no defects in the scene: give it defects (0 will do) to change them live`;
  const ids = productIds(w);
  let next: number[];
  if (typeof value === 'number') next = new Array<number>(q.defects.length).fill(value);
  else {
    const unknown = Object.keys(value).find((id) => !ids.includes(id));
    if (unknown !== undefined) return `defects.${unknown}: no product "${unknown}" (products: ${ids.join(', ') || 'none'})`;
    next = Array.from(q.defects, (p, i) => value[ids[i]!] ?? p);
  }
  if (!next.every((p) => p >= 0 && p < 1)) return 'defects must be probabilities in [0, 1)';
  q.defects.set(next);
  spec.defects = next;
  return null;
}

/** The source's release state, or why it has none. */
function releaseOf(w: World, st: Station): string | ProductRelease {
  if (st.type !== 'source') return `${st.id} is a ${st.type}; the product mix is set on sources`;
  if (st.release === null) return `${w.line.name} makes one product: give the scene products to mix`;
  return st.release;
}

function setMix(w: World, st: Station, value: Record<string, number>): InterventionError {
  const release = releaseOf(w, st);
  if (typeof release === 'string') return release;
  const ids = productIds(w);
  const unknown = Object.keys(value).find((id) => !ids.includes(id));
  if (unknown !== undefined) return `mix.${unknown}: no product "${unknown}" (products: ${ids.join(', ')})`;
  const shares = ids.map((id) => value[id] ?? 0);
  if (!shares.every((s) => s >= 0 && Number.isFinite(s))) return 'mix: shares must be numbers >= 0';
  const sum = shares.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) return `mix: shares must sum to 1 (they sum to ${sum})`;
  if (release.kind !== 'random') return `${st.id} releases in a ${release.kind}: set its sequence to random to release by shares`;
  setShares(release, shares);
  (st.spec as SourceSpec).shares = shares;
  return null;
}

function setOrder(w: World, st: Station, value: 'random' | { batch: number } | string[]): InterventionError {
  const release = releaseOf(w, st);
  if (typeof release === 'string') return release;
  const ids = productIds(w);
  let sequence: SequenceSpec;
  if (value === 'random') sequence = { kind: 'random' };
  else if (Array.isArray(value)) {
    const unknown = value.find((id) => !ids.includes(id));
    if (unknown !== undefined) return `sequence: no product "${unknown}" (products: ${ids.join(', ')})`;
    if (value.length === 0) return 'sequence: a pattern needs at least one product';
    sequence = { kind: 'pattern', products: value.map((id) => ids.indexOf(id)) };
  } else {
    if (!(Number.isInteger(value.batch) && value.batch >= 1)) return 'sequence.batch must be a whole number >= 1';
    sequence = { kind: 'batch', size: value.batch };
  }
  setSequence(release, sequence);
  (st.spec as SourceSpec).sequence = sequence;
  return null;
}
