import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../server/sim/simulation.ts';
import type { SimObserver } from '../../server/sim/observer.ts';
import { constant, machine, serial } from '../helpers/lines.ts';

/** Failures and repairs across shift ends, with constant times so every second can be derived by hand. */

const H = 3600,
  DAY = 86_400;
const power = { working: 10, starved: 2, blocked: 2, down: 4, setup: 5, maintenance: 3, off: 0.5, standby: 0 };

describe('a calendar-basis failure and its repair across the night', () => {
  // Mon-Fri 06:00-22:00; time 0 is Monday 00:00. Failures every 21.5 h of calendar time after the last repair, repairs 9 h.
  //   Mon 00:00-06:00  off                                      6 h
  //   Mon 06:00-21:30  working                                  15.5 h = 55,800 s
  //   Mon 21:30        fails; the repair runs to Tue 06:30
  //   Mon 21:30-22:00  down                                     0.5 h
  //   Mon 22:00-06:00  off (under repair, off power)            8 h
  //   Tue 06:00-06:30  down (the repair goes on)                0.5 h
  //   Tue 06:30-22:00  working                                  15.5 h = 55,800 s
  //   Tue 22:00-06:00  off; Wed 04:00 fails at night (06:30 + 21.5 h), repair to 13:00
  //   Wed 06:00-13:00  down                                     7 h
  //   Wed 13:00-22:00  working                                  9 h = 32,400 s   (next failure Thu 10:30)
  //   Wed 22:00-24:00  off                                      2 h
  // working 40 h, down 8 h, off 24 h over 72 h; availability 40 / 48; energy 40 x 10 + 8 x 4 + 24 x 0.5 = 444 kWh.
  // Both repairs took 9 h from failure to repair: observed MTTR 9 h, though only 4 h of each was booked down on average.
  const shifts = [0, 1, 2, 3, 4].map((d) => ({ start: d * DAY + 6 * H, end: d * DAY + 22 * H }));
  const line = serial(
    [
      { id: 'IN', type: 'source' },
      machine('M', constant(1), {
        power,
        failures: { timeToFailure: constant(21.5 * H), timeToRepair: constant(9 * H), basis: 'calendar' },
      }),
      { id: 'OUT', type: 'sink' },
    ],
    { shifts },
  );

  it('books the night off at off power, the shift hours of the repair down, and measures MTTR failure to repair', () => {
    const sim = createSimulation(line, { seed: 1 });
    sim.runUntil(3 * DAY);
    const m = sim.report().stations.M!;
    expect(m.stateShare.working * 72).toBeCloseTo(40, 9);
    expect(m.stateShare.down * 72).toBeCloseTo(8, 9);
    expect(m.stateShare.off * 72).toBeCloseTo(24, 9);
    expect(m.oee.availability).toBeCloseTo(40 / 48, 12);
    expect(m.energyKWh).toBeCloseTo(444, 9);
    expect(m.failures).toBe(2);
    expect(m.mttrObserved).toBeCloseTo(9 * H, 9);
  });

  it('tells the observer of the night failure when it happens, and shows the unit down from the shift start', () => {
    const seen: string[] = [];
    const observer: SimObserver = {
      unitState: (_s, _u, state, t) => {
        if (state !== 0) seen.push(`${t / H} h state ${state}`);
      },
      partMove: () => {},
      partEnd: () => {},
      fault: (_s, _u, kind, t) => {
        seen.push(`${t / H} h ${kind}`);
      },
    };
    const sim = createSimulation(line, { seed: 1, observer });
    sim.runUntil(3 * DAY);
    // state codes: 3 down, 6 off (MACHINE_STATES); working (0) is left out
    expect(seen).toEqual([
      '0 h state 6',
      '21.5 h failure',
      '21.5 h state 3',
      '22 h state 6',
      '30 h state 3',
      '30.5 h repaired',
      '46 h state 6',
      '52 h failure',
      '54 h state 3',
      '61 h repaired',
      '70 h state 6',
    ]);
  });

  it('gives the same result when the run is cut at the shift ends and in the middle of the repairs', () => {
    const whole = createSimulation(line, { seed: 1 });
    whole.runUntil(3 * DAY);
    const sliced = createSimulation(line, { seed: 1 });
    for (const t of [21.5 * H, 22 * H, 25 * H, 30 * H, 52 * H, 54 * H, 60 * H, 3 * DAY]) sliced.runUntil(t);
    expect(JSON.stringify(sliced.report())).toBe(JSON.stringify(whole.report()));
  });
});
