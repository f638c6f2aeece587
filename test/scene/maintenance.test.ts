import { describe, expect, it } from 'vitest';
import { parseScene } from '../../server/scene/index.ts';
import type { MachineSpec } from '../../server/sim/index.ts';
import { issueAt, lineWith, sceneError } from './helpers.ts';

/** The scene keys of issue 12: crews, wear with a signal, maintenance policies; their errors name file and path. */

const WEAR = `wear:
      stages: 4
      stageTime: { dist: exponential, mean: 6h }
      repair: { dist: lognormal, mean: 3h, sd: 1h }
      crew: maintenance
      signal: { name: vibration, unit: mm/s, levels: [2.0, 3.5, 5.5, 8.0], noise: 0.4, every: 1min }
      warnAt: 5.0
      horizon: 4h`;

/** A machine FILL with the given keys (YAML block lines, indented four spaces), and crews. */
function scene(keys: string, crews = 'crews:\n  maintenance: { size: 2 }\n'): string {
  return lineWith(`  - id: FILL\n    type: machine\n    cycleTime: 100ms\n    ${keys}`, crews);
}

const fill = (text: string): MachineSpec => parseScene(text, 'line.yaml').line.stations[1] as MachineSpec;

describe('maintenance scene keys', () => {
  it('reads the issue example: crews, wear with a signal and a warning, a condition policy', () => {
    const text = scene(
      `failures: { mtbf: 8h, mttr: 15min, crew: maintenance }\n    ${WEAR}\n    maintenance: { policy: condition, threshold: 5.0, duration: 45min, crew: maintenance }`,
    );
    const parsed = parseScene(text, 'line.yaml');
    expect(parsed.line.crews).toEqual([{ id: 'maintenance', size: 2 }]);
    const m = parsed.line.stations[1] as MachineSpec;
    expect(m.failures?.crew).toBe('maintenance');
    expect(m.wear).toEqual({
      stages: 4,
      stageTime: { dist: 'exponential', mean: 21_600 },
      basis: 'operating',
      repair: { dist: 'lognormal', mean: 10_800, sd: 3_600 },
      crew: 'maintenance',
      signal: { name: 'vibration', unit: 'mm/s', levels: [2, 3.5, 5.5, 8], noise: 0.4, every: 60 },
      warnAt: 5,
      horizon: 14_400,
    });
    expect(m.maintenance).toEqual({ policy: 'condition', threshold: 5, duration: { dist: 'constant', value: 2_700 }, crew: 'maintenance' });
  });

  it('failures may leave the wear alone (renewsWear), a boolean', () => {
    expect(fill(scene(`failures: { mtbf: 8h, mttr: 15min, renewsWear: false }\n    ${WEAR}`)).failures?.renewsWear).toBe(false);
    const error = sceneError(scene(`failures: { mtbf: 8h, mttr: 15min, renewsWear: sometimes }\n    ${WEAR}`));
    expect(issueAt(error, 'stations[1].failures.renewsWear').message).toBe('expected true or false, received the string "sometimes"');
  });

  it("today's form stays the time policy; predictive takes window and margin", () => {
    expect(fill(scene('maintenance: { every: 16h, duration: 45min }')).maintenance).toEqual({
      policy: 'time',
      every: 57_600,
      duration: { dist: 'constant', value: 2_700 },
    });
    const predictive = fill(scene(`${WEAR}\n    maintenance: { policy: predictive, window: shift-end, margin: 2h, duration: 45min }`));
    expect(predictive.maintenance).toEqual({ policy: 'predictive', margin: 7_200, duration: { dist: 'constant', value: 2_700 } });
  });

  it('prices maintenance: cost in the maintenance block, a price left out is 0, a negative or unknown one is refused', () => {
    const priced = fill(
      scene('maintenance: { policy: none, cost: { technicianPerHour: 80, sparePartsPerRepair: 400, downtimePerHour: 1200 } }'),
    );
    expect(priced.maintenance).toEqual({
      policy: 'none',
      cost: { technicianPerHour: 80, sparePartsPerRepair: 400, sparePartsPerService: 0, downtimePerHour: 1200 },
    });
    const negative = sceneError(scene('maintenance: { policy: none, cost: { technicianPerHour: -1 } }'));
    expect(issueAt(negative, 'stations[1].maintenance.cost.technicianPerHour').message).toBe('a price must be >= 0');
    const unknown = sceneError(scene('maintenance: { policy: none, cost: { sparePartsPerFailure: 10 } }'));
    expect(unknown.issues.some((i) => i.path.startsWith('stations[1].maintenance.cost'))).toBe(true);
  });

  it('unknown policy: the allowed ones', () => {
    const error = sceneError(scene('maintenance: { policy: sometimes, duration: 1h }'), 'line.yaml');
    expect(issueAt(error, 'stations[1].maintenance.policy').message).toBe(
      'expected "none" or "time" or "condition" or "predictive", received the string "sometimes"',
    );
    expect(error.message).toContain('line.yaml: stations[1].maintenance.policy');
  });

  it('levels must match the stages', () => {
    const error = sceneError(scene(WEAR.replace('levels: [2.0, 3.5, 5.5, 8.0]', 'levels: [2.0, 3.5, 8.0]')));
    expect(issueAt(error, 'stations[1].wear.signal.levels').message).toBe('gives 3 levels for 4 stages: give one level per stage');
  });

  it('warnAt and threshold a noiseless signal can never cross, or always crosses', () => {
    const noiseless = WEAR.replace('noise: 0.4', 'noise: 0');
    const high = sceneError(scene(noiseless.replace('warnAt: 5.0', 'warnAt: 9')));
    expect(issueAt(high, 'stations[1].wear.warnAt').message).toMatch(/^9 can never be exceeded or is always exceeded: .* from 2 to 8/);
    const low = sceneError(scene(`${noiseless}\n    maintenance: { policy: condition, threshold: 1, duration: 1h }`));
    expect(issueAt(low, 'stations[1].maintenance.threshold').message).toMatch(/^1 can never be exceeded or is always exceeded/);
    // with noise, any value is a legitimate (if odd) choice
    expect(() => parseScene(scene(WEAR.replace('warnAt: 5.0', 'warnAt: 9')), 'line.yaml')).not.toThrow();
  });

  it('a crew that does not exist, with did-you-mean', () => {
    const error = sceneError(scene('failures: { mtbf: 8h, mttr: 15min, crew: maintenence }'));
    const issue = issueAt(error, 'stations[1].failures.crew');
    expect(issue.message).toBe('unknown crew "maintenence" (crews: maintenance)');
    expect(issue.hint).toBe('did you mean "maintenance"?');
    const none = sceneError(scene('failures: { mtbf: 8h, mttr: 15min, crew: fitters }', ''));
    expect(issueAt(none, 'stations[1].failures.crew').message).toBe('unknown crew "fitters" (the scene has no "crews")');
  });

  it('crew size 0 and negative noise', () => {
    const size = sceneError(scene('cycleTime: 1s'.replace('cycleTime: 1s', 'scrap: 0'), 'crews:\n  maintenance: { size: 0 }\n'));
    expect(issueAt(size, 'crews.maintenance.size').message).toBe('a crew needs at least 1 technician');
    const noise = sceneError(scene(WEAR.replace('noise: 0.4', 'noise: -0.4')));
    expect(issueAt(noise, 'stations[1].wear.signal.noise').message).toBe('the noise is a standard deviation: it must be >= 0');
  });

  it('policies name what they need, and keys of other policies are refused', () => {
    const condition = sceneError(scene(`${WEAR}\n    maintenance: { policy: condition, duration: 1h }`));
    expect(issueAt(condition, 'stations[1].maintenance.threshold').message).toBe(
      'is required by policy condition: the reading above which the machine is serviced',
    );
    const mixed = sceneError(scene('maintenance: { every: 16h, threshold: 5, duration: 1h }'));
    expect(issueAt(mixed, 'stations[1].maintenance.threshold').message).toBe('applies to policy condition, not time');
    const blind = sceneError(scene('maintenance: { policy: condition, threshold: 5, duration: 1h }'));
    expect(issueAt(blind, 'stations[1].maintenance.policy').message).toBe(
      'condition maintenance reads a condition signal: give the machine wear with a signal',
    );
  });
});
