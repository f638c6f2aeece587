import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { DistSpec } from '../sim/index.ts';
import type { StationCalibration } from './calibrate.ts';

/** Significant digits written: more than the CIs resolve, few enough to read. */
const DIGITS = 5;

const round = (x: number): number => Number(x.toPrecision(DIGITS));

/** A fitted distribution as scene YAML (seconds as plain numbers; Erlang's k stays an integer). */
function distNode(spec: DistSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) out[key] = typeof value === 'number' && key !== 'k' ? round(value) : value;
  return out;
}

/** The station's map in the document, by id. */
function stationMap(doc: Document, id: string): YAMLMap | undefined {
  const stations = doc.get('stations');
  if (!isSeq(stations)) return undefined;
  for (const item of stations.items) if (isMap(item) && item.get('id') === id) return item;
  return undefined;
}

/**
 * The scene text with the fitted keys replaced: `cycleTime`, `failures.mtbf`/`mttr` (other failure keys, like the
 * basis, stay; the other forms of a failure model give way to {mtbf, mttr}) and `scrap`. Everything else (comments,
 * layout, order, styles) is the original's: the yaml Document API edits the parsed text instead of re-serializing data.
 */
export function calibratedSceneText(text: string, stations: readonly StationCalibration[]): string {
  const doc = parseDocument(text);
  for (const c of stations) {
    const map = stationMap(doc, c.station);
    if (!map) continue;
    const best = c.cycle?.fits[0];
    if (c.writes.cycleTime && best) {
      const node = doc.createNode(best.spec.dist === 'constant' ? round(best.spec.value) : distNode(best.spec));
      if (isMap(node)) node.flow = true;
      map.set('cycleTime', node);
    }
    if (c.writes.failures && c.mtbf && c.mttr) {
      const failures = map.get('failures');
      if (isMap(failures)) {
        for (const key of ['availability', 'timeToFailure', 'timeToRepair']) failures.delete(key);
        failures.set('mtbf', round(c.mtbf.value));
        failures.set('mttr', round(c.mttr.value));
      } else {
        const node = doc.createNode({ mtbf: round(c.mtbf.value), mttr: round(c.mttr.value) });
        node.flow = true;
        map.set('failures', node);
      }
    }
    if (c.writes.scrap) map.set('scrap', round(c.scrap.value));
  }
  return doc.toString({ lineWidth: 0 }); // 0: never fold long lines the original kept on one
}
