import { describe, expect, it } from 'vitest';
import { interventionFor } from '../../server/training/controls.ts';
import { loadScenario } from '../../server/training/load.ts';

/** Training treats an inspection station as a machine: it can fail, be the bottleneck, be repaired and slowed. */

describe('an inspection station in training', () => {
  it('a scenario may fault it, ask for it and let trainees repair and slow it', async () => {
    const scenario = await loadScenario('test/fixtures/quality/camera-scenario.yaml');
    expect(scenario.steps[0]?.action).toEqual({ kind: 'intervene', intervention: { type: 'fault', station: 'CAM', duration: 30 } });
    expect(interventionFor(scenario.controls, { action: 'repair', station: 'CAM' }, scenario.scene)).toEqual({
      type: 'repair',
      station: 'CAM',
    });
    expect(interventionFor(scenario.controls, { action: 'speed', station: 'CAM', percent: 50 }, scenario.scene)).toEqual({
      type: 'set',
      station: 'CAM',
      param: 'cycleTime',
      value: { dist: 'constant', value: 1 },
    });
  });
});
