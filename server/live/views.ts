import type { MachineSpec } from '../sim/spec.ts';
import type { SimReport } from '../sim/kpi.ts';
import type { Station, World } from '../sim/model/world.ts';
import { partAt } from '../sim/model/partQueue.ts';
import { expectedFinish } from '../sim/model/unit.ts';
import { meanOf } from '../sim/distributions.ts';
import type { Scene } from '../scene/index.ts';
import type { KpiFrame, PartTuple, StationDetails, StationInfo, StationParams } from '../protocol/events.ts';

/** Read-only views of a running world in protocol shapes: the static layout, parts in place, KPIs, details. */

function paramsOf(st: Station): StationParams | undefined {
  if (st.units.length === 0) return undefined;
  const spec = st.spec as MachineSpec;
  return {
    cycleTime: spec.cycleTime,
    cycleTimeMean: meanOf(spec.cycleTime),
    idealCycleTime: spec.idealCycleTime,
    mttr: spec.failures ? meanOf(spec.failures.timeToRepair) : null,
    mtbf: spec.failures ? meanOf(spec.failures.timeToFailure) : null,
    scrap: spec.scrap,
    power: { ...spec.power },
  };
}

/** The static layout, with each station's current parameters. */
export function stationInfos(scene: Scene, w: World): StationInfo[] {
  return w.stations.map((st) => {
    const place = scene.layout[st.id] ?? { x: 0, z: 0, rotation: 0 };
    const spec = st.spec;
    return {
      id: st.id,
      type: st.type,
      model: spec.model,
      x: place.x, z: place.z, rotation: place.rotation,
      servers: st.units.length,
      capacity: st.type === 'buffer' || st.type === 'conveyor' ? (Number.isFinite(st.capacity) ? st.capacity : null) : null,
      length: spec.type === 'conveyor' ? spec.length : undefined,
      transit: spec.type === 'conveyor' ? st.transit : undefined,
      inputs: st.inputs.map((i) => w.stations[i]!.id),
      outputs: st.outputs.map((i) => w.stations[i]!.id),
      params: paramsOf(st),
    };
  });
}

/** Parts currently inside stations: on machine units, in buffers and on conveyors. */
export function partsInPlace(w: World): PartTuple[] {
  const out: PartTuple[] = [];
  for (const st of w.stations) {
    for (const u of st.units) if (u.part >= 0) out.push([w.parts.id[u.part]!, st.index, u.segStart, expectedFinish(w, u)]);
    for (let i = 0; i < st.queue.length && i < 500; i++) {
      const slot = partAt(st.queue, i);
      const readyAt = st.queue.times[(st.queue.head + i) % st.queue.parts.length]!;
      out.push([w.parts.id[slot]!, st.index, readyAt - st.transit, readyAt]);
    }
  }
  return out;
}

/** Rounds to `digits` decimals: KPIs on the wire need no more, and full doubles would triple their size. */
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The once-a-second KPI frame. */
export function kpiFrame(r: SimReport, w: World): KpiFrame {
  const perStation: number[] = [];
  let bn: SimReport['stations'][string] | undefined;
  for (const st of w.stations) {
    const s = r.stations[st.id]!;
    perStation.push(round(s.stateShare.working, 3), round(s.bottleneckShare, 3), round(s.oee.oee, 3));
    if (st.id === r.bottleneck) bn = s;
  }
  return {
    t: round(r.simTime, 3),
    throughputPerHour: round(r.throughputPerHour, 2),
    good: r.produced.good,
    scrap: r.produced.scrap,
    oee: round(r.oee, 4),
    // the line's OEE factors are those of its current bottleneck, the station that sets the pace
    availability: round(bn?.oee.availability ?? 0, 4),
    performance: round(bn?.oee.performance ?? 0, 4),
    quality: round(r.produced.good + r.produced.scrap > 0 ? r.produced.good / (r.produced.good + r.produced.scrap) : 1, 4),
    wip: w.parts.live,
    leadTimeMean: round(r.leadTimeMean, 3),
    kWh: round(r.energy.kWh, 3),
    kWhPerGoodPart: round(r.energy.kWhPerGoodPart, 6),
    powerKW: round(r.energy.powerNowKW, 3),
    peakKW: round(r.energy.peakKW, 3),
    bottleneck: r.bottleneck,
    perStation,
  };
}

/** Everything the inspector shows about one station. */
export function stationDetails(r: SimReport, st: Station): StationDetails {
  const s = r.stations[st.id]!;
  return {
    id: st.id, stateShare: s.stateShare, oee: s.oee, processed: s.processed, good: s.good, scrap: s.scrap,
    failures: s.failures, injectedFaults: s.injectedFaults, mtbfObserved: s.mtbfObserved, mttrObserved: s.mttrObserved,
    energyKWh: s.energyKWh, bottleneckShare: s.bottleneckShare, levelMean: s.levelMean, params: paramsOf(st),
  };
}
