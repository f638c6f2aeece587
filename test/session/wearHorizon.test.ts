import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { runReplication } from '../../server/scene/run.ts';
import { createSession } from '../../server/session/session.ts';

/**
 * Live at the horizon equals `twin run`, with wear, condition signals, a crew and a policy that acts on warnings
 * (so the run-to-failure twin runs alongside): the session is advanced in uneven wall-time slices with tiny CPU
 * budgets (the engine then returns mid-slice at instant boundaries), paused, re-speeded and resumed, and must end
 * at the horizon with exactly the KPIs of a headless run of the same scene and seed.
 */
describe('a wearing line live', () => {
  it('ends at its horizon with exactly the KPIs of twin run, however it was paced', async () => {
    const scene = await loadScene('test/fixtures/wear-line.yaml');
    const session = createSession({ id: 's1', code: 'ABCDEF', sceneKey: 'wear-line', scene, speed: 500 });
    const speeds = [500, 2000, 'max', 1000] as const;
    for (let i = 0; !(session.info().paused && session.sim.now === scene.run.horizon); i++) {
      if (i > 200_000) throw new Error(`stuck at t=${session.sim.now}`);
      if (i % 50 === 0) {
        session.pause();
        session.setSpeed(speeds[(i / 50) % speeds.length]!);
        session.resume();
      }
      session.advance(0.01 + (i % 7) * 0.013, 0.05 + (i % 3)); // wall seconds, CPU budget in ms
    }
    const { engine: _engine, ...headless } = runReplication(scene, {
      horizon: scene.run.horizon,
      warmup: scene.run.warmup,
      seed: scene.run.seed,
      replication: 0,
    });
    const live = session.sim.report();
    expect(live.stations.CNC!.maintenance!.scoredOn).toBe('run-to-failure twin');
    expect(live.stations.CNC!.maintenance!.services).toBeGreaterThan(0);
    expect(JSON.stringify(live)).toBe(JSON.stringify({ ...headless, energy: live.energy }));
  });
});
