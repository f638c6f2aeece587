import type { DistSpec } from '../sim/index.ts';
import { kolmogorovTail, lnGamma, normalCdf } from './special.ts';

/**
 * Maximum-likelihood fits of the engine's distribution families to a sample of durations, ranked by AIC
 * (2·parameters − 2·ln L), each with its Kolmogorov–Smirnov distance to the sample.
 *
 * Families: constant (when every value is the same), exponential, normal, lognormal, Erlang (integer shape, profile
 * likelihood over k), Weibull and uniform. Triangular and empirical are not fitted: triangular has no closed-form MLE
 * and is a modelling choice for expert guesses, not for data. The KS p-value uses the Kolmogorov distribution with
 * Stephens' small-sample correction; the parameters come from the same data, so it is optimistic (a Lilliefors
 * test would reject more often): read it as a warning sign, not a test at a stated level.
 */
export interface Fit {
  spec: DistSpec;
  /** Free parameters fitted. */
  parameters: number;
  logLik: number;
  aic: number;
  ks: { d: number; p: number };
}

/** A family's fit before the KS check: its spec, likelihood and CDF. */
interface Candidate {
  spec: DistSpec;
  parameters: number;
  logLik: number;
  cdf: (x: number) => number;
}

/** Sufficient statistics every fit needs. */
interface Summary {
  n: number;
  mean: number;
  sd: number; // MLE (divides by n)
  sumLog: number;
  min: number;
  max: number;
}

function summarize(xs: readonly number[]): Summary {
  const n = xs.length;
  let sum = 0,
    sumLog = 0,
    min = Infinity,
    max = -Infinity;
  for (const x of xs) {
    sum += x;
    sumLog += Math.log(x);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { n, mean, sd: Math.sqrt(ss / n), sumLog, min, max };
}

function exponential(s: Summary): Candidate {
  const m = s.mean;
  return { spec: { dist: 'exponential', mean: m }, parameters: 1, logLik: -s.n * Math.log(m) - s.n, cdf: (x) => 1 - Math.exp(-x / m) };
}

function normal(s: Summary): Candidate {
  const { mean, sd, n } = s;
  return {
    spec: { dist: 'normal', mean, sd },
    parameters: 2,
    logLik: -n * (Math.log(sd) + 0.5 * Math.log(2 * Math.PI) + 0.5),
    cdf: (x) => normalCdf((x - mean) / sd),
  };
}

function lognormal(xs: readonly number[], s: Summary): Candidate {
  const mu = s.sumLog / s.n;
  let ss = 0;
  for (const x of xs) ss += (Math.log(x) - mu) ** 2;
  const sigma = Math.sqrt(ss / s.n);
  // the engine takes the mean and sd of the variable itself, not of its logarithm
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  const sd = mean * Math.sqrt(Math.expm1(sigma * sigma));
  return {
    spec: { dist: 'lognormal', mean, sd },
    parameters: 2,
    logLik: -s.n * (Math.log(sigma) + 0.5 * Math.log(2 * Math.PI) + 0.5) - s.sumLog,
    cdf: (x) => normalCdf((Math.log(x) - mu) / sigma),
  };
}

/** Erlang of integer shape k >= 2 (k = 1 is the exponential): the mean's MLE is the sample mean for any k, so search k. */
function erlang(s: Summary): Candidate {
  const ll = (k: number): number => -s.n * lnGamma(k) - s.n * k * Math.log(s.mean / k) + (k - 1) * s.sumLog - s.n * k;
  // ln L is concave in k: double until it stops growing, then find the last k where it still grows by bisection
  const grows = (k: number): boolean => ll(k + 1) > ll(k);
  let hi = 2;
  while (hi < 1e6 && grows(hi)) hi *= 2;
  let lo = 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (grows(mid)) lo = mid + 1;
    else hi = mid;
  }
  const k = lo;
  const theta = s.mean / k;
  return { spec: { dist: 'erlang', k, mean: s.mean }, parameters: 2, logLik: ll(k), cdf: (x) => erlangCdf(k, x / theta) };
}

/** P(k, y) for integer k: 1 − e^−y Σ_{i<k} y^i / i!, terms in log space so a large k does not overflow. */
function erlangCdf(k: number, y: number): number {
  if (y <= 0) return 0;
  let tail = 0;
  const ly = Math.log(y);
  for (let i = 0; i < k; i++) tail += Math.exp(-y + i * ly - lnGamma(i + 1));
  return Math.min(1, Math.max(0, 1 - tail));
}

/** Weibull by solving the shape's likelihood equation (bisection in ln k; the data scaled by its maximum against overflow). */
function weibull(xs: readonly number[], s: Summary): Candidate {
  const ys = xs.map((x) => x / s.max);
  const meanLogY = s.sumLog / s.n - Math.log(s.max);
  const g = (k: number): number => {
    let a = 0,
      b = 0;
    for (const y of ys) {
      const p = y ** k;
      a += p * Math.log(y);
      b += p;
    }
    return a / b - 1 / k - meanLogY;
  };
  let lo = Math.log(1e-3),
    hi = Math.log(1e3);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (g(Math.exp(mid)) < 0) lo = mid;
    else hi = mid;
  }
  const shape = Math.exp((lo + hi) / 2);
  const scale = s.max * (ys.reduce((acc, y) => acc + y ** shape, 0) / s.n) ** (1 / shape);
  const logLik = s.n * Math.log(shape) - s.n * shape * Math.log(scale) + (shape - 1) * s.sumLog - s.n;
  return { spec: { dist: 'weibull', shape, scale }, parameters: 2, logLik, cdf: (x) => 1 - Math.exp(-((x / scale) ** shape)) };
}

function uniform(s: Summary): Candidate {
  const { min, max } = s;
  return {
    spec: { dist: 'uniform', min, max },
    parameters: 2,
    logLik: -s.n * Math.log(max - min),
    cdf: (x) => Math.min(1, Math.max(0, (x - min) / (max - min))),
  };
}

/** The KS distance between a sorted sample and a CDF, and its approximate p-value. */
function kolmogorovSmirnov(sorted: readonly number[], cdf: (x: number) => number): { d: number; p: number } {
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  });
  const sqrtN = Math.sqrt(n);
  return { d, p: kolmogorovTail((sqrtN + 0.12 + 0.11 / sqrtN) * d) };
}

/** Relative spread below which a sample is a constant (clock rounding in a log, not variation). */
const CONSTANT_SPREAD = 1e-6;

/** Every family fitted to `xs` (positive durations, at least 2), best AIC first. */
export function fitDistributions(xs: readonly number[]): Fit[] {
  const s = summarize(xs);
  if (s.max - s.min <= CONSTANT_SPREAD * s.mean)
    return [{ spec: { dist: 'constant', value: s.mean }, parameters: 1, logLik: Infinity, aic: -Infinity, ks: { d: 0, p: 1 } }];
  const sorted = xs.slice().sort((a, b) => a - b);
  const candidates = [exponential(s), normal(s), lognormal(xs, s), erlang(s), weibull(xs, s), uniform(s)];
  return candidates
    .map((c) => ({
      spec: c.spec,
      parameters: c.parameters,
      logLik: c.logLik,
      aic: 2 * c.parameters - 2 * c.logLik,
      ks: kolmogorovSmirnov(sorted, c.cdf),
    }))
    .sort((a, b) => a.aic - b.aic);
}
