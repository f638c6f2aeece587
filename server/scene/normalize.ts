import type { SequenceSpec, FailureSpec, LineSpec, PowerSpec, ProductSpec, RunSpec, StationSpec, StationId } from '../sim/index.ts';
import { resolveEdges } from './flow.ts';
import { placeStations } from './layout.ts';
import { normalizeEnergyPrices, normalizeMeter } from './energySchema.ts';
import type { SceneFile, StationFile } from './schema.ts';
import { normalizeShifts } from './shifts.ts';
import { normalizeCrews, normalizeMaintenance, normalizeWear } from './careSchema.ts';
import type { Scene } from './types.ts';
import { normalizeMachineQuality, normalizeProducts, normalizeSequence } from './qualityNormalize.ts';

/** Run settings used when the file leaves them out: 30 days, no warm-up, seed 1. */
const DEFAULT_RUN: Readonly<RunSpec> = { horizon: 30 * 86_400, warmup: 0, seed: 1 };

/** Default distance between accumulated parts on a conveyor, m. */
const DEFAULT_PITCH = 0.5;

/** The run settings with defaults filled in. */
export function normalizeRun(run: SceneFile['run']): RunSpec {
  return {
    horizon: run?.horizon ?? DEFAULT_RUN.horizon,
    warmup: run?.warmup ?? DEFAULT_RUN.warmup,
    seed: run?.seed ?? DEFAULT_RUN.seed,
  };
}

/** Turn a validated and checked scene file into the engine's specs; it trusts `checkScene` found nothing. */
export function normalizeScene(file: string, scene: SceneFile): Scene {
  const ids = scene.stations.map((s) => s.id);
  const edges = resolveEdges(scene, new Set(ids)).edges.map(({ from, to }) => ({ from, to }));
  const inputsOf = new Map<StationId, StationId[]>();
  for (const { from, to } of edges) {
    const list = inputsOf.get(to);
    if (list) list.push(from);
    else inputsOf.set(to, [from]);
  }
  const products = scene.products === undefined ? undefined : normalizeProducts(scene.products);
  const sequence = products === undefined ? undefined : normalizeSequence(scene.sequence, products);
  const line: LineSpec = {
    name: scene.name,
    // a scene without products leaves both keys out: its spec is exactly what it was before products existed
    ...(products === undefined ? {} : { products, sequence }),
    stations: scene.stations.map((s) => normalizeStation(s, inputsOf, products, sequence)),
    edges,
  };
  if (scene.routing) line.routing = { ...scene.routing };
  if (scene.shifts) line.shifts = normalizeShifts(scene.shifts);
  if (scene.crews) line.crews = normalizeCrews(scene.crews);
  const energy = normalizeEnergyPrices(scene.energy);
  const meter = normalizeMeter(scene.energy);
  if (meter) line.energy = meter;
  return {
    file,
    name: scene.name,
    ...(scene.description === undefined ? {} : { description: scene.description }),
    line,
    run: normalizeRun(scene.run),
    energy,
    layout: placeStations(ids, edges, scene.layout),
  };
}

function normalizeStation(
  s: StationFile,
  inputsOf: ReadonlyMap<StationId, readonly StationId[]>,
  products: readonly ProductSpec[] | undefined,
  sequence: SequenceSpec | undefined,
): StationSpec {
  const base = { id: s.id, ...(s.model === undefined ? {} : { model: s.model }) };
  switch (s.type) {
    case 'source':
      return { ...base, type: 'source', ...(s.interarrival === undefined ? {} : { interarrival: s.interarrival }) };
    case 'buffer':
      return { ...base, type: 'buffer', capacity: s.capacity === 'unlimited' ? Infinity : s.capacity };
    case 'conveyor':
      return {
        ...base,
        type: 'conveyor',
        length: s.length,
        speed: s.speed,
        pitch: s.pitch ?? DEFAULT_PITCH,
        ...(s.power === undefined ? {} : { power: { running: s.power.running, stopped: s.power.stopped ?? 0 } }),
      };
    case 'sink':
      return { ...base, type: 'sink' };
    case 'machine':
    case 'assembly':
    case 'inspection': {
      const inputs =
        s.type === 'assembly' ? (s.inputs ?? Object.fromEntries((inputsOf.get(s.id) ?? []).map((from) => [from, 1]))) : undefined;
      const { cycleTime, idealCycleTime, ...quality } = normalizeMachineQuality(s, products, sequence);
      return {
        ...base,
        type: s.type,
        cycleTime,
        idealCycleTime,
        servers: s.servers ?? 1,
        ...(s.failures === undefined ? {} : { failures: normalizeFailures(s.failures) }),
        scrap: s.scrap ?? 0,
        power: normalizePower(s.power ?? {}),
        ...(s.setup === undefined ? {} : { setup: { every: s.setup.every, duration: s.setup.duration } }),
        ...(s.wear === undefined ? {} : { wear: normalizeWear(s.wear) }),
        ...(s.maintenance === undefined ? {} : { maintenance: normalizeMaintenance(s.maintenance) }),
        ...(inputs === undefined ? {} : { inputs }),
        ...(s.rework === undefined ? {} : { rework: { probability: s.rework.probability, to: s.rework.to } }),
        ...(s.standby === undefined ? {} : { standby: { ...s.standby } }),
        ...quality,
      };
    }
  }
}

type FailuresFile = NonNullable<Extract<StationFile, { type: 'machine' }>['failures']>;

/** One failure model from any of the three file forms; `{mtbf, mttr}` and `{availability, mttr}` are exponential. */
function normalizeFailures(f: FailuresFile): FailureSpec {
  const basis = f.basis ?? 'operating';
  const crew = { ...(f.crew === undefined ? {} : { crew: f.crew }), ...(f.renewsWear === undefined ? {} : { renewsWear: f.renewsWear }) };
  if (f.timeToFailure !== undefined && f.timeToRepair !== undefined) {
    return { timeToFailure: f.timeToFailure, timeToRepair: f.timeToRepair, basis, ...crew };
  }
  const mttr = f.mttr ?? 0;
  const mtbf = f.availability !== undefined ? (f.availability * mttr) / (1 - f.availability) : (f.mtbf ?? 0);
  return { timeToFailure: { dist: 'exponential', mean: mtbf }, timeToRepair: { dist: 'exponential', mean: mttr }, basis, ...crew };
}

type PowerFile = NonNullable<Extract<StationFile, { type: 'machine' }>['power']>;

/**
 * kW in every state: starved/blocked default to `idle` (else 0), setup to starved, maintenance to down, standby to off
 * (a machine without `standby` never uses it; one with it must give it: check.ts), the rest to 0.
 */
function normalizePower(p: PowerFile): PowerSpec {
  const starved = p.starved ?? p.idle ?? 0;
  const down = p.down ?? 0;
  return {
    working: p.working ?? 0,
    starved,
    blocked: p.blocked ?? p.idle ?? 0,
    down,
    setup: p.setup ?? starved,
    maintenance: p.maintenance ?? down,
    off: p.off ?? 0,
    standby: p.standby ?? p.off ?? 0,
  };
}
