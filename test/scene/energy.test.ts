import { describe, expect, it } from 'vitest';
import { parseScene } from '../../server/scene/index.ts';
import { issueAt, lineWith, sceneError } from './helpers.ts';

/** The scene's `energy` block: tariffs, demand charge, CO2 profile and base load read into the engine's meter, and bad input. */

const M1 = '  - { id: M1, type: machine, cycleTime: 1s, power: { working: 10, idle: 2 } }';
const scene = (energy: string): string => lineWith(M1, `energy:\n${energy}`);

describe('the energy block', () => {
  it('a time-of-use tariff with a default, a demand charge, a CO2 profile and a base load make a meter', () => {
    const profile = Array.from({ length: 24 }, (_, h) => (h < 6 ? 0.2 : 0.4));
    const s = parseScene(
      scene(
        `  tariff:\n    - { days: mon-fri, from: "07:00", to: "21:00", price: 0.24 }\n    - { days: sat, from: "22:00", to: "06:00", price: 0.08 }\n    - { default: 0.12 }\n` +
          `  demandCharge: { perKW: 12, window: 15min }\n  co2PerKWh: [${profile.join(', ')}]\n  baseLoad: 20\n`,
      ),
      'tou.yaml',
    );
    expect(s.line.energy).toEqual({
      tariff: {
        windows: [
          { days: [0, 1, 2, 3, 4], from: 7 * 3600, to: 21 * 3600, price: 0.24 },
          { days: [5], from: 22 * 3600, to: 6 * 3600, price: 0.08 },
        ],
        default: 0.12,
      },
      demandCharge: { perKW: 12, window: 900 },
      co2PerKWh: profile,
      baseLoad: 20,
    });
  });

  it('a flat price and CO2 factor alone need no meter: the line spec is as before', () => {
    const s = parseScene(scene('  pricePerKWh: 0.15\n  co2PerKWh: 0.3\n'), 'flat.yaml');
    expect(s.line.energy).toBeUndefined();
    expect(s.energy).toEqual({ pricePerKWh: 0.15, co2PerKWh: 0.3 });
  });

  it('windows that overlap with different prices say which and where', () => {
    const error = sceneError(
      scene(
        '  tariff:\n    - { days: mon-fri, from: "07:00", to: "21:00", price: 0.24 }\n    - { days: fri, from: "20:00", to: "23:00", price: 0.3 }\n    - { default: 0.1 }\n',
      ),
      'overlap.yaml',
    );
    expect(issueAt(error, 'energy.tariff[1]')).toMatchObject({
      file: 'overlap.yaml',
      message: 'overlaps entry 0 on fri 20:00 with another price (0.3 against 0.24)',
    });
  });

  it('a tariff that leaves hours without a price and has no default', () => {
    const error = sceneError(scene('  tariff:\n    - { days: mon-fri, from: "07:00", to: "21:00", price: 0.24 }\n'));
    expect(issueAt(error, 'energy.tariff').message).toBe(
      'the windows leave mon 00:00 without a price: add { default: PRICE } for the hours no window covers',
    );
  });

  it("a window's own mistakes are named at the window's keys", () => {
    const error = sceneError(scene('  tariff:\n    - { days: mondays, from: "25:00", to: "21:00", prce: 0.2 }\n    - { default: 0.1 }\n'));
    expect(issueAt(error, 'energy.tariff[0].days').message).toMatch(/^unknown day "mondays"/);
    expect(issueAt(error, 'energy.tariff[0].from').message).toBe('invalid time "25:00": expected "HH:MM" between 00:00 and 24:00');
    expect(issueAt(error, 'energy.tariff[0].price').message).toBe('is required');
  });

  it('a 23-value CO2 profile, a negative base load, a price and a tariff together', () => {
    const profile = sceneError(scene(`  co2PerKWh: [${new Array(23).fill(0.3).join(', ')}]\n`));
    expect(profile.message).toContain('energy.co2PerKWh');
    expect(profile.message).toContain('24 values');
    expect(issueAt(sceneError(scene('  baseLoad: -5\n')), 'energy.baseLoad').message).toBe('must be >= 0');
    const both = sceneError(scene('  pricePerKWh: 0.2\n  tariff:\n    - { default: 0.1 }\n'));
    expect(issueAt(both, 'energy.pricePerKWh').message).toMatch(/^give pricePerKWh or tariff, not both/);
  });
});

describe('conveyor power', () => {
  it('running and stopped kW (stopped defaults to 0); a negative figure names the key', () => {
    const belt = (power: string): string =>
      lineWith(`  - { id: M1, type: machine, cycleTime: 1s }\n  - { id: CV, type: conveyor, length: 6, speed: 0.5, power: ${power} }`);
    const s = parseScene(belt('{ running: 0.75, stopped: 0.05 }'), 'belt.yaml');
    expect(s.line.stations.find((st) => st.id === 'CV')).toMatchObject({ power: { running: 0.75, stopped: 0.05 } });
    expect(parseScene(belt('{ running: 0.75 }'), 'belt.yaml').line.stations.find((st) => st.id === 'CV')).toMatchObject({
      power: { running: 0.75, stopped: 0 },
    });
    expect(sceneError(belt('{ running: -1 }')).message).toContain('stations[2].power.running');
  });
});

describe('standby', () => {
  const standby = (keys: string): string => lineWith(`  - { id: M1, type: machine, cycleTime: 1s, ${keys} }`);
  it('reads after, wake and wakePower, with the standby power', () => {
    const s = parseScene(
      standby('power: { working: 10, idle: 4, standby: 0.5 }, standby: { after: 2min, wake: 30s, wakePower: 8 }'),
      'sb.yaml',
    );
    expect(s.line.stations[1]).toMatchObject({ standby: { after: 120, wake: 30, wakePower: 8 }, power: { standby: 0.5, starved: 4 } });
  });
  it('standby without a standby power, a negative wake power, a zero delay', () => {
    const missing = sceneError(standby('power: { working: 10 }, standby: { after: 2min, wake: 30s, wakePower: 8 }'));
    expect(issueAt(missing, 'stations[1].power.standby')).toMatchObject({
      message: 'is required with standby: the kW the machine draws in standby',
      hint: 'add it to power, like power: { working: 10, idle: 4, standby: 0.5 }',
    });
    expect(
      issueAt(
        sceneError(standby('power: { standby: 1 }, standby: { after: 2min, wake: 30s, wakePower: -8 }')),
        'stations[1].standby.wakePower',
      ),
    ).toBeDefined();
    expect(
      issueAt(sceneError(standby('power: { standby: 1 }, standby: { after: 0s, wake: 30s, wakePower: 8 }')), 'stations[1].standby.after'),
    ).toBeDefined();
  });
});
