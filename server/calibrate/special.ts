import { normalQuantile } from '../analysis/studentT.ts';
import { erfc } from '../sim/index.ts';

/**
 * The few special functions a calibration needs: log-gamma for likelihoods, the normal CDF for the normal and
 * lognormal fits, chi-square quantiles for the MTBF interval and the Kolmogorov distribution for the KS p-value.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal p-quantile. */
export { normalQuantile };

/** The p-quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty; within 1% for df >= 2, which MTBF intervals have). */
export function chiSquareQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  const a = 2 / (9 * df);
  return df * Math.max(0, 1 - a + z * Math.sqrt(a)) ** 3;
}

/** P(K > x) of the Kolmogorov distribution (the asymptotic law of √n·D). */
export function kolmogorovTail(x: number): number {
  if (x <= 0) return 1;
  if (x < 0.3) return 1; // the series converges slowly here and the tail is 1 to 8 digits
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * x * x);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}
