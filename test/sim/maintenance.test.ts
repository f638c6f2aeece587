import { describe, expect, it } from 'vitest';
import type { LineSpec, MachineSpec, StationSpec, WearSpec } from '../../server/sim/spec.ts';
import { createSimulation } from '../../server/sim/simulation.ts';
import { constant, exp, machine, serial } from '../helpers/lines.ts';
import { ci99, expectCovers, replicate } from '../helpers/replicate.ts';

/**
 * Wear, condition signals, warnings, maintenance policies and crews against theory (docs/maintenance.md derives
 * each value): renewal-reward throughput of a wearing machine, the precision and recall of a noiseless warning,
 * and the finite-source machine-repairman queue for a shared crew. 99% intervals over fixed-seed replications.
 */

const HOUR = 3600;
const DAY = 86_400;

/** One saturated machine: an unlimited source, the machine, a sink. */
function saturated(m: MachineSpec, extra: Partial<LineSpec> = {}): LineSpec {
  return serial([{ id: 'IN', type: 'source' }, m, { id: 'OUT', type: 'sink' }], extra);
}

const STAGE = 1 * HOUR; // mean stage time, exponential
const CYCLE = 10; // s per part
const EVERY = 60; // s between readings

function wear(extra: Partial<WearSpec> = {}): WearSpec {
  return {
    stages: 4,
    stageTime: exp(STAGE),
    basis: 'operating',
    repair: constant(0.5 * HOUR),
    horizon: 1 * HOUR,
    signal: { name: 'vibration', unit: 'mm/s', levels: [1, 2, 3, 4], noise: 0, every: EVERY },
    ...extra,
  };
}

describe('a single saturated machine with wear and no random failures (renewal reward)', () => {
  it('policy none: throughput = parts/h x n m / (n m + repair)', () => {
    const line = saturated(machine('M', constant(CYCLE), { wear: wear(), maintenance: { policy: 'none' } }));
    const reports = replicate(line, 10, 40 * DAY, 2 * DAY);
    const op = 4 * STAGE;
    expectCovers(
      reports.map((r) => r.throughputPerHour),
      (HOUR / CYCLE) * (op / (op + 0.5 * HOUR)),
      0.02,
    );
    for (const r of reports) expect(r.stations.M!.maintenance!.services).toBe(0);
  });

  it('policy condition, threshold crossed on entering stage 3: throughput = parts/h x E[op] / (E[op] + service)', () => {
    const service = 10 * 60;
    const line = saturated(
      machine('M', constant(CYCLE), { wear: wear(), maintenance: { policy: 'condition', threshold: 2.5, duration: constant(service) } }),
    );
    const reports = replicate(line, 10, 40 * DAY, 2 * DAY);
    // two whole stages, then on average half a reading interval to the first reading above the threshold and half
    // a part to finish the current one
    const op = 2 * STAGE + EVERY / 2 + CYCLE / 2;
    expectCovers(
      reports.map((r) => r.throughputPerHour),
      (HOUR / CYCLE) * (op / (op + service)),
      0.02,
    );
    // stages 3 and 4 would have to pass within a minute for a wear-out failure to come first
    const failures = reports.reduce((a, r) => a + r.stations.M!.maintenance!.wearOutFailures, 0);
    const services = reports.reduce((a, r) => a + r.stations.M!.maintenance!.services, 0);
    expect(failures / services).toBeLessThan(0.002);
    // a service is planned maintenance: booked `maintenance`, out of planned busy time
    expect(reports[0]!.stations.M!.stateShare.maintenance).toBeGreaterThan(0.05);
  });
});

describe('a noiseless warning on entering the last stage', () => {
  const horizon = 1 * HOUR;
  const line = saturated(machine('M', constant(CYCLE), { wear: wear({ warnAt: 3.5, horizon }), maintenance: { policy: 'none' } }));
  const reports = replicate(line, 12, 40 * DAY, 1 * DAY);
  const withinHorizon = 1 - Math.exp(-horizon / STAGE); // P(last stage <= horizon)

  it('precision = P(the last stage ends within the horizon) (exponential stages: exactly, from the warning on)', () => {
    expectCovers(
      reports.map((r) => r.stations.M!.maintenance!.precision),
      withinHorizon,
      0.06,
    );
  });
  it('recall = the same, times the chance that a reading comes in the last stage at all', () => {
    // the first reading comes U(0, every) into the stage: E[exp(-delay / stage)]
    const readingComes = (STAGE / EVERY) * (1 - Math.exp(-EVERY / STAGE));
    expectCovers(
      reports.map((r) => r.stations.M!.maintenance!.recall),
      withinHorizon * readingComes,
      0.06,
    );
  });
  it('the lead time of a right warning is the last stage given it ends within the horizon', () => {
    // E[S | S <= h] for S ~ exp(m): m - h e^(-h/m) / (1 - e^(-h/m))
    const q = Math.exp(-horizon / STAGE);
    expectCovers(
      reports.map((r) => r.stations.M!.maintenance!.meanLeadTime),
      STAGE - (horizon * q) / (1 - q),
      0.06,
    );
  });
});

describe('N machines sharing a crew of r technicians (finite-source M/M/r//N)', () => {
  const N = 5,
    r = 2,
    mtbf = 10 * HOUR,
    mttr = 4 * HOUR;
  const stations: StationSpec[] = [];
  const edges: LineSpec['edges'] = [];
  for (let i = 1; i <= N; i++) {
    stations.push(
      { id: `IN${i}`, type: 'source' },
      machine(`M${i}`, constant(600), {
        failures: { timeToFailure: exp(mtbf), timeToRepair: exp(mttr), basis: 'operating', crew: 'fitters' },
      }),
      { id: `OUT${i}`, type: 'sink' },
    );
    edges.push({ from: `IN${i}`, to: `M${i}` }, { from: `M${i}`, to: `OUT${i}` });
  }
  const line: LineSpec = { name: 'repairman', stations, edges, crews: [{ id: 'fitters', size: r }] };
  const reports = replicate(line, 10, 1000 * DAY, 20 * DAY);

  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  /** Stationary probabilities of k machines down: C(N,k) rho^k for k <= r, C(N,k) k! / (r! r^(k-r)) rho^k above. */
  function downDistribution(): number[] {
    const rho = mttr / mtbf;
    const weights: number[] = [];
    for (let k = 0; k <= N; k++) {
      const choose = factorial(N) / (factorial(k) * factorial(N - k));
      weights.push(choose * (k <= r ? 1 : factorial(k) / (factorial(r) * r ** (k - r))) * rho ** k);
    }
    const sum = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => w / sum);
  }
  const p = downDistribution();

  it('mean number of machines down = sum k p_k', () => {
    const theory = p.reduce((a, pk, k) => a + k * pk, 0);
    const down = reports.map((rep) => Object.values(rep.stations).reduce((a, s) => a + s.stateShare.down, 0));
    expectCovers(down, theory, 0.04);
  });
  it('crew utilisation = mean busy technicians / r', () => {
    const busy = p.reduce((a, pk, k) => a + Math.min(k, r) * pk, 0);
    expectCovers(
      reports.map((rep) => rep.crews!.fitters!.utilisation),
      busy / r,
      0.04,
    );
  });
  it('waiting for a technician is reported apart and matches the queue length (Little: wait = mean queue x time)', () => {
    const queue = p.reduce((a, pk, k) => a + Math.max(0, k - r) * pk, 0);
    const waiting = reports.map((rep) => {
      let unitSeconds = 0;
      for (const s of Object.values(rep.stations)) unitSeconds += s.maintenance?.waitingForCrew ?? 0;
      return unitSeconds / rep.observedSeconds;
    });
    expectCovers(waiting, queue, 0.08);
  });
});

describe('crews and wear: invariants', () => {
  const line = saturated(
    machine('M', constant(5), {
      servers: 3,
      failures: { timeToFailure: exp(2 * HOUR), timeToRepair: exp(HOUR), basis: 'operating', crew: 'c' },
      wear: wear({ warnAt: 2.5, crew: 'c', signal: { name: 'v', unit: 'mm/s', levels: [1, 2, 3, 4], noise: 0.4, every: EVERY } }),
      maintenance: { policy: 'condition', threshold: 3.5, duration: constant(600), crew: 'c' },
    }),
    { crews: [{ id: 'c', size: 1 }] },
  );

  it('never has more technicians busy than the crew has, and every job ends', () => {
    const sim = createSimulation(line, { seed: 11 });
    sim.runUntil(20 * DAY);
    const report = sim.report();
    const crew = report.crews!.c!;
    expect(crew.utilisation).toBeGreaterThan(0);
    expect(crew.utilisation).toBeLessThanOrEqual(1);
    const m = report.stations.M!.maintenance!;
    expect(m.randomFailures + m.wearOutFailures).toBeGreaterThan(10);
    expect(m.services).toBeGreaterThan(10);
    expect(m.waitingForCrew).toBeGreaterThan(0); // three units, one technician
    // state time adds up: every unit-second is booked once
    const shares = Object.values(report.stations.M!.stateShare).reduce((a, b) => a + b, 0);
    expect(shares).toBeCloseTo(1, 9);
  });

  it('is deterministic: same seed, same report, byte for byte, however the run is sliced', () => {
    const whole = createSimulation(line, { seed: 5 });
    whole.runUntil(10 * DAY);
    const sliced = createSimulation(line, { seed: 5 });
    for (let t = 0; t < 10 * DAY; t += 3_777) sliced.runUntil(t);
    sliced.runUntil(10 * DAY);
    expect(JSON.stringify(sliced.report())).toBe(JSON.stringify(whole.report()));
  });

  it('a machine without wear, crew or policy is unchanged by a crew on another machine', () => {
    const plain = machine('P', exp(5), { failures: { timeToFailure: exp(HOUR), timeToRepair: exp(600), basis: 'operating' } });
    const alone = saturated(plain);
    const beside: LineSpec = {
      ...alone,
      stations: [...alone.stations, { id: 'IN2', type: 'source' }, line.stations[1]!, { id: 'OUT2', type: 'sink' }],
      edges: [...alone.edges, { from: 'IN2', to: 'M' }, { from: 'M', to: 'OUT2' }],
      crews: line.crews,
    };
    const a = createSimulation(alone, { seed: 3 });
    const b = createSimulation(beside, { seed: 3 });
    a.runUntil(5 * DAY);
    b.runUntil(5 * DAY);
    expect(JSON.stringify(b.report().stations.P)).toBe(JSON.stringify(a.report().stations.P));
  });
});

describe('warnings under a policy that acts on them', () => {
  const worn = (maintenance: MachineSpec['maintenance']): LineSpec =>
    saturated(machine('M', constant(CYCLE), { wear: wear({ warnAt: 3.5 }), maintenance }));
  const run = (line: LineSpec) => {
    const sim = createSimulation(line, { seed: 9, warmup: DAY });
    sim.runUntil(30 * DAY);
    return sim.report().stations.M!.maintenance!;
  };

  it('are scored on the run-to-failure twin: the same seed with no maintenance', () => {
    const none = run(worn({ policy: 'none' }));
    const condition = run(worn({ policy: 'condition', threshold: 2.5, duration: constant(600) }));
    expect(none.scoredOn).toBe('run');
    expect(condition.scoredOn).toBe('run-to-failure twin');
    expect(condition.wearOutFailures).toBeLessThan(none.wearOutFailures / 10); // the services stop them
    for (const key of ['warnings', 'warningsRight', 'falseAlarms', 'precision', 'recall', 'meanLeadTime'] as const) {
      expect(condition[key], key).toBe(none[key]);
    }
    expect(condition.failuresAvoided).toBe(none.wearOutFailures - condition.wearOutFailures);
  });
});

describe('predictive maintenance on a two-shift line', () => {
  // Mon-Fri 06:00-22:00: a service planned into the night break costs no planned production time.
  const shifts = [0, 1, 2, 3, 4].map((d) => ({ start: d * DAY + 6 * HOUR, end: d * DAY + 22 * HOUR }));
  const line = (maintenance: MachineSpec['maintenance']): LineSpec =>
    saturated(
      machine('M', constant(20), {
        wear: wear({
          stageTime: exp(12 * HOUR),
          repair: constant(4 * HOUR),
          signal: { name: 'vibration', unit: 'mm/s', levels: [2, 3.5, 5.5, 8], noise: 0.4, every: 300 },
          crew: 'fitters',
        }),
        maintenance: { ...maintenance, crew: 'fitters' },
      }),
      { shifts, crews: [{ id: 'fitters', size: 1 }] },
    );
  const condition = replicate(line({ policy: 'condition', threshold: 5, duration: constant(HOUR) }), 6, 120 * DAY, 7 * DAY);
  const predictive = replicate(line({ policy: 'predictive', duration: constant(HOUR) }), 6, 120 * DAY, 7 * DAY);

  it('produces more than condition-based maintenance with the same failures avoided (paired replications)', () => {
    const gains = predictive.map((p, i) => p.throughputPerHour - condition[i]!.throughputPerHour);
    const { mean, half } = ci99(gains);
    expect(mean - half, `gain ${mean} ± ${half} parts/h`).toBeGreaterThan(0);
    const failures = (rs: typeof condition) => rs.reduce((a, r) => a + r.stations.M!.maintenance!.wearOutFailures, 0);
    expect(failures(predictive)).toBeLessThanOrEqual(failures(condition) + 6);
  });
  it('because its services fall into the breaks: less maintenance time on shift', () => {
    const onShift = (rs: typeof condition) => rs.reduce((a, r) => a + r.stations.M!.stateShare.maintenance, 0);
    expect(onShift(predictive)).toBeLessThan(onShift(condition) / 2);
  });
});

describe('a random failure and the wear', () => {
  // random failures every 30 min of work (rate 2/h), four exponential wear stages of 1 h (rate 1/h each)
  const line = (renewsWear?: boolean): LineSpec =>
    saturated(
      machine('M', constant(CYCLE), {
        failures: {
          timeToFailure: exp(HOUR / 2),
          timeToRepair: constant(60),
          basis: 'operating',
          ...(renewsWear === undefined ? {} : { renewsWear }),
        },
        wear: wear(),
        maintenance: { policy: 'none' },
      }),
    );
  const run = (l: LineSpec) => {
    const sim = createSimulation(l, { seed: 2 });
    sim.runUntil(60 * DAY);
    return sim.report().stations.M!.maintenance!;
  };

  it('by default every repair renews the wear: a cycle wears out only if all four stages pass before a random failure', () => {
    const m = run(line());
    // competing exponential clocks, memoryless: P(a stage ends first) = 1 / (1 + 2) per stage, four in a row: 1/81
    const cycles = m.wearOutFailures + m.randomFailures;
    const share = m.wearOutFailures / cycles;
    const se = Math.sqrt(((1 / 81) * (80 / 81)) / cycles);
    expect(Math.abs(share - 1 / 81), `wear-out share ${share} of ${cycles} cycles`).toBeLessThan(4 * se);
  });
  it('with renewsWear: false a random failure leaves the wear where it was: a wear-out every 4 h of work', () => {
    const m = run(line(false));
    const renewsToo = run(line());
    expect(m.wearOutFailures).toBeGreaterThan(5 * renewsToo.wearOutFailures);
    // work between wear-outs: 4 h of stages; the random failures' repairs (1 min each, 2 an hour) and the wear-out
    // repairs (30 min) take the rest of the 60 days
    const expected = (60 * DAY) / (4 * HOUR * (1 + 2 * (60 / HOUR)) + 0.5 * HOUR);
    expect(Math.abs(m.wearOutFailures - expected) / expected).toBeLessThan(0.12);
  });
});
