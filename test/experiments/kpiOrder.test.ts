import { describe, expect, it } from 'vitest';
import { parseKpiChoice } from '../../server/experiments/kpis.ts';

/** Which way a KPI is better when an experiment ranks or optimizes by it without `:max`/`:min`. */
describe('default KPI direction', () => {
  const known = [
    'throughputPerHour',
    'maintenanceCost.total',
    'stations.CNC1.maintenance.cost.total',
    'stations.CNC1.maintenance.cost.technicianHours',
    'stations.CNC1.maintenance.precision',
  ];
  const order = (kpi: string): string => parseKpiChoice(kpi, known, '--rank').order;

  it('maintenance cost, per machine and for the line, is better lower; precision and throughput higher', () => {
    expect(order('maintenanceCost.total')).toBe('min');
    expect(order('stations.CNC1.maintenance.cost.total')).toBe('min');
    expect(order('stations.CNC1.maintenance.cost.technicianHours')).toBe('min');
    expect(order('stations.CNC1.maintenance.precision')).toBe('max');
    expect(order('throughputPerHour')).toBe('max');
  });
});

/** Energy KPIs are costs, but standby savings (against the standby-off twin) are better higher. */
describe('default direction of the energy KPIs', () => {
  const known = [
    'energy.kWhPerGoodPart',
    'energy.costPerGoodPart',
    'energy.co2PerGoodPart',
    'energy.standbySavings.kWh',
    'energy.standbySavings.cost',
    'energy.standbySavings.without.kWhPerGoodPart',
    'energy.standbySavings.without.good',
  ];
  const order = (kpi: string): string => parseKpiChoice(kpi, known, '--rank').order;

  it('energy, cost and CO2 per good part are better lower; standby savings higher', () => {
    expect(order('energy.kWhPerGoodPart')).toBe('min');
    expect(order('energy.costPerGoodPart')).toBe('min');
    expect(order('energy.co2PerGoodPart')).toBe('min');
    expect(order('energy.standbySavings.kWh')).toBe('max');
    expect(order('energy.standbySavings.cost')).toBe('max');
    expect(order('energy.standbySavings.without.kWhPerGoodPart')).toBe('min');
    expect(order('energy.standbySavings.without.good')).toBe('max');
    expect(order('energy.standbySavings.kWh:min')).toBe('min'); // an explicit direction still wins
  });
});
