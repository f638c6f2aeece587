import type { ExperimentResult } from './run.ts';
import { numericLeaves } from './stats.ts';

/**
 * The results of an experiment as CSV in long form: one row per variant and numeric KPI, with its mean, 95%
 * half-width and paired difference from the baseline. Easy to filter or pivot in a spreadsheet or pandas.
 */
export function experimentCsv(result: ExperimentResult): string {
  const factorPaths = result.factors.map((f) => f.path);
  const rows: string[][] = [['variant', 'variant_name', ...factorPaths, 'rank', 'kpi', 'mean', 'ci95', 'diff', 'diff_ci95', 'significant']];
  for (const p of result.variants) {
    const ci = numericLeaves(p.ci95);
    for (const [kpi, mean] of numericLeaves(p.mean)) {
      const d = p.diff[kpi];
      rows.push([
        p.name,
        p.variant,
        ...factorPaths.map((f) => cell(p.factors[f])),
        String(p.rank),
        kpi,
        num(mean),
        num(ci.get(kpi)),
        num(d?.mean),
        num(d?.halfWidth),
        d ? String(d.significant) : '',
      ]);
    }
  }
  return rows.map((r) => r.map(quote).join(',')).join('\n') + '\n';
}

const num = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(x));
const cell = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
