import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { idPrefix, starterFields } from './palette.ts';
import { editSceneText } from './sceneDocument.ts';
import type { StationType } from './sceneModel.ts';

/**
 * The editor's edits, each from scene text to scene text through the Document API (sceneDocument.ts): add,
 * move, rotate, connect, disconnect, delete, duplicate, rename stations and set or remove any key. A structural
 * edit on a file without `flow` first writes the serial default out as `flow`, so a new station is not silently
 * chained to the last one and the file says what the plan shows.
 */

/** A data path in the scene: keys and list indices. */
export type ScenePath = ReadonlyArray<string | number>;

/** A floor position, m; rotation in degrees. */
export interface FloorPoint {
  x: number;
  z: number;
}

/** Metres written to `layout`: centimetres are plenty, and keep 0.1 + 0.2 out of the file. */
const metres = (v: number): number => Math.round(v * 100) / 100 + 0; // + 0: no -0 in the file

function stationsSeq(doc: Document): YAMLSeq {
  let seq = doc.get('stations', true);
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    doc.set('stations', seq);
  }
  const s = seq as YAMLSeq;
  s.flow = false; // `stations: []` of an empty floor becomes a block list once it has a station
  return s;
}

/** A station map's id ('' when it has none). */
function idOf(item: unknown): string {
  const id: unknown = isMap(item) ? item.get('id') : undefined;
  return typeof id === 'string' ? id : '';
}

function stationIds(doc: Document): string[] {
  const seq = doc.get('stations', true);
  if (!isSeq(seq)) return [];
  return seq.items.map(idOf);
}

/** A block map at a top-level key, created when missing (an empty `{}` turns into a block map). */
function blockMap(doc: Document, key: string): YAMLMap {
  let map = doc.get(key, true);
  if (!isMap(map)) {
    map = doc.createNode({});
    doc.set(key, map);
  }
  const m = map as YAMLMap;
  if (m.items.length === 0) m.flow = false;
  return m;
}

/** Writes the serial default as `flow` when the file has none (every structural edit starts here). */
function ensureFlow(doc: Document): YAMLMap {
  if (isMap(doc.get('flow', true))) return blockMap(doc, 'flow');
  const ids = stationIds(doc).filter((id) => id !== '');
  const flow = blockMap(doc, 'flow');
  ids.slice(1).forEach((to, i) => flow.set(ids[i]!, to));
  return flow;
}

/** The targets of `from` in flow. */
function targetsOf(flow: YAMLMap, from: string): string[] {
  const v: unknown = flow.get(from, true);
  if (isScalar(v)) return [String(v.value)];
  if (isSeq(v)) return v.items.map((i) => String(isScalar(i) ? i.value : i));
  return [];
}

/** Sets the targets of `from`: a plain id for one, a flow list for several, no entry for none. */
function setTargets(doc: Document, flow: YAMLMap, from: string, targets: string[]): void {
  if (targets.length === 0) flow.delete(from);
  else if (targets.length === 1) {
    const v = flow.get(from, true);
    if (isScalar(v)) v.value = targets[0];
    else flow.set(from, targets[0]);
  } else flow.set(from, doc.createNode(targets, { flow: true }));
}

/** A fresh id with the type's prefix, not used yet. */
export function freshId(taken: readonly string[], type: StationType): string {
  const prefix = idPrefix(type);
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

function setPlacement(doc: Document, id: string, p: FloorPoint, rotation?: number): void {
  const layout = blockMap(doc, 'layout');
  const entry = layout.get(id, true);
  if (isMap(entry)) {
    entry.set('x', metres(p.x));
    entry.set('z', metres(p.z));
    if (rotation !== undefined) {
      if (rotation === 0) entry.delete('rotation');
      else entry.set('rotation', rotation);
    }
  } else {
    const value = rotation ? { x: metres(p.x), z: metres(p.z), rotation } : { x: metres(p.x), z: metres(p.z) };
    layout.set(id, doc.createNode(value, { flow: true }));
  }
}

/** Adds a station of `type` (with `model`) at a floor point; returns the new text and the new id. */
export function addStation(text: string, type: StationType, at: FloorPoint, model?: string): { text: string; id: string } {
  let id = '';
  const out = editSceneText(text, (doc) => {
    ensureFlow(doc);
    id = freshId(stationIds(doc), type);
    const station = { id, type, ...(model ? { model } : {}), ...starterFields(type) };
    stationsSeq(doc).add(doc.createNode(station, { flow: true }));
    setPlacement(doc, id, at);
  });
  return { text: out, id };
}

/** Moves stations to floor points (writes `layout`). */
export function moveStations(text: string, moves: Readonly<Record<string, FloorPoint>>): string {
  return editSceneText(text, (doc) => {
    for (const [id, p] of Object.entries(moves)) setPlacement(doc, id, p);
  });
}

/** Turns stations by `degrees` about the vertical axis, each at its current point. */
export function rotateStations(text: string, at: Readonly<Record<string, FloorPoint & { rotation: number }>>, degrees: number): string {
  return editSceneText(text, (doc) => {
    for (const [id, p] of Object.entries(at)) setPlacement(doc, id, p, (((p.rotation + degrees) % 360) + 360) % 360);
  });
}

/** Connects an output of `from` to an input of `to` (a split when `from` already has an output, a merge when `to` has an input). */
export function connect(text: string, from: string, to: string): string {
  return editSceneText(text, (doc) => {
    const flow = ensureFlow(doc);
    const targets = targetsOf(flow, from);
    if (from !== to && !targets.includes(to)) setTargets(doc, flow, from, [...targets, to]);
  });
}

/** Removes the edge from `from` to `to`. */
export function disconnect(text: string, from: string, to: string): string {
  return editSceneText(text, (doc) => {
    const flow = ensureFlow(doc);
    setTargets(
      doc,
      flow,
      from,
      targetsOf(flow, from).filter((t) => t !== to),
    );
  });
}

/** Deletes stations with their edges, routing and layout entries. */
export function deleteStations(text: string, ids: readonly string[]): string {
  const gone = new Set(ids);
  return editSceneText(text, (doc) => {
    const flow = ensureFlow(doc);
    const seq = stationsSeq(doc);
    seq.items = seq.items.filter((item) => !(isMap(item) && gone.has(idOf(item))));
    for (const pair of [...flow.items]) {
      const from = String(isScalar(pair.key) ? pair.key.value : pair.key);
      if (gone.has(from)) flow.delete(from);
      else {
        const targets = targetsOf(flow, from);
        const kept = targets.filter((t) => !gone.has(t));
        if (kept.length !== targets.length) setTargets(doc, flow, from, kept);
      }
    }
    for (const key of ['layout', 'routing']) {
      const map = doc.get(key, true);
      if (isMap(map)) for (const id of gone) map.delete(id);
    }
  });
}

/** Copies stations (keys and all) to fresh ids, 2 m further along z; returns the new text and the copies' ids. */
export function duplicateStations(text: string, at: Readonly<Record<string, FloorPoint>>): { text: string; ids: string[] } {
  const copies: string[] = [];
  const out = editSceneText(text, (doc) => {
    ensureFlow(doc);
    const seq = stationsSeq(doc);
    for (const [id, p] of Object.entries(at)) {
      const original = seq.items.find((item) => isMap(item) && idOf(item) === id);
      if (!isMap(original)) continue;
      const data = original.toJSON() as Record<string, unknown>;
      const copyId = freshId(stationIds(doc), (data.type as StationType | undefined) ?? 'machine');
      const copy = doc.createNode({ ...data, id: copyId }, { flow: original.flow ?? false });
      seq.add(copy);
      setPlacement(doc, copyId, { x: p.x, z: p.z + 2 });
      copies.push(copyId);
    }
  });
  return { text: out, ids: copies };
}

/** Renames a station everywhere the format names it: its id, flow, routing, layout, rework targets and assembly inputs. */
export function renameStation(text: string, from: string, to: string): string {
  return editSceneText(text, (doc) => {
    const seq = doc.get('stations', true);
    if (isSeq(seq)) {
      for (const item of seq.items) {
        if (!isMap(item)) continue;
        if (idOf(item) === from) item.set('id', to);
        const rework = item.get('rework', true);
        if (isMap(rework) && String(rework.get('to')) === from) rework.set('to', to);
        const inputs = item.get('inputs', true);
        if (isMap(inputs)) renameKey(inputs, from, to);
      }
    }
    for (const key of ['layout', 'routing', 'flow']) {
      const map = doc.get(key, true);
      if (isMap(map)) renameKey(map, from, to);
    }
    const flow = doc.get('flow', true);
    if (isMap(flow)) {
      for (const pair of flow.items) {
        const v = pair.value;
        if (isScalar(v) && v.value === from) v.value = to;
        if (isSeq(v)) for (const t of v.items) if (isScalar(t) && t.value === from) t.value = to;
      }
    }
  });
}

/** Renames a map key in place, keeping its position and comments. */
function renameKey(map: YAMLMap, from: string, to: string): void {
  for (const pair of map.items) if (isScalar(pair.key) && pair.key.value === from) pair.key.value = to;
}

const isPrimitive = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

/**
 * Sets the value at a path. A scalar replacing a scalar keeps the node (and its comment); an object or list is
 * written in flow style unless it replaces a block collection.
 */
export function setValue(text: string, path: ScenePath, value: unknown): string {
  return editSceneText(text, (doc) => {
    const node = doc.getIn(path, true);
    if (isScalar(node) && isPrimitive(value)) {
      node.value = value;
      if (typeof value !== 'string') node.type = 'PLAIN'; // a quoted "5" that becomes 5
      return;
    }
    const block = (isMap(node) || isSeq(node)) && !node.flow;
    doc.setIn(path, isPrimitive(value) ? value : doc.createNode(value, { flow: !block }));
  });
}

/** Removes the key at a path (an optional key cleared in the panel). */
export function removeValue(text: string, path: ScenePath): string {
  return editSceneText(text, (doc) => {
    doc.deleteIn(path);
  });
}

/** The path of a station's key by station id: `['stations', index, ...rest]`, or null when no such station. */
export function stationPath(text: string, id: string, ...rest: Array<string | number>): ScenePath | null {
  let index = -1;
  editSceneText(text, (doc) => {
    index = stationIds(doc).indexOf(id);
  });
  return index < 0 ? null : ['stations', index, ...rest];
}
