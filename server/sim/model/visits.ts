import type { MachineSpec, SourceSpec } from '../spec.ts';
import { meanOf } from '../distributions.ts';
import { releaseMix } from './products.ts';
import { reduceRows, solve } from '../linearSystem.ts';
import { K_ASSEMBLY, K_MACHINE, K_SINK, K_SOURCE, type Station, type World } from './world.ts';

/**
 * Expected visits per good part: how many parts each machine finishes (assemblies: kits) for every good part the
 * line delivers, taken from the line's structure alone, so parts still inside the line cannot move it (line OEE
 * uses it). Parts flow as in the ideal steady state:
 * - a machine passes on 1 - scrap of what it gets; of that, the rework probability goes to its rework output;
 * - an assembly turns every sum-of-needs parts it gets into one;
 * - a station with several outputs shares parts in proportion to the capacity each output leads to (servers /
 *   ideal cycle time of the machines it reaches first, through buffers and conveyors): the ideal routing that both
 *   round-robin and first-free aim at. Where an output reaches no machine (a sink) or loops back, shares are equal;
 * - sources deliver in proportion to their arrival rates; an unlimited source delivers what the line can take, so
 *   it is weighted like an output, by the capacity it leads to. Where sources feed an assembly, their rates are
 *   set instead so that the assembly gets its parts in the ratio it needs them (unlimited sources adapt first).
 * Rework loops need a linear system, not a walk: a station's arrivals are the sum of what its inputs pass on.
 */

/** Capacity (parts/s) the station leads to: its own if a machine, else the sum over its outputs; NaN when none is defined. */
function capacityAhead(w: World, st: Station, seen: Set<number>): number {
  if (st.kind === K_MACHINE || st.kind === K_ASSEMBLY) {
    const ideal = (st.spec as MachineSpec).idealCycleTime;
    return ideal > 0 ? st.units.length / ideal : NaN;
  }
  if (st.kind === K_SINK || st.outputs.length === 0 || seen.has(st.index)) return NaN;
  seen.add(st.index);
  let sum = 0;
  for (const o of st.outputs) sum += capacityAhead(w, w.stations[o]!, seen);
  seen.delete(st.index);
  return sum;
}

/** Share of st's output that each of its output positions gets. */
function outputShares(w: World, st: Station): number[] {
  const n = st.outputs.length;
  const shares = new Array<number>(n).fill(0);
  const rework = st.reworkOut;
  if (rework >= 0) shares[rework] = st.reworkP;
  const normal = st.outputs.map((_, pos) => pos).filter((pos) => pos !== rework);
  const capacity = normal.map((pos) => capacityAhead(w, w.stations[st.outputs[pos]!]!, new Set([st.index])));
  const total = capacity.reduce((a, b) => a + b, 0);
  const byCapacity = Number.isFinite(total) && total > 0 && capacity.every((c) => c > 0);
  const left = rework >= 0 ? 1 - st.reworkP : 1;
  normal.forEach((pos, k) => {
    shares[pos] = left * (byCapacity ? capacity[k]! / total : 1 / normal.length);
  });
  return shares;
}

/** Parts passed on per part received, before the routing shares. */
function gain(st: Station): number {
  if (st.kind === K_MACHINE) return 1 - st.scrap;
  if (st.kind === K_ASSEMBLY) return (1 - st.scrap) / st.need.reduce((a, b) => a + b, 0);
  return st.kind === K_SINK ? 0 : 1;
}

/** A source's weight when nothing else fixes its rate: its arrival rate, or (unlimited) the capacity it leads to. */
function nominalRate(w: World, st: Station): number {
  const spec = st.spec as { interarrival?: Parameters<typeof meanOf>[0] };
  if (spec.interarrival) {
    const mean = meanOf(spec.interarrival);
    return mean > 0 ? 1 / mean : 1;
  }
  const c = capacityAhead(w, st, new Set());
  return Number.isFinite(c) && c > 0 ? c : 1;
}

/** Source rates that balance every assembly; nominal rates where the assemblies leave them free. */
function sourceRates(w: World, sources: Station[], arrivalsFrom: number[][], flow: number[][][]): number[] {
  // columns: unlimited sources first, so they are the ones the assembly balance sets
  const order = sources.map((_, k) => k).sort((a, b) => Number(!!sources[a]!.interarrival) - Number(!!sources[b]!.interarrival));
  const rows: number[][] = [];
  for (const q of w.stations) {
    if (q.kind !== K_ASSEMBLY) continue;
    const total = q.need.reduce((a, b) => a + b, 0);
    for (let k = 0; k + 1 < q.inputs.length; k++) {
      rows.push(
        order.map((s) => {
          const fromInput = flow[s]![q.index]![k]!;
          return fromInput - ((q.need[k] as number) / total) * arrivalsFrom[s]![q.index]!;
        }),
      );
    }
  }
  const nominal = sources.map((st) => nominalRate(w, st));
  if (rows.length === 0) return nominal;
  const pivotRow = reduceRows(rows, order.length);
  const rates = new Array<number>(sources.length).fill(0);
  order.forEach((s, col) => {
    if (pivotRow[col]! < 0) rates[s] = nominal[s]!;
  });
  order.forEach((s, col) => {
    const r = pivotRow[col]!;
    if (r < 0) return;
    let x = 0;
    order.forEach((t, c) => {
      if (pivotRow[c]! < 0) x -= rows[r]![c]! * rates[t]!;
    });
    rates[s] = x;
  });
  // a structure no positive rates can balance (say, one source split unevenly into both inputs of an assembly)
  return rates.every((r) => r >= 0) && rates.some((r) => r > 0) ? rates : nominal;
}

/**
 * Parts a station passes to each output per part arriving, by class: [from class][output position][to class], with
 * class 0 good and class 1 defective. Without quality there is one class. With quality (quality.ts): a repair makes
 * a defective part good with `repairs`, the station's own defects (their product-share mean) make a good part
 * defective, scrap takes its share of both, and an inspection rejects defective parts with `detect` and good ones
 * with `falseReject`, to scrap or to its reject output. An assembly is taken as linear in its inputs' classes (a
 * kit with one defective part counts as one defective part in `need` ones): exact for its visits, approximate for
 * the defects after it.
 */
function transfer(w: World, st: Station, classes: number, mix: readonly number[]): number[][][] {
  const shares = outputShares(w, st);
  const g = gain(st);
  const q = st.quality;
  if (classes === 1 || q === null) return Array.from({ length: classes }, (_, c) => shares.map((sh) => classRow(classes, c, g * sh)));
  const p = q.defects === null ? 0 : mix.reduce((acc, share, k) => acc + share * (q.defects![k] ?? 0), 0);
  const r = q.repairs;
  // after the repair and the station's own defects: [from][to]
  const made = [
    [1 - p, p],
    [r * (1 - p), 1 - r + r * p],
  ];
  const reject = q.inspects ? [q.falseReject, q.detect] : [0, 0];
  const route = st.reworkOut;
  return made.map((row) =>
    shares.map((sh, pos) => {
      // the old rework share (in `shares`) goes to the route first; the inspection rejects from the rest
      // (reworked parts are inspected too: with reject: scrap the rejected ones of them are lost)
      const rejected = (c: number): number =>
        pos === route ? (q.rejectScrap ? sh * (1 - reject[c]!) : sh + (1 - sh) * reject[c]!) : sh * (1 - reject[c]!);
      return [g * row[0]! * rejected(0), g * row[1]! * rejected(1)];
    }),
  );
}

function classRow(classes: number, c: number, value: number): number[] {
  const row = new Array<number>(classes).fill(0);
  row[c] = value;
  return row;
}

/**
 * The share of each product among the parts released: the first source's mix and order as they are now (an
 * operator may have changed them live), else the line's; [1] for one product.
 */
function productMix(w: World): number[] {
  const products = w.line.products;
  if (!products) return [1];
  const source = w.stations.find((st) => st.release !== null)?.spec as SourceSpec | undefined;
  return releaseMix(source?.shares ?? products.map((p) => p.share), source?.sequence ?? w.line.sequence);
}

/** Visits per good part of every machine and assembly station (indexed like w.machines); all 0 if no part can get out. */
export function expectedVisits(w: World): Float64Array {
  const n = w.stations.length;
  const classes = w.stations.some((st) => st.quality !== null) ? 2 : 1;
  const mix = productMix(w);
  const moves = w.stations.map((st) => transfer(w, st, classes, mix));
  const N = classes * n;
  // arrivals a = s + T' a over (class, station), T[(c,j)][(d,i)] = parts of class d reaching i per part of class c at j
  const a: number[][] = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? 1 : 0)));
  w.stations.forEach((st, j) =>
    st.outputs.forEach((i, pos) => {
      for (let c = 0; c < classes; c++) for (let d = 0; d < classes; d++) a[d * n + i]![c * n + j]! -= moves[j]![c]![pos]![d]!;
    }),
  );
  const sources = w.stations.filter((st) => st.kind === K_SOURCE);
  const visits = new Float64Array(w.machines.length);
  if (sources.length === 0) return visits;
  const unit = Array.from({ length: N }, (_, i) => sources.map((st) => (st.index === i ? 1 : 0))); // sources release good parts
  const x = solve(a, unit); // x[(c,i)][s]: arrivals of class c at i per part from source s
  if (!x) return visits; // parts that can circulate for ever
  const at = (s: number, c: number, i: number): number => x[c * n + i]![s]!;
  const arrivalsFrom = sources.map((_, s) => w.stations.map((_, i) => (classes === 1 ? at(s, 0, i) : at(s, 0, i) + at(s, 1, i))));
  // flow[s][q][k]: parts from source s reaching station q through its input position k
  const flow = sources.map(() => w.stations.map((q) => q.inputs.map(() => 0)));
  sources.forEach((_, s) =>
    w.stations.forEach((st, j) =>
      st.outputs.forEach((i, pos) => {
        for (let c = 0; c < classes; c++)
          for (let d = 0; d < classes; d++) flow[s]![i]![st.outPos[pos]!]! += at(s, c, j) * moves[j]![c]![pos]![d]!;
      }),
    ),
  );
  const rates = sourceRates(w, sources, arrivalsFrom, flow);
  const arrivals = (i: number): number => rates.reduce((acc, r, s) => acc + r * arrivalsFrom[s]![i]!, 0);
  let good = 0;
  for (const st of w.stations) if (st.kind === K_SINK) good += arrivals(st.index);
  if (!(good > 0)) return visits;
  for (const st of w.machines) {
    const kits = st.kind === K_ASSEMBLY ? st.need.reduce((acc, k) => acc + k, 0) : 1;
    visits[st.bottleneckIndex] = arrivals(st.index) / kits / good;
  }
  return visits;
}
