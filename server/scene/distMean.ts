import type { DistSpec } from '../sim/spec.ts';
import type { Seconds } from '../sim/types.ts';

/** The mean of a distribution as the engine samples it (the normal is truncated at 0). */
export function distMean(d: DistSpec): Seconds {
  switch (d.dist) {
    case 'constant': return d.value;
    case 'exponential': return d.mean;
    case 'uniform': return (d.min + d.max) / 2;
    case 'triangular': return (d.min + d.mode + d.max) / 3;
    case 'normal': return truncatedNormalMean(d.mean, d.sd);
    case 'lognormal': return d.mean;
    case 'weibull': return d.scale * gamma(1 + 1 / d.shape);
    case 'erlang': return d.mean;
    case 'empirical': {
      const weights = d.weights ?? d.values.map(() => 1);
      let total = 0;
      let weighted = 0;
      d.values.forEach((value, i) => {
        const w = weights[i] ?? 0;
        total += w;
        weighted += w * value;
      });
      return total > 0 ? weighted / total : 0;
    }
  }
}

/** Mean of a normal(mean, sd) conditioned on being >= 0. */
function truncatedNormalMean(mean: number, sd: number): number {
  if (sd === 0) return Math.max(mean, 0);
  const alpha = -mean / sd;
  const density = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI);
  const above = 0.5 * erfc(alpha / Math.SQRT2); // P(X >= 0)
  return above > 0 ? mean + (sd * density) / above : 0;
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** The gamma function (Lanczos approximation, g = 7). */
function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let sum = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (y + i);
  const t = y + 7.5;
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * sum;
}
