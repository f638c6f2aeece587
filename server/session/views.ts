import { meanOf, type LineSpec, type MachineSpec, type SimReport, type SimView, type StationView } from '../sim/index.ts';
import type { Scene } from '../scene/index.ts';
import type {
  CareParams,
  CrewLive,
  InspectionParams,
  KpiFrame,
  PartTuple,
  ProductInfo,
  ReleaseParams,
  StationDetails,
  StationInfo,
  StationParams,
} from '../protocol/events.ts';

/** Read-only views of a running line in protocol shapes: the static layout, parts in place, KPIs, details. */

/** Wear, signal and policy of a machine that has wear or a maintenance policy (the spec as it runs now). */
function careOf(spec: MachineSpec): CareParams | undefined {
  const { wear, maintenance } = spec;
  if (!wear && !maintenance) return undefined;
  const signal = wear?.signal;
  return {
    stages: wear?.stages ?? 0,
    signal: signal ? { name: signal.name, unit: signal.unit, levels: signal.levels.slice() } : undefined,
    warnAt: wear?.warnAt ?? null,
    policy: maintenance ? (maintenance.policy ?? 'time') : 'none',
    threshold: maintenance?.threshold ?? null,
    every: maintenance?.every ?? null,
  };
}

function paramsOf(st: StationView): StationParams | undefined {
  if (st.units === 0) return undefined;
  const spec = st.spec as MachineSpec;
  const care = careOf(spec);
  return {
    cycleTime: spec.cycleTime,
    cycleTimeMean: meanOf(spec.cycleTime),
    idealCycleTime: spec.idealCycleTime,
    mttr: spec.failures ? meanOf(spec.failures.timeToRepair) : null,
    mtbf: spec.failures ? meanOf(spec.failures.timeToFailure) : null,
    scrap: spec.scrap,
    power: { ...spec.power },
    ...(care ? { care } : {}),
    ...(spec.defects ? { defects: spec.defects.slice() } : {}),
    ...(spec.inspection ? { inspection: inspectionOf(spec.inspection) } : {}),
    ...(spec.repairs !== undefined ? { repairs: spec.repairs } : {}),
    standby: spec.standby ? { ...spec.standby } : null,
  };
}

function inspectionOf(i: NonNullable<MachineSpec['inspection']>): InspectionParams {
  return { detect: i.detect, falseReject: i.falseReject, reject: i.reject === 'scrap' ? 'scrap' : i.reject.to };
}

/** The line's products for the snapshot (lines with `products`), in tag order. */
export function productInfos(line: LineSpec): ProductInfo[] | undefined {
  return line.products?.map((p) => ({ id: p.id, color: p.color, share: p.share }));
}

/** A source's mix and release order now (an operator's, else the line's), in product ids (sources of lines with products). */
function releaseOf(line: LineSpec, st: StationView): ReleaseParams | undefined {
  const products = line.products;
  if (st.spec.type !== 'source' || !products) return undefined;
  const { shares, sequence } = st.spec;
  const seq = sequence ?? line.sequence ?? { kind: 'random' };
  return {
    mix: Object.fromEntries(products.map((p, i) => [p.id, shares?.[i] ?? p.share])),
    sequence:
      seq.kind === 'random' ? 'random' : seq.kind === 'batch' ? { batch: seq.size } : seq.products.map((i) => products[i]?.id ?? String(i)),
  };
}

/** The static layout, with each station's current parameters. */
export function stationInfos(scene: Scene, v: SimView): StationInfo[] {
  return v.stations.map((st) => {
    const place = scene.layout[st.id] ?? { x: 0, z: 0, rotation: 0 };
    const spec = st.spec;
    return {
      id: st.id,
      type: st.type,
      model: spec.model,
      x: place.x,
      z: place.z,
      rotation: place.rotation,
      servers: st.units,
      capacity: st.type === 'buffer' || st.type === 'conveyor' ? (Number.isFinite(st.capacity) ? st.capacity : null) : null,
      length: spec.type === 'conveyor' ? spec.length : undefined,
      transit: spec.type === 'conveyor' ? st.transit : undefined,
      inputs: st.inputs.map((i) => v.stations[i]!.id),
      outputs: st.outputs.map((i) => v.stations[i]!.id),
      params: paramsOf(st),
      release: releaseOf(scene.line, st),
    };
  });
}

/**
 * Parts currently inside stations (on machine units, in buffers and on conveyors, at most 500 per buffer), and
 * [partId, tag] of those whose tag is not 0 (the snapshot's `tags`).
 */
export function partsInPlace(v: SimView): { parts: PartTuple[]; tags: number[] } {
  const parts: PartTuple[] = [];
  const tags: number[] = [];
  for (const p of v.partsInPlace(500)) {
    parts.push([p.part, p.station, p.since, p.readyAt]);
    if (p.tag !== 0) tags.push(p.part, p.tag);
  }
  return { parts, tags };
}

/** Rounds to `digits` decimals: KPIs on the wire need no more, and full doubles would triple their size. */
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The once-a-second KPI frame. */
export function kpiFrame(r: SimReport, v: SimView): KpiFrame {
  const perStation: number[] = [];
  let bn: SimReport['stations'][string] | undefined;
  for (const st of v.stations) {
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
    wip: v.wip(),
    leadTimeMean: round(r.leadTimeMean, 3),
    kWh: round(r.energy.kWh, 3),
    kWhPerGoodPart: round(r.energy.kWhPerGoodPart, 6),
    powerKW: round(r.energy.powerNowKW, 3),
    peakKW: round(r.energy.peakKW, 3),
    bottleneck: r.bottleneck,
    perStation,
    ...(r.crews ? { crews: crewsLive(r.crews) } : {}),
    ...(r.quality ? { lineQuality: qualityLive(r.quality) } : {}),
    ...(r.products ? { products: productsLive(r.products) } : {}),
    ...(r.energy.baseLoadShare !== undefined ? { meter: meterLive(r.energy) } : {}),
  };
}

/** The meter's figures for the KPI frame (only lines with a meter carry baseLoadShare). */
function meterLive(e: SimReport['energy']): NonNullable<KpiFrame['meter']> {
  return {
    ...(e.cost !== undefined ? { cost: round(e.cost, 2) } : {}),
    ...(e.priceNow !== undefined ? { priceNow: e.priceNow, costRate: round(e.powerNowKW * e.priceNow, 3) } : {}),
    ...(e.peakWindowKW !== undefined ? { peakWindowKW: round(e.peakWindowKW, 3), demandCharge: round(e.demandCharge ?? 0, 2) } : {}),
    baseLoadShare: round(e.baseLoadShare ?? 0, 4),
  };
}

/** The line's quality for the KPI frame: yields to 4 decimals, ppm to 1. */
function qualityLive(q: NonNullable<SimReport['quality']>): NonNullable<KpiFrame['lineQuality']> {
  return {
    firstPassYield: round(q.firstPassYield, 4),
    escapes: q.escapes,
    escapePpm: round(q.escapePpm, 1),
    detected: q.detected,
    falseRejects: q.falseRejects,
    defectsMade: q.defectsMade,
  };
}

/** Per product good output and throughput, in the report's (the scene's) product order. */
function productsLive(products: NonNullable<SimReport['products']>): NonNullable<KpiFrame['products']> {
  return Object.entries(products).map(([id, p]) => ({ id, good: p.good, throughputPerHour: round(p.throughputPerHour, 2) }));
}

/** Crews for the KPI frame: a few numbers each, rounded like the rest. */
function crewsLive(crews: NonNullable<SimReport['crews']>): CrewLive[] {
  return Object.entries(crews).map(([id, c]) => ({
    id,
    size: c.size,
    busy: c.busy,
    waiting: c.waiting,
    jobs: c.jobs,
    utilisation: round(c.utilisation, 4),
    meanWait: round(c.meanWait, 1),
  }));
}

/** Everything the inspector shows about one station. */
export function stationDetails(r: SimReport, st: StationView, line: LineSpec): StationDetails {
  const release = releaseOf(line, st);
  const s = r.stations[st.id]!;
  return {
    id: st.id,
    stateShare: s.stateShare,
    oee: s.oee,
    processed: s.processed,
    good: s.good,
    scrap: s.scrap,
    failures: s.failures,
    injectedFaults: s.injectedFaults,
    mtbfObserved: s.mtbfObserved,
    mttrObserved: s.mttrObserved,
    energyKWh: s.energyKWh,
    bottleneckShare: s.bottleneckShare,
    levelMean: s.levelMean,
    params: paramsOf(st),
    ...(s.maintenance ? { maintenance: s.maintenance } : {}),
    ...(s.quality ? { quality: { ...s.quality } } : {}),
    ...(s.changeovers ? { changeovers: structuredClone(s.changeovers) } : {}),
    ...(release ? { release } : {}),
  };
}
