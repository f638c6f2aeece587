import type { DistSpec } from './spec.ts';
import type { RandomStream } from './random.ts';
import { standardExponential } from './ziggurat.ts';

/** Draws one value of a distribution from a random stream. */
export type Sampler = (rng: RandomStream) => number;

/** Standard normal by the Box-Muller transform; uses exactly two uniforms, so the stream position stays predictable. */
export function standardNormal(rng: RandomStream): number {
  return Math.sqrt(-2 * Math.log(rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Turns a distribution spec into a fast sampling function (parameters precomputed once). */
export function createSampler(spec: DistSpec): Sampler {
  switch (spec.dist) {
    case 'constant': {
      const v = spec.value;
      return () => v;
    }
    case 'exponential': {
      const m = spec.mean;
      return (rng) => m * standardExponential(rng);
    }
    case 'uniform': {
      const { min, max } = spec;
      return (rng) => min + (max - min) * rng.next();
    }
    case 'triangular': {
      const { min, mode, max } = spec;
      const range = max - min;
      if (range === 0) return () => min;
      const cut = (mode - min) / range;
      return (rng) => {
        const u = rng.next();
        return u < cut ? min + Math.sqrt(u * range * (mode - min)) : max - Math.sqrt((1 - u) * range * (max - mode));
      };
    }
    case 'normal': {
      const { mean, sd } = spec;
      return (rng) => {
        // Truncated at 0 by rejection; the bound guards against a pathological mean far below 0.
        for (let i = 0; i < 1000; i++) {
          const x = mean + sd * standardNormal(rng);
          if (x >= 0) return x;
        }
        return 0;
      };
    }
    case 'lognormal': {
      // mean and sd are of the variable; convert to the parameters of its logarithm
      const { mean, sd } = spec;
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      const mu = Math.log(mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return (rng) => Math.exp(mu + sigma * standardNormal(rng));
    }
    case 'weibull': {
      const { shape, scale } = spec;
      const inv = 1 / shape;
      return (rng) => scale * Math.pow(-Math.log(rng.next()), inv);
    }
    case 'erlang': {
      const { k, mean } = spec;
      const phaseMean = mean / k;
      return (rng) => {
        let product = 1;
        for (let i = 0; i < k; i++) product *= rng.next();
        return -phaseMean * Math.log(product);
      };
    }
    case 'empirical': {
      const values = spec.values.slice();
      const weights = spec.weights ?? values.map(() => 1);
      const total = weights.reduce((a, b) => a + b, 0);
      const cumulative: number[] = [];
      let acc = 0;
      for (const w of weights) cumulative.push((acc += w / total));
      return (rng) => {
        const u = rng.next();
        for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return values[i] as number;
        return values[values.length - 1] as number;
      };
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
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
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

/** The mean of a distribution as the engine samples it (the normal truncated at 0). */
export function meanOf(spec: DistSpec): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'triangular':
      return (spec.min + spec.mode + spec.max) / 3;
    case 'normal':
      return truncatedNormalMean(spec.mean, spec.sd);
    case 'lognormal':
      return spec.mean;
    case 'weibull':
      return spec.scale * gamma(1 + 1 / spec.shape);
    case 'erlang':
      return spec.mean;
    case 'empirical': {
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return total > 0 ? spec.values.reduce((acc, v, i) => acc + v * (w[i] as number), 0) / total : 0;
    }
  }
}
