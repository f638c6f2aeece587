import { performance } from 'node:perf_hooks';
import { createSimulation, type LineState, type Seconds, type SimObserver, type SimReport } from '../sim/index.ts';
import type { Scene } from './types.ts';

/** The settings of one headless run; missing ones come from the scene's `run` block. */
export interface RunSettings {
  horizon: Seconds;
  warmup: Seconds;
  seed: number;
  replication: number;
}

/** A report with the engine's own figures. */
export interface RunResult extends Omit<SimReport, 'energy'> {
  energy: SimReport['energy'];
  engine: { events: number; operations: number; wallSeconds: number };
}

/**
 * Runs one replication of a scene to its horizon and returns its KPIs. From an `initial` state (a fork) the run
 * opens at the state's time t, and horizon and warm-up count from there: it covers [t + warmup, t + horizon).
 */
export function runReplication(scene: Scene, settings: RunSettings, observer?: SimObserver, initial?: LineState): RunResult {
  const started = performance.now();
  const t0 = initial?.t ?? 0;
  const sim = createSimulation(scene.line, {
    seed: settings.seed,
    replication: settings.replication,
    warmup: t0 + settings.warmup,
    observer: observer ?? null,
    ...(initial === undefined ? {} : { initial }),
  });
  sim.runUntil(t0 + settings.horizon);
  const report = sim.report();
  // without a meter (no tariff, demand charge, CO2 profile or base load) a flat price and CO2 factor apply here
  const { pricePerKWh, co2PerKWh } = scene.energy;
  const energy = {
    ...(pricePerKWh !== undefined
      ? { cost: report.energy.kWh * pricePerKWh, costPerGoodPart: report.energy.kWhPerGoodPart * pricePerKWh }
      : {}),
    ...(co2PerKWh !== undefined ? { co2Kg: report.energy.kWh * co2PerKWh, co2PerGoodPart: report.energy.kWhPerGoodPart * co2PerKWh } : {}),
    ...report.energy,
  };
  const savings = energy.standbySavings;
  if (pricePerKWh !== undefined && savings && savings.cost === undefined) {
    // the standby-off twin's energy at the same flat price
    const w = savings.without;
    energy.standbySavings = {
      ...savings,
      cost: savings.kWh * pricePerKWh,
      without: { ...w, cost: w.kWh * pricePerKWh, costPerGoodPart: w.kWhPerGoodPart * pricePerKWh },
    };
  }
  return {
    ...report,
    energy,
    engine: { events: sim.events, operations: sim.operations, wallSeconds: (performance.now() - started) / 1000 },
  };
}

/** The scene's run settings with overrides (from CLI flags) applied. */
export function settingsFor(scene: Scene, overrides: { [K in keyof RunSettings]?: RunSettings[K] | undefined }): RunSettings {
  return {
    horizon: overrides.horizon ?? scene.run.horizon,
    warmup: overrides.warmup ?? scene.run.warmup,
    seed: overrides.seed ?? scene.run.seed,
    replication: overrides.replication ?? 0,
  };
}
