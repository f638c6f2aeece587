import { performance } from 'node:perf_hooks';
import { createSimulation, lineStateOf, SimulationError } from '../sim/index.ts';
import type { Intervention, LineSpec, LineState, SimOptions, Simulation, SimReport } from '../sim/index.ts';
import type { Scene } from '../scene/index.ts';
import type {
  EnergyBreakdown,
  ForkInfo,
  Frame,
  KpiFrame,
  LogEntry,
  MirrorInfo,
  Role,
  SessionInfo,
  Snapshot,
  StationDetails,
} from '../protocol/events.ts';
import { PROTOCOL_VERSION } from '../protocol/events.ts';
import { createRecorder, type Recorder } from './recorder.ts';
import { kpiFrame, partsInPlace, productInfos, stationDetails, stationInfos } from './views.ts';
import { describeIntervention } from './describe.ts';
import { energyBreakdown } from './energyBreakdown.ts';

/**
 * One running simulation of one scene, watched by any number of clients. The session owns the engine and
 * its pacing: `advance` moves the simulated clock by speed x wall time, in slices, within a wall-time budget,
 * so a slow engine slows the session, never the server. Pacing never changes results: the engine gives the
 * same answer however its run is sliced. Interventions are applied at the current simulated time and
 * logged, so scene + seed + intervention log replays the session exactly (see replay.ts).
 */

/**
 * Events the engine runs between two looks at the wall clock (about a millisecond of CPU): the wall budget of a
 * pacing tick is checked after each chunk.
 */
const CHUNK_EVENTS = 10_000;

/** An intervention as applied: when, and what. */
export interface LoggedIntervention {
  t: number;
  intervention: Intervention;
}

/**
 * Work due at exact simulated times (a training scenario's steps, a story's end): `advance` never runs the
 * engine past `due()`, and calls `fire()` with the clock exactly there, so what it does is replayable.
 */
export interface SimTimer {
  /** The next simulated time (s) at which `fire` must run; Infinity when nothing is due. */
  due(): number;
  /** Runs with the engine at `due()`; it may intervene, pause or resume the session, and must move `due()` on. */
  fire(): void;
}

/**
 * A change made to a session from outside the engine, as applied: the session journal records these (with the
 * simulated time) so that scene + seed + commands bring the session back after a restart (server/session/persist.ts).
 */
export type SessionCommand =
  | { op: 'intervene'; intervention: Intervention; by?: string | undefined }
  | { op: 'speed'; speed: number | 'max' }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'step'; seconds: number }
  | { op: 'reset'; seed: number };

/** A running engine of a session; one that knows the line's state better than its view tells it (a mirror) says so. */
export type SessionSimulation = Simulation & { state?(): LineState };

/**
 * A session's engine other than the scene's simulation: a mirror of a real line (server/mirror) or a what-if forked
 * from a state. `create` runs on start and on every reset, with the options the session would give createSimulation.
 */
export interface SessionEngine {
  readonly mirror?: MirrorInfo | undefined;
  readonly forkOf?: ForkInfo | undefined;
  /** Why the speed cannot be changed, pausing and stepping included (a live feed runs at the plant's pace); else absent. */
  readonly fixedPace?: string | undefined;
  create(line: LineSpec, options: SimOptions): SessionSimulation;
}

/** How a session starts: its seed (default the scene's), speed (default 1) and the simulated time it opens at. */
export interface SessionStart {
  /** The engine, when it is not the scene's simulation (a mirror, a fork); such sessions are not kept across restarts. */
  engine?: SessionEngine | undefined;
  seed?: number | undefined;
  speed?: number | 'max' | undefined;
  /** Simulated time (s) the session opens at, and returns to on a reset: the engine runs there at once. Default 0. */
  start?: number | undefined;
  /** Opens paused (a fork: the operator sets up the what-if, then resumes). */
  paused?: boolean | undefined;
}

export interface SessionOptions extends SessionStart {
  id: string;
  code: string;
  sceneKey: string;
  scene: Scene;
}

export interface Session {
  readonly id: string;
  readonly sceneKey: string;
  readonly scene: Scene;
  readonly seed: number;
  readonly sim: Simulation;
  readonly interventions: readonly LoggedIntervention[];
  viewers: number;
  /** Work at exact simulated times (see SimTimer); at most one per session. */
  timer: SimTimer | null;
  /**
   * Viewers may join only with the join code (a training class): its room, snapshot and broadcasts carry the
   * code, so joining by the listed id would hand the code to anyone.
   */
  codeOnly: boolean;
  info(): SessionInfo;
  /** The line's state now (a fork's start): a mirror's as its feed told it, else as the running engine's view tells it. */
  lineState(): LineState;
  snapshot(role: Role): Snapshot;
  kpi(): KpiFrame;
  details(station: string): StationDetails | null;
  /** Where the line's kWh went (the energy view). */
  energyBreakdown(): EnergyBreakdown;
  /** Latest condition-signal reading of every wearing unit that has read: [station, unit, value, stage, warned] tuples, as in Frame.readings. */
  readings(): number[];
  /** Advances by `wallSeconds` of wall time at the session's speed, spending at most `budgetMs` of CPU. */
  advance(wallSeconds: number, budgetMs: number): void;
  takeFrame(): Frame | null;
  takeLog(): LogEntry[];
  /** The most recent log entries, oldest first (the ring late joiners get). */
  recentLog(): LogEntry[];
  setSpeed(speed: number | 'max'): void;
  pause(): void;
  resume(): void;
  /** While paused: run `seconds` of simulated time (at full speed, over the next ticks). Returns the target time. */
  step(seconds: number): number;
  /** Applies an intervention now; returns an error message (nothing changed) or null. */
  intervene(intervention: Intervention, by?: string): string | null;
  /** Starts the scene again from its start time (same seed unless given). */
  reset(seed?: number): void;
  /** Hears every command once it is applied, with the simulated time it was applied at (the session journal's hook). */
  onCommand(listener: (command: SessionCommand, t: number) => void): void;
  /**
   * Restoring: runs the engine to exactly `t` as the pacing loop would have, whatever the speed and without a CPU
   * budget (timers fire at their times, the horizon pauses a running session, a timer's pause stops it early).
   */
  fastForward(t: number): void;
}

/** Creates a session paused at time 0 only if speed is 0; otherwise running. */
export function createSession(options: SessionOptions): Session {
  const { scene } = options;
  const horizon = scene.run.horizon;
  let seed = options.seed ?? scene.run.seed;
  const startAt = Math.min(options.start ?? 0, horizon);
  let speed: number | 'max' = options.speed ?? 1;
  let paused = options.paused ?? false;
  let stepTo = -1; // target of a pending single step, -1 if none
  let recorder: Recorder;
  let sim: SessionSimulation;
  const engine = options.engine;
  let interventions: LoggedIntervention[] = [];
  /**
   * The last report and what it was read at: the KPI frame, every inspector and every energy view between two
   * events share one (a report walks every station, twice on a line with a standby-off twin).
   */
  let lastReport: { sim: Simulation; now: number; events: number; interventions: number; report: SimReport } | null = null;
  const report = (): SimReport => {
    const at = { sim, now: sim.now, events: sim.events, interventions: interventions.length };
    const r = lastReport;
    if (r && r.sim === at.sim && r.now === at.now && r.events === at.events && r.interventions === at.interventions) return r.report;
    lastReport = { ...at, report: sim.report() };
    return lastReport.report;
  };
  const listeners: Array<(command: SessionCommand, t: number) => void> = [];
  const told = (command: SessionCommand, t = sim.now): void => {
    for (const listener of listeners) listener(command, t);
  };

  const start = (): void => {
    recorder = createRecorder();
    recorder.setSpeed(speed);
    const simOptions = { seed, warmup: scene.run.warmup, observer: recorder };
    sim = engine ? engine.create(scene.line, simOptions) : createSimulation(scene.line, simOptions);
    if (startAt > 0) sim.runUntil(startAt); // before the recorder attaches: a joiner gets this state in the snapshot
    recorder.attach(sim.view);
    interventions = [];
  };
  start();

  // Fires the timer while it is due; true when that paused the session (outside a pending step): stop there.
  const fireDue = (): boolean => {
    const timer = session.timer;
    for (let guard = 0; timer && guard < 10_000 && timer.due() <= sim.now; guard++) {
      timer.fire();
      if (paused && !(stepTo > sim.now)) return true;
    }
    return false;
  };

  // Runs the engine towards `target` in chunks of CHUNK_EVENTS events until done or the wall budget is spent;
  // returns true if reached. The engine returns after each chunk, so the budget holds inside a slice too: however
  // dense the line's events, one session never keeps the event loop from other sessions and HTTP for long.
  const runToward = (target: number, budgetMs: number): boolean => {
    const begin = performance.now();
    while (sim.now < target) {
      if (fireDue()) return true;
      sim.runUntil(Math.min(target, session.timer?.due() ?? Infinity), CHUNK_EVENTS);
      if (performance.now() - begin >= budgetMs) {
        if (sim.now < target) return false;
        break; // reached just as the budget ran out: work due at the target still runs now
      }
    }
    fireDue(); // work due exactly at the target runs now, not a tick later
    return true;
  };

  // An engine that cannot go on (a livelock, a time that is not finite: see sim/guard.ts) pauses the session and
  // tells its viewers why; the server and the other sessions carry on. Resuming tries again and stops again.
  const guarded = (run: () => void): void => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      paused = true;
      stepTo = -1;
      recorder.log({ t: sim.now, kind: 'alarm', station: error.station, text: `simulation stopped: ${error.message}` });
    }
  };

  const stopAtHorizon = (): void => {
    if (sim.now >= horizon && !paused && horizon > 0) {
      paused = true;
      recorder.log({ t: sim.now, kind: 'control', text: `end of the scene's horizon: paused (resume to run on)` });
    }
  };

  // a live mirror runs at the plant's pace: its clock is the feed's
  const paced = (): void => {
    if (engine?.fixedPace) throw new Error(engine.fixedPace);
  };

  const session: Session = {
    id: options.id,
    sceneKey: options.sceneKey,
    scene,
    get seed() {
      return seed;
    },
    get sim() {
      return sim;
    },
    get interventions() {
      return interventions;
    },
    viewers: 0,
    timer: null,
    codeOnly: false,
    info: () => ({
      id: options.id,
      code: options.code,
      scene: options.sceneKey,
      sceneName: scene.name,
      seed,
      speed,
      paused,
      simTime: sim.now,
      viewers: session.viewers,
      ...(engine?.mirror ? { mirror: engine.mirror } : {}),
      ...(engine?.forkOf ? { forkOf: engine.forkOf } : {}),
    }),
    lineState: () => (sim.state ? sim.state() : lineStateOf(sim)),
    snapshot(role) {
      const v = sim.view;
      const readings = recorder.latestReadings();
      const { parts, tags } = partsInPlace(v);
      const products = productInfos(scene.line);
      return {
        protocol: PROTOCOL_VERSION,
        role,
        session: session.info(),
        stations: stationInfos(scene, v),
        states: v.stations.map((st) => Array.from({ length: st.units }, (_, k) => v.unitState(st.index, k))),
        levels: v.stations.map((st) => v.level(st.index)),
        parts,
        kpi: session.kpi(),
        log: recorder.recentLog(),
        ...(readings.length > 0 ? { readings } : {}),
        ...(products ? { products } : {}),
        ...(tags.length > 0 ? { tags } : {}),
      };
    },
    kpi: () => kpiFrame(report(), sim.view),
    details(station) {
      const st = sim.view.stations.find((s) => s.id === station);
      return st ? stationDetails(report(), st, scene.line) : null;
    },
    energyBreakdown: () => energyBreakdown(report(), sim.view),
    readings: () => recorder.latestReadings(),
    advance(wallSeconds, budgetMs) {
      guarded(() => {
        if (paused) {
          if (stepTo > sim.now && runToward(stepTo, budgetMs)) stepTo = -1;
          return;
        }
        // Before the horizon the session stops exactly at it, so its KPIs there equal a headless run's.
        const cap = sim.now < horizon ? horizon : Infinity;
        const target = speed === 'max' ? cap : Math.min(cap, sim.now + speed * wallSeconds);
        runToward(target, budgetMs);
        stopAtHorizon();
      });
    },
    takeFrame: () => recorder.takeFrame(sim.now),
    takeLog: () => recorder.takeLog(),
    recentLog: () => recorder.recentLog(),
    setSpeed(next) {
      paced();
      speed = next;
      recorder.setSpeed(next);
      recorder.log({ t: sim.now, kind: 'control', text: `speed set to ${next === 'max' ? 'max' : `${next}x`}` });
      told({ op: 'speed', speed: next });
    },
    pause() {
      paced();
      paused = true;
      recorder.log({ t: sim.now, kind: 'control', text: 'paused' });
      told({ op: 'pause' });
    },
    resume() {
      paused = false;
      stepTo = -1;
      recorder.log({ t: sim.now, kind: 'control', text: 'resumed' });
      told({ op: 'resume' });
    },
    step(seconds) {
      paced();
      paused = true;
      stepTo = Math.max(stepTo, sim.now) + seconds;
      told({ op: 'step', seconds });
      return stepTo;
    },
    intervene(intervention, by) {
      const error = sim.apply(intervention);
      if (error) return error;
      interventions.push({ t: sim.now, intervention });
      recorder.log({ t: sim.now, kind: 'intervention', station: intervention.station, text: describeIntervention(intervention, by) });
      told({ op: 'intervene', intervention, by });
      return null;
    },
    reset(nextSeed) {
      const at = sim.now;
      if (nextSeed !== undefined) seed = nextSeed;
      start();
      stepTo = -1;
      recorder.log({ t: sim.now, kind: 'control', text: `reset (seed ${seed})` });
      told({ op: 'reset', seed }, at);
    },
    onCommand(listener) {
      listeners.push(listener);
    },
    fastForward(t) {
      guarded(() => {
        if (paused) {
          runToward(t, Infinity); // a pending step, as advance runs it
          if (stepTo >= 0 && !(stepTo > sim.now)) stepTo = -1;
          return;
        }
        runToward(sim.now < horizon ? Math.min(t, horizon) : t, Infinity);
        stopAtHorizon();
      });
    },
  };
  return session;
}
