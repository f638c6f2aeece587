import type { StationInfo } from '@protocol/events.ts';

/**
 * Which 3D model a station gets. Scenes name models freely (`filler`, `mass-conveyor`, `cnc-5axis`...), so
 * the name is matched by keywords; anything unknown falls back to a model by station type.
 */

/** The procedural station models. */
export type ModelKind =
  | 'cnc'
  | 'press'
  | 'robot'
  | 'filler'
  | 'labeller'
  | 'oven'
  | 'inspection'
  | 'packer'
  | 'palletizer'
  | 'depalletizer'
  | 'generic'
  | 'source'
  | 'sink'
  | 'buffer';

/** The looks parts can have; one InstancedMesh each. */
export type PartLook = 'workpiece' | 'bottle' | 'pack' | 'pallet';

/** All part looks, in mesh order. */
export const PART_LOOKS: readonly PartLook[] = ['workpiece', 'bottle', 'pack', 'pallet'];

const KEYWORDS: ReadonlyArray<[RegExp, ModelKind]> = [
  [/depal/, 'depalletizer'],
  [/palleti[sz]/, 'palletizer'],
  [/cnc|mill|lathe|machining|drill|grind/, 'cnc'],
  [/press|stamp|punch|forg/, 'press'],
  [/robot|weld|cell|assembl|pick/, 'robot'],
  [/fill|rins|crown|cap+er|bottl|blow/, 'filler'],
  [/label/, 'labeller'],
  [/oven|furnace|dry|cur(e|ing)|reflow|kiln|bake|paint/, 'oven'],
  [/inspect|aoi|camera|vision|test|check|quality|measur/, 'inspection'],
  [/pack|case|wrap|carton|shrink|box/, 'packer'],
];

/** The glTF/GLB file a scene names as a station's model (`model: models/press.glb`), or null. */
export function gltfUrlOf(st: Pick<StationInfo, 'model'>): string | null {
  const m = st.model?.trim() ?? '';
  return /\.(glb|gltf)$/i.test(m) && !/^[a-z]+:(?!\/\/)/i.test(m) ? m : null;
}

/** The model of a station (conveyors are drawn separately and get `generic` here). */
export function modelKindOf(st: Pick<StationInfo, 'type' | 'model'>): ModelKind {
  if (st.type === 'source') return 'source';
  if (st.type === 'sink') return 'sink';
  if (st.type === 'buffer') return 'buffer';
  const name = (st.model ?? '').toLowerCase();
  for (const [re, kind] of KEYWORDS) if (re.test(name)) return kind;
  return st.type === 'assembly' ? 'robot' : 'generic';
}

/** True when a scene's parts are bottles (a beverage line), judged from its machine models. */
function isBottleLine(stations: ReadonlyArray<Pick<StationInfo, 'type' | 'model'>>): boolean {
  return stations.some((s) => {
    const k = modelKindOf(s);
    return k === 'filler' || k === 'labeller' || /bottl|glass|can\b/.test((s.model ?? '').toLowerCase());
  });
}

/**
 * The look of parts leaving each station: the scene's base look from the sources on, turned into packs by a
 * packer and into pallets by a palletizer (a depalletizer turns pallets back into the base look).
 */
export function partLooksAfter(stations: readonly StationInfo[]): Uint8Array {
  const base: PartLook = isBottleLine(stations) ? 'bottle' : 'workpiece';
  const index = new Map(stations.map((s, i) => [s.id, i]));
  const look = new Uint8Array(stations.length).fill(PART_LOOKS.indexOf(base));
  const known = new Uint8Array(stations.length);
  const transform = (s: StationInfo, incoming: number): number => {
    if (s.type === 'conveyor' || s.type === 'buffer') return incoming;
    const k = modelKindOf(s);
    if (k === 'packer') return PART_LOOKS.indexOf('pack');
    if (k === 'palletizer') return PART_LOOKS.indexOf('pallet');
    if (k === 'depalletizer') return PART_LOOKS.indexOf(base);
    return incoming;
  };
  // breadth first from the sources, so each station inherits the look of its first reached input
  const queue: number[] = [];
  stations.forEach((s, i) => {
    if (s.inputs.length === 0) {
      known[i] = 1;
      look[i] = transform(s, look[i]!);
      queue.push(i);
    }
  });
  while (queue.length > 0) {
    const i = queue.shift()!;
    for (const out of stations[i]!.outputs) {
      const j = index.get(out);
      if (j === undefined || known[j]) continue;
      known[j] = 1;
      look[j] = transform(stations[j]!, look[i]!);
      queue.push(j);
    }
  }
  return look;
}
