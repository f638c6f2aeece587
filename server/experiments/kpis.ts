import { didYouMean } from '../scene/didYouMean.ts';
import type { Scene } from '../scene/index.ts';
import { runReplication } from '../scene/run.ts';
import { ExperimentError } from './errors.ts';
import { numericLeaves } from './stats.ts';

/** Which KPIs an experiment can rank or optimize by, and which way is better. */

/** `max`: higher is better (throughput, OEE); `min`: lower is better (lead time, energy). */
export type Order = 'max' | 'min';

/** A KPI to rank or optimize by, with its direction. */
export interface KpiChoice {
  kpi: string;
  order: Order;
}

/** The default ranking KPI: good parts per hour. */
export const DEFAULT_RANK_KPI = 'throughputPerHour';

// Costs and losses: everything else (throughput, OEE and its factors, working share...) is better higher.
const LOWER_IS_BETTER = [
  /^wipMean$/,
  /^leadTime/,
  /^energy\./,
  /^produced\.scrap$/,
  /^stations\.[^.]+\.(scrap|failures|injectedFaults|mttrObserved|energyKWh)$/,
  /^stations\.[^.]+\.stateShare\.(starved|blocked|down|setup|off)$/,
  /^stations\.[^.]+\.maintenance\.(randomFailures|wearOutFailures|services|falseAlarms|waitingForCrew)$/,
  /^crews\.[^.]+\.(meanWait|waiting)$/,
  /^stations\.[^.]+\.maintenance\.cost\./,
  /^maintenanceCost\./,
  /^quality\.(defectsMade|falseRejects|escapes|escapePpm)$/,
  /^stations\.[^.]+\.quality\.(defectsMade|missed|falseRejects)$/,
  /^stations\.[^.]+\.changeovers\./,
  /^products\.[^.]+\.(scrap|leadTimeMean)$/,
];

// Exceptions inside those families: what standby saves against its standby-off twin, and that twin's output.
const HIGHER_IS_BETTER = [/^energy\.standbySavings\.(kWh|cost|without\.good)$/];

/** The usual direction of a KPI. */
function defaultOrder(kpi: string): Order {
  if (HIGHER_IS_BETTER.some((re) => re.test(kpi))) return 'max';
  return LOWER_IS_BETTER.some((re) => re.test(kpi)) ? 'min' : 'max';
}

/** Every numeric KPI path a run of the scene reports (from a zero-length run: same shape, no cost). */
export function kpiNames(scene: Scene): string[] {
  const { engine: _engine, ...report } = runReplication(scene, { horizon: 0, warmup: 0, seed: 0, replication: 0 });
  return [...numericLeaves(report).keys()];
}

/** Parse `KPI`, `KPI:max` or `KPI:min` against the known KPI paths; an unknown name is an ExperimentError. */
export function parseKpiChoice(text: string, known: readonly string[], flag: string): KpiChoice {
  const match = /^(.*?)(?::(max|min))?$/.exec(text.trim());
  const kpi = match?.[1] ?? '';
  if (!known.includes(kpi)) {
    const hint = didYouMean(kpi, known);
    const lineLevel = known.filter((k) => !k.startsWith('stations.')).join(', ');
    throw new ExperimentError(
      `${flag}: unknown KPI "${kpi}"${hint ? ` (${hint})` : ''}; line KPIs: ${lineLevel}; station KPIs look like stations.M1.oee.availability`,
    );
  }
  return { kpi, order: (match?.[2] as Order | undefined) ?? defaultOrder(kpi) };
}

/** Is `a` better than `b` in this direction? */
export function better(a: number, b: number, order: Order): boolean {
  return order === 'max' ? a > b : a < b;
}
