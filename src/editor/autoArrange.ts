import type { PlanModel } from './sceneModel.ts';
import type { FloorPoint } from './sceneEdits.ts';

/**
 * Auto-arrange: elkjs's layered layout (the Sugiyama method: layers along the flow, crossings minimised) puts
 * the stations left to right in flow order, splits and merges spread across. Loaded on demand: the layout
 * engine is large and only this button needs it.
 */

/** A station's box for the layout (m): about a machine's footprint with room around it. */
const BOX = 1.6;
/** Gap between layers and between stations in a layer (m). */
const GAP = 1.4;

/** Floor points for every station, in metres rounded to 0.5 m, the line starting at x = 0. */
export async function arrange(plan: PlanModel): Promise<Record<string, FloorPoint>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const graph = await elk.layout({
    id: 'line',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(GAP),
      'elk.layered.crossingMinimization.semiInteractive': 'true', // keep listed order where it does not cost crossings
    },
    children: plan.stations.map((s) => ({ id: s.id, width: BOX, height: BOX })),
    edges: plan.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const half = (v: number): number => Math.round(v * 2) / 2;
  const out: Record<string, FloorPoint> = {};
  const children = graph.children ?? [];
  const midY = children.length ? (Math.min(...children.map((c) => c.y ?? 0)) + Math.max(...children.map((c) => c.y ?? 0))) / 2 : 0;
  for (const c of children) out[c.id] = { x: half((c.x ?? 0) + BOX / 2), z: half((c.y ?? 0) - midY) };
  return out;
}
