import type { MachineSpec } from '../spec.ts';
import { meanOf } from '../distributions.ts';
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

/** Visits per good part of every machine and assembly station (indexed like w.machines); all 0 if no part can get out. */
export function expectedVisits(w: World): Float64Array {
  const n = w.stations.length;
  // arrivals a = s + T' a, with T[j][i] = parts reaching i per part arriving at j
  const a: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const passOn: number[][] = w.stations.map((st) => outputShares(w, st).map((share) => gain(st) * share));
  w.stations.forEach((st, j) =>
    st.outputs.forEach((i, pos) => {
      a[i]![j]! -= passOn[j]![pos]!;
    }),
  );
  const sources = w.stations.filter((st) => st.kind === K_SOURCE);
  const visits = new Float64Array(w.machines.length);
  if (sources.length === 0) return visits;
  const unit = Array.from({ length: n }, (_, i) => sources.map((st) => (st.index === i ? 1 : 0)));
  const x = solve(a, unit); // x[i][s]: arrivals at i per part from source s
  if (!x) return visits; // parts that can circulate for ever
  const arrivalsFrom = sources.map((_, s) => x.map((row) => row[s]!));
  // flow[s][q][k]: parts from source s reaching station q through its input position k
  const flow = sources.map(() => w.stations.map((q) => q.inputs.map(() => 0)));
  sources.forEach((_, s) =>
    w.stations.forEach((st, j) =>
      st.outputs.forEach((i, pos) => {
        flow[s]![i]![st.outPos[pos]!]! += arrivalsFrom[s]![j]! * passOn[j]![pos]!;
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
