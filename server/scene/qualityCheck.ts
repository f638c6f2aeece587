import { isMachineType, type StationId } from '../sim/index.ts';
import { didYouMean } from './didYouMean.ts';
import type { IssueAt } from './errors.ts';
import { isPerProduct, PAIR_KEY } from './qualitySchema.ts';
import type { MachineFile, SceneFile } from './schema.ts';

/**
 * Checks of the quality and product-mix keys the schema cannot make: shares that sum to 1, product ids that exist
 * and are given where every product needs one, changeover pairs, and inspections' reject routes.
 */

/** How far the shares may sum from 1 (rounding of decimal fractions). */
const SHARE_TOLERANCE = 1e-9;

const NO_PRODUCTS_HINT = 'declare them at the top level, like products: [{ id: A, share: 0.7 }, { id: B, share: 0.3 }]';

/** Products, sequence and the per-product keys of every machine. */
export function checkQuality(scene: SceneFile): IssueAt[] {
  const issues: IssueAt[] = [];
  const products = scene.products?.map((p) => p.id);
  if (scene.products) {
    const sum = scene.products.reduce((total, p) => total + p.share, 0);
    if (!(Math.abs(sum - 1) <= SHARE_TOLERANCE)) {
      issues.push({
        path: ['products'],
        message: `the shares must sum to 1, but they sum to ${Number(sum.toPrecision(12))}`,
        hint: 'a share is the fraction of the parts that are of that product',
      });
    }
    const first = new Map<string, number>();
    scene.products.forEach((p, i) => {
      const at = first.get(p.id);
      if (at === undefined) first.set(p.id, i);
      else issues.push({ path: ['products', i, 'id'], message: `duplicate product id "${p.id}" (also used by products[${at}])` });
    });
  }
  const sequence = scene.sequence;
  if (sequence !== undefined && sequence !== 'random') {
    if (products === undefined) {
      issues.push({ path: ['sequence'], message: 'orders products, but the scene declares no products', hint: NO_PRODUCTS_HINT });
    } else if (Array.isArray(sequence)) {
      sequence.forEach((id, i) => issues.push(...unknownProduct(id, products, ['sequence', i])));
    }
  }
  scene.stations.forEach((station, i) => {
    if (isMachineType(station.type)) issues.push(...checkMachine(station as MachineFile, products, ['stations', i]));
  });
  return issues;
}

/** The per-product keys of one machine: cycleTime, changeover, defects. */
function checkMachine(m: MachineFile, products: readonly string[] | undefined, at: PropertyKey[]): IssueAt[] {
  const issues: IssueAt[] = [];
  const needProducts = (key: string, message: string): void => {
    issues.push({ path: [...at, key], message, hint: NO_PRODUCTS_HINT });
  };
  if (isPerProduct(m.cycleTime)) {
    if (products === undefined) needProducts('cycleTime', 'is given per product, but the scene declares no products');
    else {
      for (const id of Object.keys(m.cycleTime)) issues.push(...unknownProduct(id, products, [...at, 'cycleTime', id]));
      for (const id of products) {
        if (!Object.hasOwn(m.cycleTime, id)) {
          issues.push({
            path: [...at, 'cycleTime'],
            message: `gives no cycle time for product "${id}": give one per product (${products.join(', ')}) or one for all`,
          });
        }
      }
    }
  }
  if (m.changeover !== undefined) {
    if (products === undefined) {
      needProducts('changeover', 'a changeover happens when the product changes, but the scene declares no products');
    } else if (isPerProduct(m.changeover)) {
      const seen = new Map<string, string>();
      for (const key of Object.keys(m.changeover)) {
        const path = [...at, 'changeover', key];
        issues.push(...checkPair(key, products, path));
        const pair = PAIR_KEY.exec(key)?.slice(1, 3).join('->');
        if (pair === undefined) continue;
        const first = seen.get(pair);
        if (first !== undefined) issues.push({ path, message: `the same pair as "${first}": give each change of product once` });
        else seen.set(pair, key);
      }
    }
  }
  if (typeof m.defects === 'object') {
    if (products === undefined) needProducts('defects', 'is given per product, but the scene declares no products');
    else for (const id of Object.keys(m.defects)) issues.push(...unknownProduct(id, products, [...at, 'defects', id]));
  }
  return issues;
}

/** A changeover key: "A->B" with two different products of the scene. */
function checkPair(key: string, products: readonly string[], path: PropertyKey[]): IssueAt[] {
  const match = PAIR_KEY.exec(key);
  if (!match) return [{ path, message: `"${key}" is not a product pair: write it as "FROM->TO", like "A->B"` }];
  const [, from = '', to = ''] = match;
  if (from === to) return [{ path, message: `a change from "${from}" to "${to}" is no change of product: remove it` }];
  return [...unknownProduct(from, products, path), ...unknownProduct(to, products, path)];
}

function unknownProduct(id: string, products: readonly string[], path: PropertyKey[]): IssueAt[] {
  if (products.includes(id)) return [];
  return [{ path, message: `unknown product "${id}" (products: ${products.join(', ')})`, hint: didYouMean(id, products) }];
}

/** The first sink reached from `from` through buffers and conveyors only, if any. */
function sinkBeforeMachine(
  scene: SceneFile,
  outputs: ReadonlyMap<StationId, readonly StationId[]>,
  from: StationId,
): StationId | undefined {
  const types = new Map(scene.stations.map((s) => [s.id, s.type]));
  const seen = new Set<StationId>();
  const walk = (id: StationId): StationId | undefined => {
    if (seen.has(id)) return undefined;
    seen.add(id);
    const type = types.get(id);
    if (type === 'sink') return id;
    if (type !== 'buffer' && type !== 'conveyor') return undefined;
    for (const next of outputs.get(id) ?? []) {
      const sink = walk(next);
      if (sink !== undefined) return sink;
    }
    return undefined;
  };
  return walk(from);
}

/**
 * An inspection's reject station exists, is one of its outputs and not its only one; with `rework` too, both name
 * the same station (the engine sends reworked and rejected parts through one output).
 */
export function checkRejectRoutes(scene: SceneFile, outputs: ReadonlyMap<StationId, readonly StationId[]>): IssueAt[] {
  const issues: IssueAt[] = [];
  const ids = scene.stations.map((s) => s.id);
  scene.stations.forEach((station, i) => {
    if (station.type !== 'inspection' || station.reject === undefined || station.reject === 'scrap') return;
    const to = station.reject.to;
    const at = ['stations', i];
    const outs = outputs.get(station.id) ?? [];
    if (!ids.includes(to)) {
      issues.push({ path: [...at, 'reject', 'to'], message: `unknown station "${to}"`, hint: didYouMean(to, ids) });
    } else if (!outs.includes(to)) {
      issues.push({
        path: [...at, 'reject', 'to'],
        message: `"${to}" is not an output of "${station.id}" (its outputs: ${outs.join(', ') || 'none'}); add it to flow`,
        hint: didYouMean(to, outs),
      });
    } else if (outs.length < 2) {
      issues.push({ path: [...at, 'reject'], message: `"${station.id}" needs another output for good parts besides its reject station` });
    } else {
      const sink = sinkBeforeMachine(scene, outputs, to);
      if (sink !== undefined)
        issues.push({
          path: [...at, 'reject', 'to'],
          message: `rejected parts would reach the sink "${sink}" without passing a machine, and ship as good output`,
          hint: 'end the reject route in a machine (a repair station or a manual check with reject: scrap), or use reject: scrap',
        });
    }
    if (station.rework && station.rework.to !== to) {
      issues.push({
        path: [...at, 'rework', 'to'],
        message: `"${station.rework.to}" differs from reject.to "${to}": reworked and rejected parts leave "${station.id}" through one output`,
        hint: 'send both to the same station, or keep only one of them',
      });
    }
  });
  return issues;
}
