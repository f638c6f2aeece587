import { isMachineSpec, storeCapacity, type LineSpec } from '../sim/index.ts';
import { PlantLogError, type PlantLog, type PlantLogIssue } from './read.ts';

/** Issues reported before giving up. */
const MAX_ISSUES = 20;

/**
 * Checks a log against the line it is said to come from: every station exists, states and parts are on machines
 * (within their units), levels on buffers and conveyors (within their capacity), products are the line's.
 * Throws a PlantLogError naming the file line of each issue.
 */
export function checkPlantLog(log: PlantLog, line: LineSpec, file: string): void {
  const stations = new Map(line.stations.map((s) => [s.id, s]));
  const products = new Set(line.products?.map((p) => p.id) ?? []);
  const issues: PlantLogIssue[] = [];
  for (let k = 0; k < log.events.length && issues.length < MAX_ISSUES; k++) {
    const e = log.events[k]!;
    const at = log.lines[k]!;
    const st = stations.get(e.station);
    if (!st) {
      issues.push({ line: at, message: `no station "${e.station}" in the scene; its stations are ${[...stations.keys()].join(', ')}` });
      continue;
    }
    if (e.event === 'level') {
      if (st.type !== 'buffer' && st.type !== 'conveyor')
        issues.push({ line: at, message: `${e.station} is a ${st.type}: levels are for buffers and conveyors` });
      else if (e.level > storeCapacity(st))
        issues.push({ line: at, message: `${e.station} holds at most ${storeCapacity(st)} parts, not ${e.level}` });
      continue;
    }
    if (!isMachineSpec(st)) {
      issues.push({ line: at, message: `${e.station} is a ${st.type}: ${e.event} events are for machines` });
      continue;
    }
    if (e.unit >= st.servers)
      issues.push({
        line: at,
        message: `${e.station} has ${st.servers} unit${st.servers === 1 ? '' : 's'} (0 to ${st.servers - 1}), not unit ${e.unit}`,
      });
    if (e.event === 'part' && e.product !== undefined && !products.has(e.product))
      issues.push({
        line: at,
        message: products.size
          ? `no product "${e.product}"; the line's products are ${[...products].join(', ')}`
          : `the line has no products, but the part is "${e.product}"`,
      });
  }
  if (issues.length > 0) throw new PlantLogError(file, issues);
}
