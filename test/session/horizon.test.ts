import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { runReplication, settingsFor } from '../../server/scene/run.ts';
import { createSession } from '../../server/session/session.ts';
import type { SimReport } from '../../server/sim/index.ts';

/**
 * Live at the horizon equals `twin run`: the session is advanced in uneven wall-time slices with tiny CPU budgets
 * (the engine then returns mid-slice at instant boundaries), paused, re-speeded and resumed, and must end at the
 * horizon with exactly the KPIs of a headless run of the same scene and seed. On lines with the engine's companions
 * too: a run-to-failure twin (wear and a policy that acts on warnings), a standby-off twin and a meter (energy), and
 * parts that carry products and defects (quality).
 */
const CASES: Array<[string, string, (r: SimReport) => void]> = [
  [
    'a wearing line with a crew and a policy that acts on warnings',
    'test/fixtures/wear-line.yaml',
    (r) => {
      expect(r.stations.CNC!.maintenance!.scoredOn).toBe('run-to-failure twin');
      expect(r.stations.CNC!.maintenance!.services).toBeGreaterThan(0);
    },
  ],
  [
    'a line with two products, defects, an inspection and a repair station',
    'test/fixtures/quality-live.yaml',
    (r) => {
      expect(r.quality!.detected).toBeGreaterThan(0);
      expect(r.stations.M1!.changeovers!['A->B']!.count).toBeGreaterThan(0);
    },
  ],
  [
    'a line with a tariff, a demand charge, base load, a powered belt and standby',
    'test/fixtures/energy-line.yaml',
    (r) => {
      expect(r.energy.standbySavings!.kWh).toBeGreaterThan(0);
      expect(r.stations.M1!.stateShare.standby).toBeGreaterThan(0);
      expect(r.energy.demandCharge).toBeGreaterThan(0);
    },
  ],
];

describe('live at the horizon', () => {
  it.each(CASES)('%s ends with exactly the KPIs of twin run, however it was paced', async (_name, file, check) => {
    const scene = await loadScene(file);
    const session = createSession({ id: 's1', code: 'ABCDEF', sceneKey: 'horizon', scene, speed: 500 });
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
    const { engine: _engine, ...headless } = runReplication(scene, settingsFor(scene, {}));
    const live = session.sim.report();
    check(live);
    // a flat price is applied by twin run outside the engine; a meter's figures are the engine's, in both
    expect(JSON.stringify(live)).toBe(JSON.stringify(scene.line.energy ? headless : { ...headless, energy: live.energy }));
  });
});
