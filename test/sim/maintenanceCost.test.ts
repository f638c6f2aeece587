import { describe, expect, it } from 'vitest';
import type { LineSpec, MachineSpec, MaintenanceCostSpec } from '../../server/sim/spec.ts';
import type { SimReport } from '../../server/sim/kpi.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import { constant, exp, machine, serial } from '../helpers/lines.ts';
import { expectCovers, replicate } from '../helpers/replicate.ts';

/**
 * Maintenance cost (docs/maintenance.md): constant-time cases whose technician hours, spare parts and down time
 * can be counted by hand, a shared crew where waiting is down time but not technician time, and the guarantee
 * that pricing a machine changes nothing but the cost it reports.
 */

const HOUR = 3600;
const DAY = 86_400;
const PRICES: MaintenanceCostSpec = { technicianPerHour: 60, sparePartsPerRepair: 200, sparePartsPerService: 50, downtimePerHour: 1000 };

function saturated(m: MachineSpec, extra: Partial<LineSpec> = {}): LineSpec {
  return serial([{ id: 'IN', type: 'source' }, m, { id: 'OUT', type: 'sink' }], extra);
}

function run(line: LineSpec, horizon: number, warmup = 0, seed = 3): SimReport {
  const sim = createSimulation(line, { seed, warmup });
  sim.runUntil(horizon);
  return sim.report();
}

/** Two constant 1 h stages, a constant 30 min repair: a wear-out failure every 2.5 h of calendar time. */
const wearing = (extra: Partial<MachineSpec> = {}): MachineSpec =>
  machine('M', constant(10), {
    wear: { stages: 2, stageTime: constant(HOUR), basis: 'operating', repair: constant(0.5 * HOUR), horizon: HOUR },
    ...extra,
  });

describe('maintenance cost, constant times (checkable by hand)', () => {
  it('run to failure: failures at 2, 4.5, ..., 22 h; 9 repairs of 0.5 h by 24 h', () => {
    const report = run(saturated(wearing({ maintenance: { policy: 'none', cost: PRICES } })), 24 * HOUR);
    const cost = report.stations.M!.maintenance!.cost!;
    expect(report.stations.M!.maintenance!.wearOutFailures).toBe(9);
    expect(cost.technicianHours).toBeCloseTo(4.5, 9); // no crew: the repair's time is the technician's
    expect(cost.downtimeHours).toBeCloseTo(4.5, 9);
    expect(cost.technician).toBeCloseTo(4.5 * 60, 6);
    expect(cost.spareParts).toBeCloseTo(9 * 200, 6);
    expect(cost.downtime).toBeCloseTo(4.5 * 1000, 6);
    expect(cost.total).toBeCloseTo(270 + 1800 + 4500, 6);
    expect(report.maintenanceCost).toEqual(cost); // one priced machine: the line total is its cost
  });

  it('time policy: a 6 min service every 1 h of operation; a service across the warm-up counts only its measured part', () => {
    const line = saturated(
      machine('M', constant(10), { maintenance: { policy: 'time', every: HOUR, duration: constant(360), cost: PRICES } }),
    );
    // services at 1-1.1, 2.1-2.2, ..., 10.9-11 h; measured from 1.05 h: 10 services, 0.05 + 9 x 0.1 technician hours
    const report = run(line, 11.05 * HOUR, 1.05 * HOUR);
    const cost = report.stations.M!.maintenance!.cost!;
    expect(report.stations.M!.maintenance!.services).toBe(10);
    expect(cost.technicianHours).toBeCloseTo(0.95, 9);
    expect(cost.downtimeHours).toBe(0); // a service is planned maintenance, not down time
    expect(cost.total).toBeCloseTo(0.95 * 60 + 10 * 50, 6);
  });

  it('a job at work at the end of the run counts up to now', () => {
    const report = run(saturated(wearing({ maintenance: { policy: 'none', cost: PRICES } })), 2.25 * HOUR);
    expect(report.stations.M!.maintenance!.cost!.technicianHours).toBeCloseTo(0.25, 9);
    expect(report.stations.M!.maintenance!.cost!.downtimeHours).toBeCloseTo(0.25, 9);
  });

  it('with a crew, waiting for a technician is down time but not technician time', () => {
    // two units fail together at 2 h; one technician repairs one, then the other: 1 h of repair work, 1.5 unit-hours down
    const line = saturated(
      wearing({ servers: 2, wear: { ...wearing().wear!, crew: 'c' }, maintenance: { policy: 'none', cost: PRICES } }),
      {
        crews: [{ id: 'c', size: 1 }],
      },
    );
    const report = run(line, 3 * HOUR);
    const m = report.stations.M!.maintenance!;
    expect(m.wearOutFailures).toBe(2);
    expect(m.cost!.technicianHours).toBeCloseTo(1, 9);
    expect(m.cost!.downtimeHours).toBeCloseTo(1.5, 9);
    expect(m.waitingForCrew).toBeCloseTo(0.5 * HOUR, 6);
  });
});

describe('maintenance cost with warnings scored on the run-to-failure twin', () => {
  it("is this run's cost, not the twin's: services priced, the twin's failures not", () => {
    const line = saturated(
      machine('M', constant(10), {
        wear: {
          stages: 4,
          stageTime: exp(HOUR),
          basis: 'operating',
          repair: constant(0.5 * HOUR),
          horizon: HOUR,
          warnAt: 2.5,
          signal: { name: 'v', unit: 'mm/s', levels: [1, 2, 3, 4], noise: 0, every: 60 },
        },
        maintenance: { policy: 'condition', threshold: 2.5, duration: constant(600), cost: PRICES },
      }),
    );
    const m = run(line, 10 * DAY, DAY).stations.M!.maintenance!;
    expect(m.scoredOn).toBe('run-to-failure twin');
    expect(m.failuresAvoided).toBeGreaterThan(0);
    expect(m.services).toBeGreaterThan(0);
    expect(m.cost!.spareParts).toBeCloseTo(m.wearOutFailures * 200 + m.services * 50, 6);
    expect(m.cost!.technicianHours).toBeGreaterThan(((m.services - 1) * 600) / HOUR - 1e-9); // 10 min a service
  });
});

describe('maintenance cost, random failures (renewal reward)', () => {
  it('technician hours per hour = MTTR / (MTBF + MTTR) with exponential failures and no crew', () => {
    const mtbf = 4 * HOUR,
      mttr = HOUR;
    const line = saturated(
      machine('M', constant(10), {
        failures: { timeToFailure: exp(mtbf), timeToRepair: exp(mttr), basis: 'calendar' },
        maintenance: { policy: 'none', cost: PRICES },
      }),
    );
    const reports = replicate(line, 10, 60 * DAY, DAY);
    expectCovers(
      reports.map((r) => (r.stations.M!.maintenance!.cost!.technicianHours * HOUR) / r.observedSeconds),
      mttr / (mtbf + mttr),
      0.1,
    );
  });
});

describe('pricing changes nothing else', () => {
  const machines = (cost: MaintenanceCostSpec | undefined): MachineSpec[] => [
    machine('A', constant(8), {
      failures: { timeToFailure: exp(3 * HOUR), timeToRepair: exp(HOUR / 2), basis: 'operating', crew: 'c' },
      maintenance: { policy: 'time', every: 5 * HOUR, duration: constant(600), ...(cost ? { cost } : {}) },
    }),
    machine('B', constant(9), {
      failures: { timeToFailure: exp(2 * HOUR), timeToRepair: exp(HOUR / 2), basis: 'calendar' },
      ...(cost ? { maintenance: { policy: 'none', cost } } : {}),
    }),
  ];
  const line = (cost?: MaintenanceCostSpec): LineSpec =>
    serial([{ id: 'IN', type: 'source' }, ...machines(cost), { id: 'OUT', type: 'sink' }], { crews: [{ id: 'c', size: 1 }] });

  it('a priced line reports the same KPIs as the unpriced one, plus the costs; the line total is their sum', () => {
    const priced = run(line(PRICES), 10 * DAY, DAY);
    const plain = run(line(), 10 * DAY, DAY);
    expect(priced.throughputPerHour).toBe(plain.throughputPerHour);
    expect(priced.stations.A!.stateShare).toEqual(plain.stations.A!.stateShare);
    expect(priced.stations.B!.failures).toBe(plain.stations.B!.failures);
    const { cost: costA, ...restA } = priced.stations.A!.maintenance!;
    expect(restA).toEqual(plain.stations.A!.maintenance);
    const costB = priced.stations.B!.maintenance!.cost!;
    expect(plain.maintenanceCost).toBeUndefined();
    expect(priced.maintenanceCost!.total).toBeCloseTo(costA!.total + costB.total, 6);
    expect(costA!.total).toBeGreaterThan(0);
  });
});
