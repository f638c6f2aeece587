import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { StationType } from './sceneModel.ts';

/** What a station node of the plan shows. */
export interface StationNodeData extends Record<string, unknown> {
  id: string;
  type: StationType;
  model?: string | undefined;
  rotation: number; // degrees
  /** Validation messages about this station (the same text `twin validate` prints). */
  issues: string[];
  /** Placed automatically (no `layout` entry). */
  auto: boolean;
}

/** A station node of the plan. */
export type StationNodeType = Node<StationNodeData, 'station'>;

/** Where the output handle sits for a rotation (the flow direction: 0° to the right, 90° up the plan, as in 3D). */
const OUT_SIDE: Position[] = [Position.Right, Position.Top, Position.Left, Position.Bottom];
const IN_SIDE: Position[] = [Position.Left, Position.Bottom, Position.Right, Position.Top];

const SYMBOL: Record<StationType, string> = {
  source: '▶',
  machine: '⚙',
  assembly: '⊕',
  inspection: '◎',
  buffer: '☰',
  conveyor: '⇉',
  sink: '■',
};

/** One station on the plan: id, type and model, inline errors, an input and an output handle. */
export function StationNode({ data, selected }: NodeProps<StationNodeType>) {
  const quarter = ((Math.round(data.rotation / 90) % 4) + 4) % 4;
  const bad = data.issues.length > 0;
  return (
    <div
      className={`plan-node type-${data.type}${selected ? ' selected' : ''}${bad ? ' invalid' : ''}${data.auto ? ' auto' : ''}`}
      data-testid={`node-${data.id}`}
      title={bad ? data.issues.join('\n') : `${data.type}${data.model ? ` (${data.model})` : ''}`}
    >
      {data.type !== 'source' ? <Handle type="target" position={IN_SIDE[quarter]!} data-testid={`in-${data.id}`} /> : null}
      <span className="plan-node-symbol" aria-hidden="true">
        {SYMBOL[data.type]}
      </span>
      <span className="plan-node-id">{data.id}</span>
      <span className="plan-node-type">{data.model ?? data.type}</span>
      {bad ? (
        <span className="plan-node-error" role="alert" data-testid={`node-error-${data.id}`}>
          {data.issues[0]}
          {data.issues.length > 1 ? ` (+${data.issues.length - 1})` : ''}
        </span>
      ) : null}
      {data.type !== 'sink' ? <Handle type="source" position={OUT_SIDE[quarter]!} data-testid={`out-${data.id}`} /> : null}
    </div>
  );
}
