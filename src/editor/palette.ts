import type { StationType } from './sceneModel.ts';

/**
 * What the palette offers: every station type of the scene format, machines also with each model the 3D view
 * draws (src/scene/modelKinds.ts matches a station's `model` by keyword), and the keys a new station starts with
 * so that it is valid at once.
 */

/** One palette entry. */
export interface PaletteItem {
  /** Stable name for drag data and tests: the type, or type:model. */
  key: string;
  type: StationType;
  /** The `model` hint written to the station (the 3D look). */
  model?: string | undefined;
  label: string;
  /** What it does, one line. */
  hint: string;
}

/** Every entry, in palette order. */
export const PALETTE: readonly PaletteItem[] = [
  { key: 'source', type: 'source', label: 'Source', hint: 'creates parts (unlimited, or with an interarrival time)' },
  { key: 'machine', type: 'machine', label: 'Machine', hint: 'processes parts with a cycle time; failures, scrap, power' },
  { key: 'machine:cnc', type: 'machine', model: 'cnc', label: 'CNC machine', hint: 'a machine drawn as a machining centre' },
  { key: 'machine:press', type: 'machine', model: 'press', label: 'Press', hint: 'a machine drawn as a press' },
  { key: 'machine:robot', type: 'machine', model: 'robot-cell', label: 'Robot cell', hint: 'a machine drawn as a robot cell' },
  { key: 'machine:filler', type: 'machine', model: 'filler', label: 'Filler', hint: 'a machine drawn as a filler (bottles)' },
  { key: 'machine:labeller', type: 'machine', model: 'labeller', label: 'Labeller', hint: 'a machine drawn as a labeller' },
  { key: 'machine:oven', type: 'machine', model: 'oven', label: 'Oven', hint: 'a machine drawn as an oven' },
  { key: 'machine:packer', type: 'machine', model: 'packer', label: 'Packer', hint: 'a machine that packs (parts become packs)' },
  { key: 'machine:palletizer', type: 'machine', model: 'palletizer', label: 'Palletizer', hint: 'packs become pallets' },
  { key: 'inspection', type: 'inspection', model: 'camera', label: 'Inspection', hint: 'checks parts; rejects detected defects' },
  { key: 'assembly', type: 'assembly', model: 'assembly-robot', label: 'Assembly', hint: 'joins one part from each input' },
  { key: 'buffer', type: 'buffer', label: 'Buffer', hint: 'a FIFO store with a capacity' },
  { key: 'conveyor', type: 'conveyor', label: 'Conveyor', hint: 'accumulating belt: length, speed, pitch' },
  { key: 'sink', type: 'sink', label: 'Sink', hint: 'takes finished parts' },
];

/** The keys a new station of a type starts with (beside id, type and model): the least that makes it valid. */
export function starterFields(type: StationType): Record<string, unknown> {
  switch (type) {
    case 'machine':
    case 'assembly':
    case 'inspection':
      return { cycleTime: '10s' };
    case 'buffer':
      return { capacity: 5 };
    case 'conveyor':
      return { length: 4, speed: 0.5 };
    default:
      return {};
  }
}

/** The prefix of new station ids of a type (IN1, M1, B1, C1, A1, Q1, OUT1). */
export function idPrefix(type: StationType): string {
  return { source: 'IN', machine: 'M', assembly: 'A', inspection: 'Q', buffer: 'B', conveyor: 'C', sink: 'OUT' }[type];
}

/** A palette entry by key. */
export function paletteItem(key: string): PaletteItem | undefined {
  return PALETTE.find((p) => p.key === key);
}
