import { useCallback, useMemo, useState, type DragEvent } from 'react';
import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { applyEdit } from './applyEdit.ts';
import { paletteItem } from './palette.ts';
import { useEditor, useEditorRuntime } from './runtime.tsx';
import { addStation, connect, deleteStations, disconnect, moveStations } from './sceneEdits.ts';
import { StationNode, type StationNodeType } from './StationNode.tsx';
import { useScene } from './useScene.ts';
import { issueText, stationIndexOf } from './validate.ts';

/**
 * The top-down plan: stations as nodes at their floor positions (1 m = SCALE px, the floor's z running down the
 * screen), edges as the flow. Drop a palette entry to add a station, drag to move (snapped to the grid, written
 * to `layout` when the drag ends), drag from an output handle to an input to connect (a second output makes a
 * split, a second input a merge), Delete or Backspace to remove what is selected; shift-click or a shift-drag
 * box selects several.
 */

/** Plan pixels per metre of floor. */
export const SCALE = 40;
/** The snap grid, m. */
export const GRID_M = 0.5;
/** The drag-data type of palette entries. */
export const PALETTE_MIME = 'application/x-linetwin-station';

const NODE_TYPES = { station: StationNode };

/** Metres on the snap grid. */
const snap = (m: number): number => Math.round(m / GRID_M) * GRID_M;

export function Plan() {
  const { store } = useEditorRuntime();
  const { plan, checked } = useScene();
  const selected = useEditor((s) => s.selected);
  const flow = useReactFlow();
  // Fit the view to a scene opened with stations, once; an empty floor keeps 1 m = SCALE px, so drops land where they fall.
  const [fitOnOpen] = useState(() => plan.stations.length > 0);

  // Issues per station index: shown on the node, word for word as the validator gives them.
  const issuesByStation = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const issue of checked.issues) {
      const i = stationIndexOf(issue);
      if (i === null) continue;
      map.set(i, [
        ...(map.get(i) ?? []),
        issueText(issue)
          .replace(/^stations\[\d+\]\.?/, '')
          .replace(/^: /, ''),
      ]);
    }
    return map;
  }, [checked.issues]);

  const fromText = useMemo<StationNodeType[]>(
    () =>
      plan.stations.map((s) => ({
        id: s.id,
        type: 'station',
        position: { x: s.x * SCALE, y: s.z * SCALE },
        selected: selected.includes(s.id),
        data: { id: s.id, type: s.type, model: s.model, rotation: s.rotation, issues: issuesByStation.get(s.index) ?? [], auto: !s.placed },
      })),
    [plan, issuesByStation, selected],
  );
  // Local node state while dragging; the text's positions replace it after every edit.
  const [nodes, setNodes] = useState<StationNodeType[]>(fromText);
  const [shown, setShown] = useState(fromText);
  if (shown !== fromText) {
    setShown(fromText);
    setNodes(fromText);
  }

  const edges = useMemo<Edge[]>(
    () =>
      plan.edges.map((e) => {
        const split = plan.edges.filter((o) => o.from === e.from).length > 1;
        return {
          id: `${e.from}->${e.to}`,
          source: e.from,
          target: e.to,
          label: split ? (plan.routing[e.from] ?? 'roundRobin') : undefined,
          animated: false,
        };
      }),
    [plan],
  );

  const onNodesChange = useCallback((changes: NodeChange<StationNodeType>[]) => {
    // removals go through onNodesDelete (an edit); positions and selection are local until the drag ends
    setNodes((ns) =>
      applyNodeChanges(
        changes.filter((c) => c.type !== 'remove'),
        ns,
      ),
    );
  }, []);

  const onNodeDragStop = useCallback(
    (_: unknown, _node: StationNodeType, dragged: StationNodeType[]) => {
      const moves = Object.fromEntries(dragged.map((n) => [n.id, { x: snap(n.position.x / SCALE), z: snap(n.position.y / SCALE) }]));
      const names = dragged.map((n) => n.id).join(', ');
      if (!applyEdit(store, `Moved ${names}`, (t) => moveStations(t, moves))) setNodes(fromText);
    },
    [store, fromText],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (c.source && c.target) applyEdit(store, `Connected ${c.source} → ${c.target}`, (t) => connect(t, c.source, c.target));
    },
    [store],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: StationNodeType[]; edges: Edge[] }) => {
      if (gone.length === 0 && cut.length === 0) return;
      const ids = gone.map((n) => n.id);
      const keptEdges = cut.filter((e) => !ids.includes(e.source) && !ids.includes(e.target));
      const what = [...ids, ...keptEdges.map((e) => `${e.source} → ${e.target}`)].join(', ');
      applyEdit(store, `Deleted ${what}`, (t) => {
        let out = ids.length ? deleteStations(t, ids) : t;
        for (const e of keptEdges) out = disconnect(out, e.source, e.target);
        return out;
      });
      store.getState().select([]);
    },
    [store],
  );

  const onSelectionChange = useCallback(
    ({ nodes: picked }: OnSelectionChangeParams) => {
      const ids = picked.map((n) => n.id);
      const now = store.getState().selected;
      if (ids.length !== now.length || ids.some((id, i) => id !== now[i])) store.getState().select(ids);
    },
    [store],
  );

  const onDragOver = (e: DragEvent): void => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  };
  const onDrop = (e: DragEvent): void => {
    const item = paletteItem(e.dataTransfer.getData(PALETTE_MIME));
    if (!item) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const at = { x: snap(p.x / SCALE), z: snap(p.y / SCALE) };
    let added = '';
    const ok = applyEdit(store, `Added ${item.label.toLowerCase()}`, (t) => {
      const r = addStation(t, item.type, at, item.model);
      added = r.id;
      return r.text;
    });
    if (ok) {
      const { changes } = store.getState();
      store.setState({ changes: [...changes.slice(0, -1), `Added ${item.label.toLowerCase()} ${added}`] });
      store.getState().select([added]);
    }
  };

  return (
    <div className="plan" data-testid="plan" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<StationNodeType, Edge>
        colorMode="dark"
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        nodeOrigin={[0.5, 0.5]}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        connectOnClick={false} // a drag that ends on a handle also "clicked" it, arming a click-connection that ate the next drag
        onDelete={onDelete}
        onSelectionChange={onSelectionChange}
        snapToGrid
        snapGrid={[GRID_M * SCALE, GRID_M * SCALE]}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView={fitOnOpen}
        fitViewOptions={{ padding: 0.3, maxZoom: 1.5 }}
        minZoom={0.1}
        maxZoom={3}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Lines} gap={GRID_M * SCALE * 2} color="#243242" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
