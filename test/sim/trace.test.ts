import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../server/sim/simulation.ts';
import type { SimObserver } from '../../server/sim/observer.ts';
import { MACHINE_STATES } from '../../server/sim/types.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/**
 * The engine's whole trace on a small line, in the style of SimPy's tests: every state change and hand-over the
 * observer hears, in order, with its time. Any change in when parts move or what a machine shows fails here.
 */
const line = serial([
  { id: 'IN', type: 'source' }, // unlimited
  machine('M1', constant(2)),
  { id: 'B', type: 'buffer', capacity: 1 },
  machine('M2', constant(3)),
  { id: 'OUT', type: 'sink' },
]);
const ids = line.stations.map((s) => s.id);

function recorder(trace: string[]): SimObserver {
  return {
    unitState: (s, u, state, t) => {
      trace.push(`${t} ${ids[s]}.${u} ${MACHINE_STATES[state]}`);
    },
    partMove: (p, from, to, t, readyAt) => {
      trace.push(`${t} part ${p} ${ids[from]} -> ${ids[to]}, ready ${readyAt}`);
    },
    partEnd: (p, s, scrap, t) => {
      trace.push(`${t} part ${p} ends at ${ids[s]}${scrap ? ' (scrap)' : ''}`);
    },
    fault: (s, u, kind, t) => {
      trace.push(`${t} ${ids[s]}.${u} ${kind}`);
    },
  };
}

describe('engine trace', () => {
  it('source, M1 (2 s), a buffer of 1, M2 (3 s), sink, and a 4 s fault on M2 at 7 s', () => {
    const trace: string[] = [];
    const sim = createSimulation(line, { seed: 1, observer: recorder(trace) });
    sim.runUntil(7);
    expect(sim.apply({ type: 'fault', station: 'M2', duration: 4 })).toBeNull();
    sim.runUntil(13);
    expect(trace).toEqual([
      // 0: part 0 onto M1 (done at 2); M2 starts starved, as every unit does, so it reports nothing
      '0 part 0 IN -> M1, ready 2',
      '0 M1.0 working',
      // 2: M1 passes part 0 into B, which passes it straight on to the idle M2 (done at 5); M1 takes part 1 at once:
      // no starved moment for M1
      '2 part 0 M1 -> B, ready 2',
      '2 part 0 B -> M2, ready 5',
      '2 part 1 IN -> M1, ready 4',
      '2 M2.0 working',
      // 4: part 1 waits in B (M2 is busy); M1 takes part 2
      '4 part 1 M1 -> B, ready 4',
      '4 part 2 IN -> M1, ready 6',
      // 5: M2 delivers part 0 and takes part 1 from B in the same instant: no starved moment for M2
      '5 part 0 M2 -> OUT, ready 5',
      '5 part 0 ends at OUT',
      '5 part 1 B -> M2, ready 8',
      // 6: B has room again: part 2 goes in; M1 takes part 3 (done at 8)
      '6 part 2 M1 -> B, ready 6',
      '6 part 3 IN -> M1, ready 8',
      // 7: the fault stops M2 with 1 s of part 1 left; it is applied before anything due at 7
      '7 M2.0 injected',
      '7 M2.0 down',
      // 8: M1 finishes part 3 but B is full: blocked
      '8 M1.0 blocked',
      // 11: repaired; M2 resumes part 1 (done at 12)
      '11 M2.0 repaired',
      '11 M2.0 working',
      // 12: the chain reaction of one event: M2 delivers part 1, takes part 2 from B, B takes part 3 from M1, M1 takes
      // part 4; M2 shows no starved moment, M1 goes from blocked straight to working
      '12 part 1 M2 -> OUT, ready 12',
      '12 part 1 ends at OUT',
      '12 part 2 B -> M2, ready 15',
      '12 part 3 M1 -> B, ready 12',
      '12 part 4 IN -> M1, ready 14',
      '12 M1.0 working',
    ]);
    // the run stops before anything due at 13
    const r = sim.report();
    expect(r.produced.good).toBe(2);
    expect(r.stations.M1!.stateShare.blocked * 13).toBeCloseTo(4, 12);
    expect(r.stations.M2!.stateShare.down * 13).toBeCloseTo(4, 12);
    expect(r.stations.M2!.stateShare.starved * 13).toBeCloseTo(2, 12);
  });
});
