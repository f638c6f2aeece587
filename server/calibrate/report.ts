import type { DistSpec } from '../sim/index.ts';
import type { StationCalibration } from './calibrate.ts';
import type { Estimate } from './intervals.ts';

/** A number for a person: 4 significant digits, no exponent for the durations and rates a line has. */
const num = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : x > 0 ? '∞' : '-');

/** A distribution as one would write it in a scene. */
export function describeDist(spec: DistSpec): string {
  const params = Object.entries(spec)
    .filter(([key]) => key !== 'dist')
    .map(([key, value]) => `${key} ${typeof value === 'number' ? num(value) : JSON.stringify(value)}`);
  return `${spec.dist}(${params.join(', ')})`;
}

const interval = (e: Estimate, unit: string, scale = 1): string =>
  `${num(e.value * scale)}${unit} [${num(e.low * scale)}, ${num(e.high * scale)}]`;

/** The calibration as a text table: one block per station. */
export function formatCalibration(
  header: { log: string; scene: string; out?: string | undefined },
  stations: readonly StationCalibration[],
): string {
  const lines = [`calibrated ${header.scene} from ${header.log}${header.out ? ` → ${header.out}` : ''} (95% confidence intervals)`];
  for (const c of stations) {
    lines.push('', `${c.station} (${c.units} unit${c.units === 1 ? '' : 's'})`);
    const row = (label: string, text: string): number => lines.push(`  ${label.padEnd(12)} ${text}`);
    if (c.cycle) {
      const best = c.cycle.fits[0]!;
      row('cycle time', `${describeDist(best.spec)}  mean ${interval(c.cycle.mean, ' s')}  n ${c.cycle.mean.n}`);
      row('KS', `D ${num(best.ks.d)}  p ${num(best.ks.p)}`);
      row('AIC', c.cycle.fits.map((f) => `${f.spec.dist} ${num(f.aic)}`).join(', '));
    } else row('cycle time', 'fewer than 2 complete cycles in the log');
    row('MTBF', c.mtbf ? `${interval(c.mtbf, ' s')}  ${c.mtbf.n} failures` : 'no failures');
    row('MTTR', c.mttr ? `${interval(c.mttr, ' s')}  n ${c.mttr.n}` : '-');
    row('scrap', `${interval(c.scrap, ' %', 100)}  of ${c.scrap.n} parts`);
    if (c.setup) row('setup', `${interval(c.setup, ' s')}  n ${c.setup.n}`);
    for (const note of c.notes) row('note', note);
  }
  return lines.join('\n');
}
