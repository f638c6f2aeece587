import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../server/sim/simulation.ts';
import { expectCovers, replicate } from '../helpers/replicate.ts';
import type { LineSpec } from '../../server/sim/spec.ts';
import { MACHINE_STATES } from '../../server/sim/types.ts';
import { constant, exp, machine, serial } from '../helpers/lines.ts';

/**
 * The simulator against results it must reproduce: queueing theory and exact identities.
 * Each check runs independent replications with fixed seeds and asserts that the 99% confidence interval
 * of the replication means covers the theoretical value, and that the interval is narrow enough to mean
 * something (a wide interval would cover anything).
 */

describe('M/M/1 queue (lambda 0.8/s, mu 1/s)', () => {
  const lambda = 0.8,
    mu = 1;
  const line = serial([
    { id: 'IN', type: 'source', interarrival: exp(1 / lambda) },
    { id: 'Q', type: 'buffer', capacity: Infinity },
    machine('M', exp(1 / mu)),
    { id: 'OUT', type: 'sink' },
  ]);
  const reports = replicate(line, 12, 60_000, 5_000);
  const rho = lambda / mu;

  it('throughput equals the arrival rate', () => {
    expectCovers(
      reports.map((r) => r.throughputPerHour),
      lambda * 3600,
      0.02,
    );
  });
  it('mean number in system L = rho / (1 - rho)', () => {
    expectCovers(
      reports.map((r) => r.wipMean),
      rho / (1 - rho),
      0.1,
    );
  });
  it('mean time in system W = 1 / (mu - lambda)', () => {
    expectCovers(
      reports.map((r) => r.leadTimeMean),
      1 / (mu - lambda),
      0.1,
    );
  });
  it('server utilisation equals rho', () => {
    expectCovers(
      reports.map((r) => r.stations.M!.stateShare.working),
      rho,
      0.02,
    );
  });
  it("Little's law L = lambda_eff x W holds in every replication", () => {
    for (const r of reports) {
      const lambdaEff = r.throughputPerHour / 3600;
      expect(r.wipMean).toBeCloseTo(lambdaEff * r.leadTimeMean, 1);
      expect(Math.abs(r.wipMean - lambdaEff * r.leadTimeMean) / r.wipMean).toBeLessThan(0.01);
    }
  });
  it('p95 lead time matches the exponential sojourn time quantile', () => {
    // In M/M/1 (FIFO) the time in system is exponential with rate mu - lambda.
    expectCovers(
      reports.map((r) => r.leadTimeP95),
      -Math.log(0.05) / (mu - lambda),
      0.1,
    );
  });
});

describe('single unreliable machine', () => {
  const c = 1,
    mtbf = 90,
    mttr = 10;
  const line = serial([
    { id: 'IN', type: 'source' },
    machine('M', constant(c), { failures: { timeToFailure: exp(mtbf), timeToRepair: exp(mttr), basis: 'operating' } }),
    { id: 'OUT', type: 'sink' },
  ]);
  const reports = replicate(line, 10, 200_000, 1_000);

  it('throughput = (1/c) x MTBF / (MTBF + MTTR)', () => {
    expectCovers(
      reports.map((r) => r.throughputPerHour),
      ((3600 / c) * mtbf) / (mtbf + mttr),
      0.02,
    );
  });
  it('availability and observed MTBF / MTTR match the inputs', () => {
    expectCovers(
      reports.map((r) => r.stations.M!.oee.availability),
      mtbf / (mtbf + mttr),
      0.02,
    );
    expectCovers(
      reports.map((r) => r.stations.M!.mtbfObserved),
      mtbf,
      0.05,
    );
    expectCovers(
      reports.map((r) => r.stations.M!.mttrObserved),
      mttr,
      0.05,
    );
  });
  it('performance is 1 with constant cycle times, quality 1 without scrap', () => {
    for (const r of reports) {
      // the part in progress at the horizon has working time but is not yet counted: at most one cycle in 200,000 s
      expect(r.stations.M!.oee.performance).toBeCloseTo(1, 4);
      expect(r.stations.M!.oee.quality).toBe(1);
    }
  });
});

describe('calendar-basis failures', () => {
  it('a machine that can fail while starved is down MTTR/(MTBF+MTTR) of the time', () => {
    const mtbf = 50,
      mttr = 5;
    const line = serial([
      { id: 'IN', type: 'source', interarrival: exp(4) },
      { id: 'Q', type: 'buffer', capacity: Infinity },
      machine('M', exp(1), { failures: { timeToFailure: exp(mtbf), timeToRepair: exp(mttr), basis: 'calendar' } }),
      { id: 'OUT', type: 'sink' },
    ]);
    const reports = replicate(line, 10, 100_000, 1_000);
    expectCovers(
      reports.map((r) => r.stations.M!.stateShare.down),
      mttr / (mtbf + mttr),
      0.05,
    );
  });

  describe('with shifts: the failure and repair clocks run through the night, the night is off', () => {
    // A saturated machine with calendar failures (MTBF 1 h, MTTR 10 min, both exponential), Mon-Fri 06:00-22:00.
    // Up and down times alternate whatever the shift calendar does, so at any moment of a shift the machine is down
    // with probability MTTR / (MTBF + MTTR): availability 60 / 70 = 0.857. Outside the shifts every second is off.
    const mtbf = 3600,
      mttr = 600,
      day = 86_400,
      weeks = 6;
    const power = { working: 10, starved: 2, blocked: 2, down: 4, setup: 5, maintenance: 3, off: 0.5, standby: 0 };
    const shifts = [0, 1, 2, 3, 4].map((d) => ({ start: d * day + 6 * 3600, end: d * day + 22 * 3600 }));
    const line = serial(
      [
        { id: 'IN', type: 'source' },
        machine('M', constant(10), { power, failures: { timeToFailure: exp(mtbf), timeToRepair: exp(mttr), basis: 'calendar' } }),
        { id: 'OUT', type: 'sink' },
      ],
      { shifts },
    );
    const reports = replicate(line, 10, weeks * 7 * day, 0);

    it('availability = MTBF / (MTBF + MTTR), and observed MTTR is the mean time from failure to repair', () => {
      expectCovers(
        reports.map((r) => r.stations.M!.oee.availability),
        mtbf / (mtbf + mttr),
        0.02,
      );
      expectCovers(
        reports.map((r) => r.stations.M!.mttrObserved),
        mttr,
        0.05,
      );
    });
    it('every second outside the shifts is off, and costs off power', () => {
      for (const r of reports) {
        const m = r.stations.M!;
        expect(m.stateShare.off).toBeCloseTo(1 - 80 / 168, 12);
        const hours = (share: number): number => (share * r.observedSeconds) / 3600;
        expect(m.energyKWh).toBeCloseTo(10 * hours(m.stateShare.working) + 4 * hours(m.stateShare.down) + 0.5 * hours(m.stateShare.off), 6);
      }
    });
  });
});

describe('deterministic balanced and unbalanced lines', () => {
  it('throughput = 1 / max cycle time, exactly', () => {
    const line = serial([
      { id: 'IN', type: 'source' },
      machine('M1', constant(1)),
      { id: 'B1', type: 'buffer', capacity: 2 },
      machine('M2', constant(2)),
      { id: 'B2', type: 'buffer', capacity: 2 },
      machine('M3', constant(1.5)),
      { id: 'OUT', type: 'sink' },
    ]);
    const sim = createSimulation(line, { seed: 1, warmup: 100 });
    sim.runUntil(100 + 36_000);
    const r = sim.report();
    expect(Math.abs(r.produced.good - 18_000)).toBeLessThanOrEqual(1);
    expect(r.bottleneck).toBe('M2');
    expect(r.stations.M2!.stateShare.working).toBeCloseTo(1, 6);
    expect(r.stations.M1!.stateShare.blocked).toBeCloseTo(0.5, 3);
    expect(r.stations.M3!.stateShare.starved).toBeCloseTo(0.25, 3);
  });
});

describe('invariants', () => {
  const power = { working: 12, starved: 3, blocked: 2.5, down: 0.5, setup: 6, maintenance: 1, off: 0.1, standby: 0 };
  const line = serial(
    [
      { id: 'IN', type: 'source' },
      machine('M1', exp(1), {
        power,
        failures: { timeToFailure: exp(90), timeToRepair: exp(10), basis: 'operating' },
        setup: { every: 50, duration: constant(20) },
        maintenance: { every: 3600, duration: constant(600) },
      }),
      { id: 'B1', type: 'buffer', capacity: 5 },
      machine(
        'M2',
        { dist: 'triangular', min: 0.5, mode: 1, max: 2 },
        { power, servers: 2, scrap: 0.05, failures: { timeToFailure: exp(200), timeToRepair: exp(20), basis: 'calendar' } },
      ),
      { id: 'C1', type: 'conveyor', length: 6, speed: 0.5, pitch: 0.5 },
      machine('M3', exp(0.9), { power }),
      { id: 'OUT', type: 'sink' },
    ],
    { shifts: [0, 1, 2, 3, 4].map((d) => ({ start: d * 86400 + 6 * 3600, end: d * 86400 + 22 * 3600 })) },
  );
  const sim = createSimulation(line, { seed: 3, warmup: 86400 });
  sim.runUntil(15 * 86400);
  const r = sim.report();

  it('state shares of every machine sum to 1', () => {
    for (const id of ['M1', 'M2', 'M3']) {
      const shares = MACHINE_STATES.map((s) => r.stations[id]!.stateShare[s]);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
    }
    // the shift calendar (16 h x 5 days of 168 h) shows up as off time
    expect(r.stations.M3!.stateShare.off).toBeGreaterThan(0.45);
    expect(r.stations.M1!.stateShare.setup).toBeGreaterThan(0);
    expect(r.stations.M1!.stateShare.maintenance).toBeGreaterThan(0);
  });
  it('energy = sum over states of power x time in state', () => {
    let total = 0;
    for (const [id, servers] of [
      ['M1', 1],
      ['M2', 2],
      ['M3', 1],
    ] as const) {
      const s = r.stations[id]!;
      const expected = MACHINE_STATES.reduce((acc, st) => acc + (power[st] * s.stateShare[st] * r.observedSeconds * servers) / 3600, 0);
      expect(s.energyKWh).toBeCloseTo(expected, 6);
      total += expected;
    }
    expect(r.energy.kWh).toBeCloseTo(total, 6);
    expect(r.energy.kWhPerGoodPart).toBeCloseTo(total / r.produced.good, 9);
    expect(r.energy.peakKW).toBeLessThanOrEqual(12 * 4 + 1e-9);
    expect(r.energy.peakKW).toBeGreaterThan(12);
  });
  it('parts are conserved: good + scrap + WIP = parts created', () => {
    const { good, scrap } = sim.report().produced;
    expect(sim.view.partsCreated()).toBe(good + scrap + sim.view.wip() + countBeforeWarmup(line));
  });
  it('scrap rate and quality match the scrap probability', () => {
    const m2 = r.stations.M2!;
    expect(m2.scrap / m2.processed).toBeGreaterThan(0.04);
    expect(m2.scrap / m2.processed).toBeLessThan(0.06);
    expect(m2.oee.quality).toBeCloseTo(1 - m2.scrap / m2.processed, 12);
  });
});

// Parts that finished during warm-up are not in good/scrap; count them from a run stopped at warm-up.
function countBeforeWarmup(line: LineSpec): number {
  const again = createSimulation(line, { seed: 3 });
  again.runUntil(86400);
  const { good, scrap } = again.report().produced;
  return good + scrap;
}
