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
