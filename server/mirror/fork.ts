import { createSimulation, type LineSpec, type LineState, type SimObserver, type Simulation } from '../sim/index.ts';
import type { Scene } from '../scene/index.ts';
import type { Session, SessionEngine } from '../session/session.ts';

/**
 * "Fork what-if": a simulated session of a session's scene that starts from that session's state now (a mirror's, as
 * its feed told it), to ask what the next hours bring if something changes. The fork's random streams come from its
 * own seed; what the state leaves out (phase times left) it draws from the scene.
 */

/** Simulated time a fork runs past its start before it pauses (resume runs on): a day. */
const FORK_HORIZON = 86_400;

/** The simulation of `line` from `state`, with `seed`: the one place a fork's engine is made. */
export function forkSimulation(line: LineSpec, seed: number, state: LineState, observer: SimObserver | null = null): Simulation {
  return createSimulation(line, { seed, initial: state, observer });
}

/**
 * The scene and engine of a fork of `from` now. A state that does not fit the scene (it always should) is refused
 * when the session creates the engine: createSimulation checks it.
 */
export function forkSession(from: Session, seed: number): { scene: Scene; engine: SessionEngine } {
  const state = from.lineState();
  return {
    // measured from the fork: no warm-up; the horizon a day on
    scene: { ...from.scene, run: { ...from.scene.run, seed, warmup: 0, horizon: state.t + FORK_HORIZON } },
    engine: {
      forkOf: { session: from.id, t: state.t },
      create: (line, options) => forkSimulation(line, seed, state, options.observer ?? null),
    },
  };
}
