import type { LineSpec } from './spec.ts';
import { isMachineType, MACHINE_STATES, type MachineState, type Seconds, type StationId } from './types.ts';
import type { LineState } from './lineState.ts';
import { lineStateOf } from './lineStateOf.ts';
import type { SimObserver } from './observer.ts';
import type { Simulation } from './simulation.ts';
import { buildReport } from './kpi.ts';
import { createSimView } from './view.ts';
import { SimulationError } from './guard.ts';
import { createWorld, openBooks, K_BUFFER, K_CONVEYOR, K_SINK, type Station, type World } from './model/world.ts';
import { flushStates } from './model/unit.ts';
import { expectedVisits } from './model/visits.ts';
import { mirrorFault, mirrorLevel, mirrorPart, mirrorRepair, mirrorState } from './model/mirrorBook.ts';

/**
 * A mirror: a Simulation whose line is driven by a real line's feed instead of the model. Its world has no model
 * events (no cycles, failures or arrivals are drawn); each fed event books what the plant says (a state, a part done,
 * a level, a fault, a repair) through the engine's own books, so report(), the view and the observer describe the
 * real line exactly as they describe a simulated one. Pure and deterministic: the same events give the same report
 * however runUntil slices the time.
 */

/** One event of a real line, as the mirror takes it (the plant log's form: server/plantlog, docs/plant.md). */
export type MirrorEvent =
  | { t: Seconds; station: StationId; event: 'state'; unit: number; state: MachineState }
  | { t: Seconds; station: StationId; event: 'part'; unit: number; result: 'good' | 'scrap'; product?: string | undefined }
  | { t: Seconds; station: StationId; event: 'level'; level: number }
  | { t: Seconds; station: StationId; event: 'fault'; unit: number; cause: 'failure' | 'injected' }
  | { t: Seconds; station: StationId; event: 'repair'; unit: number };

/** Options of a mirror. */
export interface MirrorOptions {
  /** What the session calls the mirrored line, for the refusal of interventions. */
  name?: string | undefined;
  observer?: SimObserver | null | undefined;
}

/** A mirror of a real line: a Simulation plus its feed and the state a fork starts from. */
export interface Mirror extends Simulation {
  /**
   * Queues an event; runUntil books it once the clock passes its time. An event earlier than the clock is booked at
   * the clock (late news). Returns why an event does not fit the line (and queues nothing), or null.
   */
  feed(event: MirrorEvent): string | null;
  /** Events queued and not booked yet. */
  readonly pending: number;
  /** The line's state now, as the feed told it: a fork's start (SimOptions.initial). Phase times are left out. */
  state(): LineState;
}

/** The sink a machine's good parts leave the line at: through buffers and conveyors only, or -1. */
function sinkOf(w: World, st: Station, seen = new Set<number>()): number {
  for (const o of st.outputs) {
    const next = w.stations[o]!;
    if (next.kind === K_SINK) return next.index;
    if ((next.kind === K_BUFFER || next.kind === K_CONVEYOR) && !seen.has(o)) {
      seen.add(o);
      const sink = sinkOf(w, next, seen);
      if (sink >= 0) return sink;
    }
  }
  return -1;
}

/** Why `e` does not fit the line, or null. */
function misfit(w: World, byId: ReadonlyMap<string, Station>, e: MirrorEvent): string | null {
  if (!Number.isFinite(e.t) || e.t < 0) return `t must be a time in seconds >= 0, not ${e.t}`;
  const st = byId.get(e.station);
  if (st === undefined) return `no station "${e.station}" in the scene; its stations are ${[...byId.keys()].join(', ')}`;
  if (e.event === 'level') {
    if (st.kind !== K_BUFFER && st.kind !== K_CONVEYOR) return `${st.id} is a ${st.type}: levels are for buffers and conveyors`;
    if (!Number.isInteger(e.level) || e.level < 0 || e.level > st.capacity)
      return `${st.id} holds 0 to ${st.capacity} parts, not ${e.level}`;
    return null;
  }
  if (!isMachineType(st.type)) return `${st.id} is a ${st.type}: ${e.event} events are for machines`;
  if (!Number.isInteger(e.unit) || e.unit < 0 || e.unit >= st.units.length)
    return `${st.id} has units 0 to ${st.units.length - 1}, not unit ${e.unit}`;
  if (e.event === 'state' && !MACHINE_STATES.includes(e.state)) return `no machine state "${String(e.state)}"`;
  if (e.event === 'part' && e.product !== undefined && !(w.line.products ?? []).some((p) => p.id === e.product))
    return `no product "${e.product}" on this line`;
  return null;
}

/** Creates the mirror of `line` at time 0: every machine unit starved, every store empty, nothing counted. */
export function createMirror(line: LineSpec, options: MirrorOptions = {}): Mirror {
  const w = createWorld(line, 0, 0, options.observer ?? null);
  w.visits = expectedVisits(w);
  openBooks(w);
  const byId = new Map(w.stations.map((st) => [st.id, st]));
  const sinks = w.stations.map((st) => (st.units.length > 0 ? sinkOf(w, st) : -1));
  const products = (line.products ?? []).map((p) => p.id);
  const queue: MirrorEvent[] = [];
  let head = 0;
  const view = createSimView(w);
  const name = options.name ?? 'a real line';

  const book = (e: MirrorEvent): void => {
    const st = byId.get(e.station)!;
    if (e.event === 'level') mirrorLevel(w, st, e.level);
    else {
      const u = st.units[e.unit]!;
      if (e.event === 'state') mirrorState(w, u, e.state);
      else if (e.event === 'part')
        mirrorPart(w, u, e.result === 'scrap', e.product === undefined ? -1 : products.indexOf(e.product), sinks[st.index]!);
      else if (e.event === 'fault') mirrorFault(w, u, e.cause === 'injected');
      else mirrorRepair(w, u);
    }
    flushStates(w);
  };

  const mirror: Mirror = {
    get now() {
      return w.now;
    },
    get events() {
      return w.events;
    },
    get operations() {
      return w.operations;
    },
    get pending() {
      return queue.length - head;
    },
    view,
    feed(event) {
      const why = misfit(w, byId, event);
      if (why !== null) return why;
      const e = event.t < w.now ? { ...event, t: w.now } : event;
      let at = queue.length;
      while (at > head && queue[at - 1]!.t > e.t) at--; // after every event of the same time: their order holds
      queue.splice(at, 0, e);
      return null;
    },
    runUntil(t, maxEvents = Infinity) {
      // a mirror's clock follows its feed: 'max' past a replay's end (or a live feed) would run it to the end of time
      if (!Number.isFinite(t))
        throw new SimulationError(`a mirror of ${name} cannot run to time ${t}: past the feed's end, choose a speed`);
      let n = 0;
      while (head < queue.length && queue[head]!.t < t) {
        const e = queue[head++]!;
        w.now = e.t;
        book(e);
        w.events++;
        const next = queue[head];
        if (++n >= maxEvents && next !== undefined && next.t > e.t && next.t < t) {
          w.now = next.t;
          compact();
          return false;
        }
      }
      compact();
      if (t > w.now) w.now = t;
      return true;
    },
    report: () => buildReport(w),
    apply: () => `this session mirrors ${name}: it follows the plant, so it takes no interventions; fork a what-if to try one`,
    state() {
      const s = lineStateOf(mirror);
      // the plant does not say how long a phase has left: a fork draws it from the scene (exact for exponential times)
      for (const units of Object.values(s.units)) for (const u of units) delete u.remaining;
      return s;
    },
  };
  // booked events leave the queue now and then, so a month-long replay does not keep them all
  const compact = (): void => {
    if (head > 4096 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };
  return mirror;
}
