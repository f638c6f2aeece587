import { createSimulation, type Simulation } from '../sim/index.ts';
import type { Scene } from '../scene/index.ts';
import type { LoggedIntervention } from './session.ts';

/**
 * Replays a session from its scene, seed and intervention log, headless, up to `until`.
 * Because every intervention was applied at an exact simulated time between engine events, this gives
 * exactly the session's state: the proof that a recorded session can be audited or re-run.
 */
export function replaySession(scene: Scene, seed: number, log: readonly LoggedIntervention[], until: number): Simulation {
  const sim = createSimulation(scene.line, { seed, warmup: scene.run.warmup });
  for (const { t, intervention } of log) {
    sim.runUntil(t);
    const error = sim.apply(intervention);
    if (error) throw new Error(`replay: intervention at t=${t} failed: ${error}`);
  }
  sim.runUntil(until);
  return sim;
}
