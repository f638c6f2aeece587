import type { Simulation, Seconds } from '../sim/index.ts';

/**
 * Line measures over a trailing window of simulated time, for task checks: throughput, mean power, the
 * momentary bottleneck and the biggest energy user. The engine's report is cumulative since the end of
 * warm-up, so the meter keeps cumulative totals sampled at exact sim times and takes differences; a warm-up
 * restart inside a window shortens it to the time since. Reading the report never changes the run.
 */

/** Sim seconds between samples: the resolution of windows. */
export const SAMPLE_SECONDS = 15;

interface Totals {
  t: Seconds;
  measureStart: Seconds;
  good: number;
  kWh: number;
  /** Per machine: seconds as momentary bottleneck (sole + shifting), kWh used. */
  bottleneck: number[];
  energy: number[];
}

/** Windowed measures of one running simulation. */
export interface LineMeter {
  /** Records the totals at the engine's current time. */
  sample(): void;
  /** Good parts per hour over the last `window` s. */
  throughput(window: Seconds): number;
  /** Mean power (kW) over the last `window` s. */
  meanPower(window: Seconds): number;
  /** The machine that was the momentary bottleneck longest over the last `window` s ('' if none). */
  bottleneck(window: Seconds): string;
  /** The machine that used the most energy over the last `window` s. */
  mostEnergy(window: Seconds): string;
}

/** A meter over `sim`, keeping enough samples for windows up to `maxWindow` s. */
export function createLineMeter(sim: Simulation, maxWindow: Seconds): LineMeter {
  const machines = sim.view.machines.map((i) => sim.view.stations[i]!.id);
  const keep = Math.ceil(maxWindow / SAMPLE_SECONDS) + 2;
  const samples: Totals[] = [];

  const totals = (): Totals => {
    const r = sim.report();
    return {
      t: sim.now,
      measureStart: sim.now - r.observedSeconds,
      good: r.produced.good,
      kWh: r.energy.kWh,
      bottleneck: machines.map((id) => r.stations[id]!.bottleneckShare * r.observedSeconds),
      energy: machines.map((id) => r.stations[id]!.energyKWh),
    };
  };

  // Now minus the latest sample at or before now - window (or the oldest kept); totals restart at warm-up.
  const delta = (window: Seconds): { span: Seconds; now: Totals; base: Totals | null } => {
    const now = totals();
    let base: Totals | null = null;
    for (let i = samples.length - 1; i >= 0; i--) {
      base = samples[i]!;
      if (base.t <= now.t - window) break;
    }
    if (!base || base.t < now.measureStart) return { span: now.t - now.measureStart, now, base: null };
    return { span: now.t - base.t, now, base };
  };
  const argmax = (now: number[], base: number[] | undefined): string => {
    let best = '',
      bestValue = 0;
    now.forEach((v, i) => {
      const d = v - (base?.[i] ?? 0);
      if (d > bestValue) {
        bestValue = d;
        best = machines[i]!;
      }
    });
    return best;
  };

  return {
    sample() {
      samples.push(totals());
      if (samples.length > keep) samples.shift();
    },
    throughput(window) {
      const { span, now, base } = delta(window);
      return span > 0 ? ((now.good - (base?.good ?? 0)) * 3600) / span : 0;
    },
    meanPower(window) {
      const { span, now, base } = delta(window);
      return span > 0 ? ((now.kWh - (base?.kWh ?? 0)) * 3600) / span : sim.view.powerKW();
    },
    bottleneck(window) {
      const { now, base } = delta(window);
      return argmax(now.bottleneck, base?.bottleneck);
    },
    mostEnergy(window) {
      const { now, base } = delta(window);
      return argmax(now.energy, base?.energy);
    },
  };
}
