import { isMachineType, meanOf, type StationId } from '../sim/index.ts';
import { didYouMean } from './didYouMean.ts';
import { formatDuration } from './duration.ts';
import type { IssueAt } from './errors.ts';
import { resolveEdges, type EdgeAt } from './flow.ts';
import { normalizeRun } from './normalize.ts';
import { checkCare } from './careSchema.ts';
import type { MachineFile, SceneFile, StationFile } from './schema.ts';
import { LIMITS } from './limits.ts';
import { checkQuality, checkRejectRoutes } from './qualityCheck.ts';
import { isPerProduct } from './qualitySchema.ts';

const SERIAL_HINT = 'without "flow", stations are linked in the order they are listed';

/** Semantic checks the schema cannot make: ids, the flow graph, assembly inputs, references, run times, means. */
export function checkScene(scene: SceneFile): IssueAt[] {
  const issues: IssueAt[] = [];
  const indexOf = new Map<StationId, number>();
  scene.stations.forEach((station, i) => {
    const first = indexOf.get(station.id);
    if (first === undefined) indexOf.set(station.id, i);
    else issues.push({ path: ['stations', i, 'id'], message: `duplicate station id "${station.id}" (also used by stations[${first}])` });
  });
  const ids = new Set(indexOf.keys());
  const { edges, issues: flowIssues } = resolveEdges(scene, ids);
  issues.push(...flowIssues);
  // A broken flow would make every graph check below report the same mistake again.
  if (flowIssues.length === 0) {
    issues.push(...checkGraph(scene, indexOf, edges), ...checkAssemblies(scene, edges), ...checkRework(scene, edges));
    issues.push(...checkRejectRoutes(scene, neighbours(edges, 'from', 'to')));
  }
  // (each check looks up neighbours in maps built once: validation stays near-linear in the number of stations)
  for (const section of ['routing', 'layout'] as const) {
    for (const id of Object.keys(scene[section] ?? {})) {
      if (!ids.has(id)) issues.push({ path: [section, id], message: `unknown station "${id}"`, hint: didYouMean(id, ids) });
    }
  }
  const run = normalizeRun(scene.run);
  if (run.warmup >= run.horizon) {
    issues.push({
      path: ['run', 'warmup'],
      message: `must be shorter than the horizon (${formatDuration(run.warmup)} >= ${formatDuration(run.horizon)})`,
    });
  }
  issues.push(...checkMeans(scene), ...checkQuality(scene));
  const units = scene.stations.reduce((sum, s) => sum + (isMachine(s) ? (s.servers ?? 1) : 0), 0);
  if (units > LIMITS.units) {
    const message = `the line has ${units.toLocaleString('en-US')} machine units (the sum of servers): at most ${LIMITS.units.toLocaleString('en-US')}`;
    issues.push({ path: ['stations'], message });
  }
  scene.stations.forEach((station, i) => {
    if (isMachine(station)) issues.push(...checkCare(scene.crews, station, ['stations', i]));
    if (isMachine(station) && station.standby !== undefined && station.power?.standby === undefined)
      issues.push({
        path: ['stations', i, 'power', 'standby'],
        message: 'is required with standby: the kW the machine draws in standby',
        hint: 'add it to power, like power: { working: 10, idle: 4, standby: 0.5 }',
      });
  });
  return issues;
}

/** Whether a station of the file has machine units (machine, assembly, inspection). */
function isMachine(station: StationFile): station is MachineFile {
  return isMachineType(station.type);
}

/** A rework station must be one of the inspecting machine's outputs, and not its only one. */
function checkRework(scene: SceneFile, edges: readonly EdgeAt[]): IssueAt[] {
  const issues: IssueAt[] = [];
  const outputs = neighbours(edges, 'from', 'to');
  scene.stations.forEach((station, i) => {
    if (!isMachine(station) || !station.rework) return;
    const outs = outputs.get(station.id) ?? [];
    if (!outs.includes(station.rework.to)) {
      issues.push({
        path: ['stations', i, 'rework', 'to'],
        message: `"${station.rework.to}" is not an output of "${station.id}" (its outputs: ${outs.join(', ') || 'none'}); add it to flow`,
        hint: didYouMean(station.rework.to, new Set(outs)),
      });
    } else if (outs.length < 2) {
      issues.push({
        path: ['stations', i, 'rework'],
        message: `"${station.id}" needs another output for good parts besides its rework station`,
      });
    }
  });
  return issues;
}

function checkGraph(scene: SceneFile, indexOf: ReadonlyMap<StationId, number>, edges: readonly EdgeAt[]): IssueAt[] {
  const issues: IssueAt[] = [];
  const hint = scene.flow === undefined ? SERIAL_HINT : undefined;
  const inputs = neighbours(edges, 'to', 'from');
  const outputs = neighbours(edges, 'from', 'to');
  const list = (ids: readonly StationId[]): string => ids.map((id) => `"${id}"`).join(', ');
  for (const [id, i] of indexOf) {
    const station = scene.stations[i];
    if (!station) continue;
    const ins = inputs.get(id) ?? [];
    const outs = outputs.get(id) ?? [];
    const at = ['stations', i];
    const name = `${station.type} "${id}"`;
    if (station.type === 'source' && ins.length > 0)
      issues.push({ path: at, message: `${name} cannot have inputs, but receives parts from ${list(ins)}`, hint });
    if (station.type !== 'source' && ins.length === 0) issues.push({ path: at, message: `${name} has no input`, hint });
    if (station.type === 'sink' && outs.length > 0)
      issues.push({ path: at, message: `${name} cannot have outputs, but sends parts to ${list(outs)}`, hint });
    if (station.type !== 'sink' && outs.length === 0) issues.push({ path: at, message: `${name} has no output`, hint });
  }
  const sources = scene.stations.filter((s) => s.type === 'source').map((s) => s.id);
  const sinks = scene.stations.filter((s) => s.type === 'sink').map((s) => s.id);
  if (sources.length === 0) issues.push({ path: ['stations'], message: 'the line needs at least one source' });
  if (sinks.length === 0) issues.push({ path: ['stations'], message: 'the line needs at least one sink' });
  if (issues.length > 0) return issues; // later checks would only repeat these

  const fed = reach(sources, outputs);
  const drained = reach(sinks, inputs);
  for (const [id, i] of indexOf) {
    if ((inputs.get(id) ?? []).length > 0 && !fed.has(id)) {
      issues.push({ path: ['stations', i], message: `"${id}" cannot be reached from any source` });
    }
    if ((outputs.get(id) ?? []).length > 0 && !drained.has(id)) {
      issues.push({ path: ['stations', i], message: `parts leaving "${id}" can never reach a sink` });
    }
  }
  if (issues.length > 0) return issues;

  // An unlimited source linked to a sink only through buffers would move infinitely many parts in zero time. One
  // search back from the sinks through buffers finds, for every station, a sink it reaches in zero time (if any).
  const timeless = new Set(scene.stations.filter((s) => s.type === 'buffer').map((s) => s.id));
  const sinkOf = new Map<StationId, StationId>(sinks.map((id) => [id, id]));
  const queue = [...sinks];
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    for (const before of inputs.get(id) ?? []) {
      if (sinkOf.has(before)) continue;
      sinkOf.set(before, sinkOf.get(id)!);
      if (timeless.has(before)) queue.push(before);
    }
  }
  for (const station of scene.stations) {
    if (station.type !== 'source' || station.interarrival !== undefined) continue;
    const sink = sinkOf.get(station.id);
    if (sink !== undefined) {
      issues.push({
        path: ['stations', indexOf.get(station.id) ?? 0],
        message: `source "${station.id}" has an unlimited supply and reaches sink "${sink}" without a machine or conveyor in between`,
        hint: 'give it an interarrival time',
      });
    }
  }
  return issues;
}

function checkAssemblies(scene: SceneFile, edges: readonly EdgeAt[]): IssueAt[] {
  const issues: IssueAt[] = [];
  const inputs = neighbours(edges, 'to', 'from');
  scene.stations.forEach((station, i) => {
    if (station.type !== 'assembly' || station.inputs === undefined) return;
    const upstream = inputs.get(station.id) ?? [];
    const named = Object.keys(station.inputs);
    const upstreamSet = new Set(upstream);
    const namedSet = new Set(named);
    for (const id of named) {
      if (!upstreamSet.has(id)) {
        issues.push({
          path: ['stations', i, 'inputs', id],
          message: `"${id}" is not an input of assembly "${station.id}" (its inputs: ${upstream.join(', ') || 'none'})`,
          hint: didYouMean(id, upstream),
        });
      }
    }
    for (const id of upstream) {
      if (!namedSet.has(id)) issues.push({ path: ['stations', i, 'inputs'], message: `gives no count for input "${id}"` });
    }
  });
  return issues;
}

function checkMeans(scene: SceneFile): IssueAt[] {
  const issues: IssueAt[] = [];
  scene.stations.forEach((station, i) => {
    if (isMachine(station)) {
      const cycleTimes = isPerProduct(station.cycleTime) ? Object.entries(station.cycleTime) : [[undefined, station.cycleTime] as const];
      for (const [product, cycleTime] of cycleTimes) {
        if (!(meanOf(cycleTime) > 0)) {
          const path = ['stations', i, 'cycleTime', ...(product === undefined ? [] : [product])];
          issues.push({ path, message: 'the mean cycle time must be > 0' });
        }
      }
      const ttf = station.failures?.timeToFailure;
      if (ttf && !(meanOf(ttf) > 0)) {
        issues.push({ path: ['stations', i, 'failures', 'timeToFailure'], message: 'the mean time to failure must be > 0' });
      }
    }
    if (station.type === 'source' && station.interarrival && !(meanOf(station.interarrival) > 0)) {
      issues.push({ path: ['stations', i, 'interarrival'], message: 'the mean interarrival time must be > 0' });
    }
  });
  return issues;
}

function neighbours(edges: readonly EdgeAt[], key: 'from' | 'to', other: 'from' | 'to'): Map<StationId, StationId[]> {
  const map = new Map<StationId, StationId[]>();
  for (const edge of edges) {
    const list = map.get(edge[key]);
    if (list) list.push(edge[other]);
    else map.set(edge[key], [edge[other]]);
  }
  return map;
}

/** Stations reachable from `starts` (included), following `next`; `through` limits which stations are passed on from. */
function reach(
  starts: readonly StationId[],
  next: ReadonlyMap<StationId, StationId[]>,
  through: (id: StationId) => boolean = () => true,
): Set<StationId> {
  const seen = new Set(starts);
  const queue = [...starts];
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    if (k >= starts.length && !through(id)) continue;
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}
