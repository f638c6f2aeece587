import type { StationId } from '../sim/index.ts';
import { didYouMean } from './didYouMean.ts';
import type { IssueAt } from './errors.ts';
import type { SceneFile } from './schema.ts';

/** A directed edge and where the file defines it. */
export interface EdgeAt {
  from: StationId;
  to: StationId;
  path: PropertyKey[];
}

/**
 * The line's edges: from `flow` when given (it defines all of them), otherwise the stations in listed order.
 * Edges naming unknown stations are left out and reported.
 */
export function resolveEdges(scene: SceneFile, ids: ReadonlySet<StationId>): { edges: EdgeAt[]; issues: IssueAt[] } {
  const edges: EdgeAt[] = [];
  const issues: IssueAt[] = [];
  if (scene.flow === undefined) {
    scene.stations.forEach((station, i) => {
      const next = scene.stations[i + 1];
      if (next) edges.push({ from: station.id, to: next.id, path: ['stations', i + 1] });
    });
    return { edges, issues };
  }
  for (const [from, value] of Object.entries(scene.flow)) {
    const known = ids.has(from);
    if (!known) issues.push({ path: ['flow', from], message: `unknown station "${from}"`, hint: didYouMean(from, ids) });
    const targets = typeof value === 'string' ? [value] : value;
    const seen = new Set<StationId>();
    targets.forEach((to, k) => {
      const path = typeof value === 'string' ? ['flow', from] : ['flow', from, k];
      if (!ids.has(to)) issues.push({ path, message: `unknown station "${to}"`, hint: didYouMean(to, ids) });
      else if (to === from) issues.push({ path, message: `station "${from}" cannot feed itself` });
      else if (seen.has(to)) issues.push({ path, message: `"${to}" is listed twice` });
      else if (known) edges.push({ from, to, path });
      seen.add(to);
    });
  }
  return { edges, issues };
}
