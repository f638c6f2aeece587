import { formatDuration } from '../scene/duration.ts';
import type { ExperimentResult } from '../experiments/run.ts';
import type { PointSummary } from '../experiments/compare.ts';
import { textTable } from './table.ts';

/** The `twin experiment` (and `twin history <id>`) report: means, paired differences, ranking, search. */

interface Column {
  kpi: string;
  title: string;
  /** Shown value from a KPI value (OEE as a percentage). */
  scale: number;
  digits: number;
}

const LINE_COLUMNS: readonly Column[] = [
  { kpi: 'throughputPerHour', title: 'throughput/h', scale: 1, digits: 1 },
  { kpi: 'oee', title: 'OEE %', scale: 100, digits: 1 },
  { kpi: 'wipMean', title: 'WIP', scale: 1, digits: 2 },
  { kpi: 'leadTimeMean', title: 'lead time s', scale: 1, digits: 1 },
  { kpi: 'energy.kWhPerGoodPart', title: 'Wh/good part', scale: 1000, digits: 2 },
];

function columnsFor(result: ExperimentResult): Column[] {
  const cols = [...LINE_COLUMNS];
  const extra = [result.rankBy.kpi, result.optimize?.kpi].filter((k): k is string => k !== undefined);
  for (const kpi of extra) if (!cols.some((c) => c.kpi === kpi)) cols.push({ kpi, title: kpi, scale: 1, digits: 3 });
  return cols;
}

function leaf(tree: unknown, path: string): number {
  let node: unknown = tree;
  for (const key of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'number' ? node : NaN;
}

const fixed = (x: number, digits: number, sign = false): string =>
  Number.isFinite(x) ? `${sign && x >= 0 ? '+' : ''}${x.toFixed(digits)}` : '-';

/**
 * `mean ± half-width`, the half-width rounded to one significant digit (two when it starts with 1 or 2, as
 * the particle physicists' rule has it) and the mean to the same decimal place: more digits would be noise.
 * `digits` places when the half-width is 0 or unknown.
 */
function plusMinus(mean: number, halfWidth: number, digits: number, sign = false): string {
  let places = digits;
  if (halfWidth > 0 && Number.isFinite(halfWidth)) {
    const exponent = Math.floor(Math.log10(halfWidth));
    places = Math.min(8, Math.max(0, -exponent + (halfWidth / 10 ** exponent < 3 ? 1 : 0)));
  }
  return `${fixed(mean, places, sign)} ± ${fixed(halfWidth, places)}`;
}

function meanCell(p: PointSummary, c: Column): string {
  return plusMinus(leaf(p.mean, c.kpi) * c.scale, leaf(p.ci95, c.kpi) * c.scale, c.digits);
}

function diffCell(p: PointSummary, c: Column, isBaseline: boolean): string {
  if (isBaseline) return '(baseline)';
  const d = p.diff[c.kpi];
  if (!d) return '-';
  return `${plusMinus(d.mean * c.scale, d.halfWidth * c.scale, c.digits, true)}${d.significant ? ' *' : '  '}`;
}

/** The whole report as text; `footer` lines (where it is stored) are appended. */
export function formatExperimentReport(result: ExperimentResult, footer: readonly string[] = []): string {
  const s = result.settings;
  const cols = columnsFor(result);
  const lines: string[] = [];
  lines.push(`${result.name}  (${result.file})`);
  if (result.description) lines.push(result.description.trim());
  lines.push(
    `scene "${result.scene.name}" (${result.scene.file}): horizon ${formatDuration(s.horizon)}, warm-up ${formatDuration(s.warmup)}, ` +
      `seed ${s.seed}, ${s.replications} replications per variant, ${s.streams === 'common' ? 'common random numbers' : 'independent streams'}`,
  );
  lines.push(
    `baseline: ${result.baseline}; ranked by ${result.rankBy.kpi} (${result.rankBy.order === 'max' ? 'higher' : 'lower'} is better)`,
  );
  lines.push('', 'Means ± 95% half-width');
  lines.push(
    textTable([
      ['variant', 'rank', ...cols.map((c) => c.title), 'bottleneck'],
      ...result.variants.map((p) => [p.name, String(p.rank), ...cols.map((c) => meanCell(p, c)), p.mean.bottleneck || '-']),
    ]),
  );
  if (result.variants.length > 1) {
    lines.push('', 'Paired differences from the baseline, 95% intervals (* = the interval excludes 0: significant)');
    lines.push(
      textTable([
        ['variant', ...cols.map((c) => `Δ ${c.title}`.replace('Δ OEE %', 'Δ OEE pp'))],
        ...result.variants.map((p) => [p.name, ...cols.map((c) => diffCell(p, c, p.name === result.baseline))]),
      ]),
    );
    const best = result.variants.find((p) => p.rank === 1);
    const ties = result.variants.filter((p) => p.rank !== 1 && !p.vsBest.significant).map((p) => p.name);
    if (best) {
      lines.push(
        '',
        `Best by ${result.rankBy.kpi}: ${best.name}` +
          (ties.length === 0
            ? ', significantly better than every other variant (paired 95%).'
            : `; not significantly different (paired 95%) from: ${ties.join('; ')}.`),
      );
    }
  }
  if (result.optimize) lines.push('', ...formatOptimize(result));
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}

function formatOptimize(result: ExperimentResult): string[] {
  const o = result.optimize!;
  const ranges = result.factors
    .map((f) => {
      const nums = f.values.filter((v): v is number => typeof v === 'number');
      return `${f.path} ${Math.min(...nums)}..${Math.max(...nums)}`;
    })
    .join(', ');
  const cmp = o.order === 'max' ? '>=' : '<=';
  const lines = [
    `Smallest total of the swept factors with mean ${o.kpi} ${cmp} ${o.target} (greedy search over ${ranges}; ${result.settings.replications} replications per point)`,
  ];
  lines.push(
    textTable([
      ['variant', 'answer', 'total', o.kpi, o.order === 'max' ? 'CI above target' : 'CI below target', 'points evaluated'],
      ...o.variants.map((a) =>
        a.found
          ? [
              a.variant,
              Object.entries(a.factors ?? {})
                .map(([k, v]) => `${k}=${v}`)
                .join(', '),
              String(a.cost),
              plusMinus(a.mean!, a.halfWidth!, 2),
              a.confident ? 'yes' : 'no',
              String(a.evaluated.length),
            ]
          : [a.variant, 'not reached', '-', '-', '-', String(a.evaluated.length)],
      ),
    ]),
  );
  return lines;
}
