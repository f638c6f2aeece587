import type { Tree } from '../analysis/aggregate.ts';
import type { RunResult } from '../scene/run.ts';
import { isMachineType, MACHINE_STATES } from '../sim/index.ts';

/** Plain-text KPI tables for the terminal. */

/** Lays out rows as left-aligned first column and right-aligned others. */
export function textTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const num = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function get(tree: Tree | undefined, path: string): number | undefined {
  let node: Tree | undefined = tree;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? node[key] : undefined;
  return typeof node === 'number' ? node : undefined;
}

interface Header {
  scene: string;
  file: string;
  seed: number;
  horizon: number;
  warmup: number;
  replications: number;
  /** `--initial`: the run opened at the state in this file, at its time t (s); horizon and warm-up count from t. */
  initial?: { file: string; t: number } | undefined;
}

/** The `twin run` table: line KPIs (with ± 95% half-widths when there are replications), then one row per station. */
export function formatRunTable(
  header: Header,
  r: Omit<RunResult, 'engine'> & { engine?: RunResult['engine'] },
  ci95: Tree | undefined,
): string {
  const pm = (path: string, value: number, digits = 2, asPct = false): string => {
    const main = asPct ? pct(value) : num(value, digits);
    const h = get(ci95, path);
    if (h === undefined) return main;
    return `${main} ± ${asPct ? pct(h) : num(h, digits)}`;
  };
  const lines: string[] = [];
  lines.push(`${header.scene}  (${header.file})`);
  lines.push(
    `seed ${header.seed}, horizon ${num(header.horizon / 3600, 1)} h, warm-up ${num(header.warmup / 3600, 1)} h` +
      (header.replications > 1 ? `, ${header.replications} replications (mean ± 95% CI)` : ''),
  );
  if (header.initial) lines.push(`from the state in ${header.initial.file} at ${num(header.initial.t / 3600, 2)} h`);
  lines.push('');
  const kpis: string[][] = [
    ['Throughput (good/h)', pm('throughputPerHour', r.throughputPerHour, 1)],
    ['Good / scrap parts', `${pm('produced.good', r.produced.good, 0)} / ${pm('produced.scrap', r.produced.scrap, 0)}`],
    ['Line OEE', pm('oee', r.oee, 1, true)],
    ['WIP mean (parts)', pm('wipMean', r.wipMean)],
    ['Lead time mean / p95 (s)', `${pm('leadTimeMean', r.leadTimeMean, 1)} / ${pm('leadTimeP95', r.leadTimeP95, 1)}`],
    ['Energy (kWh)', pm('energy.kWh', r.energy.kWh, 1)],
    ['kWh per good part', pm('energy.kWhPerGoodPart', r.energy.kWhPerGoodPart, 4)],
    ['Peak power (kW)', pm('energy.peakKW', r.energy.peakKW, 1)],
  ];
  if (r.energy.cost !== undefined) kpis.push(['Energy cost', pm('energy.cost', r.energy.cost, 2)]);
  if (r.energy.co2Kg !== undefined) kpis.push(['CO2 (kg)', pm('energy.co2Kg', r.energy.co2Kg, 1)]);
  if (r.energy.baseLoadShare !== undefined) kpis.push(['Base load share', pm('energy.baseLoadShare', r.energy.baseLoadShare, 1, true)]);
  if (r.energy.peakWindowKW !== undefined)
    kpis.push([
      'Demand peak (kW) / charge',
      `${pm('energy.peakWindowKW', r.energy.peakWindowKW, 1)} / ${pm('energy.demandCharge', r.energy.demandCharge ?? 0, 2)}`,
    ]);
  const q = r.quality;
  if (q) {
    kpis.push([
      'First-pass / final yield',
      `${pm('quality.firstPassYield', q.firstPassYield, 2, true)} / ${pm('quality.finalYield', q.finalYield, 2, true)}`,
    ]);
    kpis.push(['Escapes (parts / ppm)', `${pm('quality.escapes', q.escapes, 0)} / ${pm('quality.escapePpm', q.escapePpm, 0)}`]);
    kpis.push(['Defects made / detected / false rejects', `${num(q.defectsMade, 0)} / ${num(q.detected, 0)} / ${num(q.falseRejects, 0)}`]);
  }
  kpis.push(['Bottleneck (momentary / average)', `${r.bottleneck || '-'} / ${r.bottleneckAverage || '-'}`]);
  lines.push(textTable(kpis));
  lines.push('');
  const rows: string[][] = [['station', ...MACHINE_STATES, 'A', 'P', 'Q', 'OEE', 'fail', 'kWh', 'bottleneck']];
  const storage: string[][] = [['buffer/conveyor', 'mean level', 'max level']];
  for (const [id, s] of Object.entries(r.stations)) {
    if (isMachineType(s.type)) {
      rows.push([
        id,
        ...MACHINE_STATES.map((st) => pct(s.stateShare[st])),
        pct(s.oee.availability),
        pct(s.oee.performance),
        pct(s.oee.quality),
        pct(s.oee.oee),
        num(s.failures, 0),
        num(s.energyKWh, 1),
        pct(s.bottleneckShare),
      ]);
    } else if (s.type === 'buffer' || s.type === 'conveyor') {
      storage.push([id, num(s.levelMean), num(s.levelMax, 0)]);
    }
  }
  lines.push(textTable(rows));
  if (storage.length > 1) lines.push('', textTable(storage));
  if (r.products) {
    const products = [['product', 'good', 'scrap', 'good/h', 'lead time (s)']];
    for (const [id, p] of Object.entries(r.products))
      products.push([
        id,
        num(p.good, 0),
        num(p.scrap, 0),
        pm(`products.${id}.throughputPerHour`, p.throughputPerHour, 1),
        num(p.leadTimeMean, 1),
      ]);
    lines.push('', textTable(products));
  }
  const changeovers = [['changeovers', 'count', 'setup (h)']];
  for (const [id, s] of Object.entries(r.stations))
    for (const [pair, c] of Object.entries(s.changeovers ?? {}))
      changeovers.push([`${id} ${pair}`, num(c.count, 0), num(c.time / 3600, 2)]);
  if (changeovers.length > 1) lines.push('', textTable(changeovers));
  if (r.engine && r.engine.wallSeconds > 0) {
    lines.push(
      '',
      `engine: ${num(r.engine.events, 0)} events, ${num(r.engine.operations, 0)} part-steps in ${num(r.engine.wallSeconds, 3)} s`,
    );
  }
  return lines.join('\n');
}
