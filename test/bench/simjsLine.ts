/**
 * The benchmark's standard line written with the npm package `simjs` (SIM.JS 2.0.3), as faithfully and as
 * efficiently as simjs allows, so test/bench/engine.ts can compare LineTwin's engine against it.
 *
 * The line: an unlimited source, n machines in series with exponential processing times (mean 1 s), buffers
 * of capacity 5 between them (simjs Buffer), a sink, and exponential failures per machine (MTBF 100 s of
 * operating time, MTTR 10 s). Blocking after service: a machine that finished a part and finds no room
 * downstream keeps it (its putBuffer request waits in the buffer's put queue) and takes no new part.
 *
 * Operating-time failures are modelled with a per-machine "time to failure left" clock: a processing
 * segment runs min(work left, ttf left); if the clock runs out first the machine goes down for the repair
 * time and then resumes the same part. This is exact for operating-time failures and costs one simjs timer
 * per segment, the cheapest form simjs allows (no cancelled timers, no interrupt events).
 *
 * Random numbers come from simjs's own Random (Mersenne Twister), one stream per machine and purpose.
 *
 * Run alone: `npx tsx test/bench/simjsLine.ts [horizonSeconds] [machines] [seed]` prints its throughput.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/* eslint-disable @typescript-eslint/no-explicit-any */
type SimNs = any;

let simNs: SimNs = null; // loaded on first use

/** Loads simjs, which under Node registers itself only as `window.Sim` (its browserify bundle exports nothing). */
function loadSimjs(): SimNs {
  if (simNs) return simNs;
  const g = globalThis as any;
  const hadWindow = 'window' in g;
  const savedWindow = g.window;
  const fakeWindow: Record<string, unknown> = {};
  g.window = fakeWindow;
  try {
    const require = createRequire(import.meta.url);
    require('simjs');
  } finally {
    if (hadWindow) g.window = savedWindow;
    else delete g.window;
  }
  simNs = fakeWindow.Sim as SimNs;
  if (!simNs || typeof simNs.Sim !== 'function') throw new Error('simjs did not register window.Sim');
  return simNs;
}

export interface SimjsLineResult {
  machines: number;
  horizonSeconds: number;
  wallSeconds: number;
  /** Part-steps: a machine finishing one part. */
  partSteps: number;
  /** simjs calendar entries scheduled (PQueue insertions: timers and zero-delay buffer grants). */
  events: number;
  /** Parts reaching the sink. */
  produced: number;
  throughputPerHour: number;
  /** Per machine: share of time working, failures counted. */
  stations: Record<string, { working: number; failures: number; processed: number }>;
}

export interface SimjsLineOptions {
  machines?: number;
  bufferCapacity?: number;
  meanProcessing?: number;
  mtbf?: number;
  mttr?: number;
  seed?: number;
}

interface Counters {
  partSteps: number;
  produced: number;
}

let MachineClass: any = null;

/** The machine entity class, built once against the loaded simjs namespace. */
function machineClass(Sim: SimNs): any {
  if (MachineClass) return MachineClass;
  class Machine extends Sim.Entity {
    up: any = null;
    down: any = null;
    rngProc: any = null;
    rngFail: any = null;
    rngRepair: any = null;
    meanProc = 1;
    mtbf = 100;
    mttr = 10;
    counters: Counters = { partSteps: 0, produced: 0 };
    /** Processing time left on the current part. */
    left = 0;
    /** Operating time left until the next failure. */
    ttf = 0;
    busy = 0;
    failures = 0;
    processed = 0;

    start(cfg: any): void {
      this.up = cfg.up;
      this.down = cfg.down;
      this.rngProc = cfg.rngProc;
      this.rngFail = cfg.rngFail;
      this.rngRepair = cfg.rngRepair;
      this.meanProc = cfg.meanProc;
      this.mtbf = cfg.mtbf;
      this.mttr = cfg.mttr;
      this.counters = cfg.counters;
      this.ttf = this.draw(this.rngFail, this.mtbf);
      if (this.up === null)
        this.beginPart(); // the first machine is never starved
      else this.fetch();
    }

    /** Exponential variate from simjs's Random; 1 - u keeps the log finite (random() can return 0). */
    draw(rng: any, mean: number): number {
      return -Math.log(1 - rng.random()) * mean;
    }

    /** Waits for a part in the upstream buffer. */
    fetch(): void {
      this.getBuffer(this.up, 1).done(this.beginPart);
    }

    beginPart(): void {
      this.left = this.draw(this.rngProc, this.meanProc);
      this.work();
    }

    /** Runs the part until it is done or the failure clock runs out, whichever comes first. */
    work(): void {
      const left = this.left;
      const ttf = this.ttf;
      if (ttf < left) {
        this.left = left - ttf;
        this.ttf = 0;
        this.busy += ttf;
        this.setTimer(ttf).done(this.onFail);
      } else {
        this.left = 0;
        this.ttf = ttf - left;
        this.busy += left;
        this.setTimer(left).done(this.onDone);
      }
    }

    /** Failure mid-part: down for the repair time, then a fresh failure clock and the same part resumes. */
    onFail(): void {
      this.failures++;
      this.setTimer(this.draw(this.rngRepair, this.mttr)).done(this.onRepaired);
    }

    onRepaired(): void {
      this.ttf = this.draw(this.rngFail, this.mtbf);
      this.work();
    }

    /** Part finished: pass it on (blocking while the downstream buffer is full), then take the next one. */
    onDone(): void {
      this.processed++;
      this.counters.partSteps++;
      if (this.down === null) {
        this.counters.produced++;
        this.next();
      } else {
        this.putBuffer(this.down, 1).done(this.next);
      }
    }

    next(): void {
      if (this.up === null) this.beginPart();
      else this.fetch();
    }
  }
  MachineClass = Machine;
  return Machine;
}

/** Builds and runs the standard line in simjs for `horizonSeconds` of simulated time. */
export function runSimjsLine(horizonSeconds: number, options: SimjsLineOptions = {}): SimjsLineResult {
  const Sim = loadSimjs();
  const n = options.machines ?? 5;
  const capacity = options.bufferCapacity ?? 5;
  const seed = options.seed ?? 1;
  const Machine = machineClass(Sim);

  const t0 = performance.now();
  const sim = new Sim.Sim();
  const counters: Counters = { partSteps: 0, produced: 0 };
  const buffers: any[] = [];
  for (let i = 1; i < n; i++) buffers.push(new Sim.Buffer(`B${i}`, capacity, 0));
  const machines: any[] = [];
  for (let i = 0; i < n; i++) {
    const base = (seed * 1009 + i * 31) >>> 0;
    machines.push(
      sim.addEntity(Machine, `M${i + 1}`, {
        up: i === 0 ? null : buffers[i - 1],
        down: i === n - 1 ? null : buffers[i],
        rngProc: new Sim.Random(base + 1),
        rngFail: new Sim.Random(base + 2),
        rngRepair: new Sim.Random(base + 3),
        meanProc: options.meanProcessing ?? 1,
        mtbf: options.mtbf ?? 100,
        mttr: options.mttr ?? 10,
        counters,
      }),
    );
  }
  sim.simulate(horizonSeconds);
  const wallSeconds = (performance.now() - t0) / 1000;

  const stations: SimjsLineResult['stations'] = {};
  for (const m of machines) {
    stations[m.name] = { working: m.busy / horizonSeconds, failures: m.failures, processed: m.processed };
  }
  return {
    machines: n,
    horizonSeconds,
    wallSeconds,
    partSteps: counters.partSteps,
    events: sim.queue.order as number,
    produced: counters.produced,
    throughputPerHour: (counters.produced / horizonSeconds) * 3600,
    stations,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const horizon = Number(process.argv[2] ?? 100_000);
  const machines = Number(process.argv[3] ?? 5);
  const seed = Number(process.argv[4] ?? 1);
  const r = runSimjsLine(horizon, { machines, seed });
  console.log(
    JSON.stringify(
      {
        ...r,
        partStepsPerSecond: Math.round(r.partSteps / r.wallSeconds),
        eventsPerSecond: Math.round(r.events / r.wallSeconds),
      },
      null,
      2,
    ),
  );
}
