import { parse } from 'yaml';
import type { StationInfo } from '@protocol/events.ts';
import { placeStations, type PlacementFile } from '../../server/scene/layout.ts';

/**
 * What the plan and the 3D preview draw, read from scene text that need not be valid: the stations in listed
 * order, the edges (`flow`, or the serial default of the format without it) and every station's floor position
 * by the server's own placement rule (server/scene/layout.ts), so a station without a `layout` entry stands
 * where the live view will put it.
 */

/** The station types of the scene format. */
export type StationType = StationInfo['type'];

/** One station as the plan draws it. */
export interface PlanStation {
  id: string;
  /** Position in `stations` (the index in issue paths). */
  index: number;
  type: StationType;
  model?: string | undefined;
  x: number; // m
  z: number; // m
  rotation: number; // degrees, as in the file
  /** True when the file's `layout` places it; false when placed automatically. */
  placed: boolean;
  /** The station's keys as written (for capacity, servers, length in the preview). */
  data: Record<string, unknown>;
}

/** The scene read for drawing. */
export interface PlanModel {
  name: string;
  stations: PlanStation[];
  edges: Array<{ from: string; to: string }>;
  /** True when the file has `flow` (else the stations form a serial line in listed order). */
  explicitFlow: boolean;
  /** Routing rule per splitting station. */
  routing: Record<string, string>;
}

const TYPES: readonly StationType[] = ['source', 'machine', 'assembly', 'inspection', 'buffer', 'conveyor', 'sink'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads scene text for drawing; text that does not parse as YAML gives an empty plan. */
export function readPlan(text: string): PlanModel {
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: false });
  } catch {
    data = null;
  }
  const root = isRecord(data) ? data : {};
  const list = Array.isArray(root.stations) ? root.stations : [];
  const seen = new Set<string>();
  const raw = list.flatMap((s: unknown, index) => {
    if (!isRecord(s) || typeof s.id !== 'string' || seen.has(s.id)) return [];
    seen.add(s.id);
    const type = TYPES.includes(s.type as StationType) ? (s.type as StationType) : 'machine';
    return [{ id: s.id, index, type, model: typeof s.model === 'string' ? s.model : undefined, data: s }];
  });
  const ids = raw.map((s) => s.id);
  const explicitFlow = isRecord(root.flow);
  const edges = explicitFlow ? flowEdges(root.flow as Record<string, unknown>, seen) : ids.slice(1).map((to, i) => ({ from: ids[i]!, to }));
  const layout = isRecord(root.layout) ? root.layout : {};
  const given: Record<string, PlacementFile> = {};
  for (const [id, p] of Object.entries(layout)) {
    if (isRecord(p) && finite(p.x) && finite(p.z)) given[id] = { x: p.x, z: p.z, rotation: finite(p.rotation) ? p.rotation : undefined };
  }
  const places = placeStations(ids, edges, given);
  const stations = raw.map((s) => ({
    ...s,
    x: places[s.id]!.x,
    z: places[s.id]!.z,
    rotation: given[s.id]?.rotation ?? 0,
    placed: given[s.id] !== undefined,
  }));
  const routing = isRecord(root.routing)
    ? (Object.fromEntries(Object.entries(root.routing).map(([k, v]) => [k, String(v)])) as Record<string, string>)
    : {};
  return { name: typeof root.name === 'string' ? root.name : '', stations, edges, explicitFlow, routing };
}

/** The edges a `flow` map gives, leaving out those naming unknown stations (the validator reports them). */
function flowEdges(flow: Record<string, unknown>, ids: ReadonlySet<string>): Array<{ from: string; to: string }> {
  const edges: Array<{ from: string; to: string }> = [];
  for (const [from, value] of Object.entries(flow)) {
    const targets = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const to of targets) if (typeof to === 'string' && ids.has(from) && ids.has(to) && to !== from) edges.push({ from, to });
  }
  return edges;
}

/** The plan as the 3D view's station list (src/scene/layout.ts computes the same geometry as the live view from it). */
export function planToStationInfos(plan: PlanModel): StationInfo[] {
  return plan.stations.map((s) => {
    const servers = finite(s.data.servers) ? s.data.servers : 1;
    const capacity = finite(s.data.capacity) ? s.data.capacity : null;
    const length = s.type === 'conveyor' && finite(s.data.length) ? s.data.length : undefined;
    return {
      id: s.id,
      type: s.type,
      model: s.model,
      x: s.x,
      z: s.z,
      rotation: (s.rotation * Math.PI) / 180,
      servers: s.type === 'machine' || s.type === 'assembly' || s.type === 'inspection' ? servers : 0,
      capacity: s.type === 'buffer' || s.type === 'conveyor' ? capacity : null,
      length,
      inputs: plan.edges.filter((e) => e.to === s.id).map((e) => e.from),
      outputs: plan.edges.filter((e) => e.from === s.id).map((e) => e.to),
    };
  });
}
