import { describe, expect, it } from 'vitest';
import { loadScene } from '../../server/scene/index.ts';
import { createSession } from '../../server/session/session.ts';

/** The meter in the KPI frame: cost, the price in force and the cost rate, the demand peak, the base load share. */
describe('a line with a meter live', () => {
  it('the KPI frame carries what the meter reads, and a line without one carries none', async () => {
    const scene = await loadScene('test/fixtures/energy-line.yaml');
    const session = createSession({ id: 's', code: 'c', sceneKey: 'energy-line', scene, speed: 1 });
    session.fastForward(3 * 3600); // 03:00: inside the 02:00-06:00 window at 0.3
    const kpi = session.kpi();
    const e = session.sim.report().energy;
    expect(kpi.meter).toEqual({
      cost: Math.round(e.cost! * 100) / 100,
      priceNow: 0.3,
      costRate: Math.round(e.powerNowKW * 0.3 * 1000) / 1000,
      peakWindowKW: Math.round(e.peakWindowKW! * 1000) / 1000,
      demandCharge: Math.round(e.demandCharge! * 100) / 100,
      baseLoadShare: Math.round(e.baseLoadShare! * 10_000) / 10_000,
    });
    session.fastForward(7 * 3600);
    expect(session.kpi().meter!.priceNow).toBe(0.1);
    const plain = createSession({ id: 'p', code: 'd', sceneKey: 'wear', scene: await loadScene('test/fixtures/wear-line.yaml'), speed: 1 });
    plain.fastForward(600);
    expect(plain.kpi().meter).toBeUndefined();
  });
});
