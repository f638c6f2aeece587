import type { DistSpec, LineSpec, MachineSpec, PowerSpec, StationSpec } from '../../server/sim/spec.ts';
import { meanOf } from '../../server/sim/distributions.ts';

/** Builders for engine tests: lines written as code, independent of the scene file format. */

export const exp = (mean: number): DistSpec => ({ dist: 'exponential', mean });
export const constant = (value: number): DistSpec => ({ dist: 'constant', value });

const NO_POWER: PowerSpec = { working: 0, starved: 0, blocked: 0, down: 0, setup: 0, maintenance: 0, off: 0, standby: 0 };

/** A machine spec with defaults for everything not given. */
export function machine(id: string, cycleTime: DistSpec, extra: Partial<MachineSpec> = {}): MachineSpec {
  return { id, type: 'machine', cycleTime, idealCycleTime: meanOf(cycleTime), servers: 1, scrap: 0, power: NO_POWER, ...extra };
}

/** A serial line of the given stations (edges in listed order). */
export function serial(stations: StationSpec[], extra: Partial<LineSpec> = {}): LineSpec {
  const edges = stations.slice(1).map((s, i) => ({ from: stations[i]!.id, to: s.id }));
  return { name: 'test line', stations, edges, ...extra };
}

/** The benchmark's standard line: unlimited source, n machines exp(1 s) with failures (MTBF 100 s operating, MTTR 10 s), buffers of 5. */
export function standardLine(machines: number): LineSpec {
  const stations: StationSpec[] = [{ id: 'IN', type: 'source' }];
  for (let i = 1; i <= machines; i++) {
    if (i > 1) stations.push({ id: `B${i - 1}`, type: 'buffer', capacity: 5 });
    stations.push(
      machine(`M${i}`, exp(1), {
        failures: { timeToFailure: exp(100), timeToRepair: exp(10), basis: 'operating' },
        power: { working: 10, starved: 2, blocked: 2, down: 0.5, setup: 5, maintenance: 0.5, off: 0, standby: 0 },
      }),
    );
  }
  stations.push({ id: 'OUT', type: 'sink' });
  return serial(stations, { name: `standard ${machines}-machine line` });
}
