import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  DistSpec,
  Intervention as EngineIntervention,
  MachineState as EngineState,
  SimReport,
  MaintenanceReport,
  CrewReport,
  StationReport,
  StationType,
} from '../../server/sim/index.ts';
import * as engine from '../../server/sim/index.ts';
import { MACHINE_STATES } from '../../server/sim/index.ts';
import * as wire from '../../server/protocol/events.ts';
import { MACHINE_STATE_CODES, type Intervention, type MachineState, type StationInfo } from '../../server/protocol/events.ts';
import { distSchema, interventionSchema, MAX_PRODUCTS, type Dist } from '../../server/protocol/schemas.ts';
import type { CrewWire, KpiReportWire, MaintenanceWire, StationKpisWire } from '../../server/protocol/report.ts';
import { distObjectSchema } from '../../server/scene/distSchema.ts';

/**
 * The protocol owns the wire, and the engine has its own types: these checks fail (at compile time, in `npm run
 * lint`'s tsc, and at run time here) the moment the two drift apart, e.g. a distribution the engine samples that
 * an operator cannot send.
 */

const EVERY_DIST: DistSpec[] = [
  { dist: 'constant', value: 2 },
  { dist: 'exponential', mean: 3 },
  { dist: 'uniform', min: 1, max: 2 },
  { dist: 'triangular', min: 1, mode: 2, max: 4 },
  { dist: 'normal', mean: 5, sd: 1 },
  { dist: 'lognormal', mean: 5, sd: 2 },
  { dist: 'weibull', shape: 2, scale: 10 },
  { dist: 'erlang', k: 3, mean: 6 },
  { dist: 'empirical', values: [1, 2, 3], weights: [1, 1, 2] },
];

describe('the protocol and the engine agree', () => {
  it('on types (compile time)', () => {
    expectTypeOf<Dist>().toEqualTypeOf<DistSpec>();
    expectTypeOf<Intervention>().toEqualTypeOf<EngineIntervention>();
    expectTypeOf<MachineState>().toEqualTypeOf<EngineState>();
    expectTypeOf<StationInfo['type']>().toEqualTypeOf<StationType>();
    expectTypeOf<SimReport>().toExtend<KpiReportWire>();
    expectTypeOf<StationReport>().toExtend<StationKpisWire>();
    expectTypeOf<MaintenanceReport>().toEqualTypeOf<MaintenanceWire>();
    expectTypeOf<CrewReport>().toEqualTypeOf<CrewWire>();
  });
  it('on part tags: the flags, the product step and the most products', () => {
    expect([wire.PART_DEFECTIVE, wire.PART_REJECTED, wire.PART_REWORKED, wire.PART_TAG_PRODUCT, MAX_PRODUCTS]).toEqual([
      engine.PART_DEFECTIVE,
      engine.PART_REJECTED,
      engine.PART_REWORKED,
      engine.PART_TAG_PRODUCT,
      engine.MAX_PRODUCTS,
    ]);
  });
  it('on machine state codes, in order', () => {
    expect([...MACHINE_STATE_CODES]).toEqual([...MACHINE_STATES]);
  });
  it('on every distribution: an operator can send each one the engine samples, as the scene format writes it', () => {
    for (const d of EVERY_DIST) {
      expect(distSchema.parse(d)).toEqual(d);
      expect(distObjectSchema.parse(d)).toEqual(d);
      expect(interventionSchema.parse({ type: 'set', station: 'M1', param: 'cycleTime', value: d })).toEqual({
        type: 'set',
        station: 'M1',
        param: 'cycleTime',
        value: d,
      });
    }
    const kinds = new Set(EVERY_DIST.map((d) => d.dist));
    expect(kinds.size).toBe(distSchema.options.length);
  });
  it('on power: one figure per machine state, no other key', () => {
    const power = Object.fromEntries(MACHINE_STATES.map((s, i) => [s, i + 1]));
    expect(interventionSchema.safeParse({ type: 'set', station: 'M1', param: 'power', value: power }).success).toBe(true);
    expect(interventionSchema.safeParse({ type: 'set', station: 'M1', param: 'power', value: { idle: 1 } }).success).toBe(false);
  });
});
