import type { Factor } from './design.ts';
import type { KpiChoice } from './kpis.ts';
import type { Estimate } from './stats.ts';

/**
 * `--optimize KPI --target X`: the smallest total of the swept factors (for buffer capacities, the total
 * buffer space) whose mean KPI reaches the target, searched over the whole range of each factor, not only
 * the listed values.
 *
 * Method: greedy marginal allocation, the classic heuristic for buffer allocation. Start with every factor at
 * the low end of its range; while the mean KPI misses the target, evaluate raising each factor by one step
 * (the same replications, so common random numbers make the neighbours comparable) and move to the neighbour
 * with the best mean KPI. Stop at the first point that reaches the target. Each step adds one step of cost,
 * so the answer is the cheapest point on the greedy path. With a single factor that is exactly the smallest
 * value whose mean reaches the target; with several it is a heuristic (it assumes the KPI improves
 * monotonically as the factors grow, as throughput does with buffer space). The search logic is pure:
 * evaluation is passed in.
 */

/** The factor values the search may use. */
export interface SearchFactor {
  path: string;
  /** Increasing candidate values: every integer from the smallest to the largest listed, else the listed values. */
  candidates: number[];
}

/** One evaluated point of the search. */
export interface SearchStep {
  values: number[];
  estimate: Estimate;
  reaches: boolean;
}

/** The outcome of one search. */
export interface SearchOutcome {
  /** The cheapest point found that reaches the target; undefined when even the top of every range misses it. */
  answer?: (SearchStep & { cost: number; confident: boolean }) | undefined;
  /** Every point evaluated, in search order. */
  path: SearchStep[];
}

/** Evaluates points (one list of factor values each) and returns the KPI estimate of each. */
export type Evaluate = (points: number[][]) => Promise<Estimate[]>;

/** Widest integer range searched per factor: the search may take one step per value. */
const MAX_RANGE = 1000;

/** Candidate values of the swept factors, or a message saying why the sweep cannot be searched. */
export function searchFactors(factors: readonly Factor[]): SearchFactor[] | string {
  if (factors.length === 0) return 'optimizing needs a sweep: it searches over the ranges of the swept factors';
  const out: SearchFactor[] = [];
  for (const f of factors) {
    const values = f.values;
    if (!values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
      return `optimizing needs numeric sweep values, and "${f.path}" lists ${values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const lo = sorted[0]!,
      hi = sorted[sorted.length - 1]!;
    if (values.every(Number.isInteger) && hi - lo > MAX_RANGE)
      return `"${f.path}" spans ${lo}..${hi}: optimizing searches at most ${MAX_RANGE} steps per factor`;
    out.push({ path: f.path, candidates: values.every(Number.isInteger) ? range(lo, hi) : sorted });
  }
  return out;
}

/** Does an estimate reach the target on average, and with 95% confidence? */
function reachesTarget(e: Estimate, choice: KpiChoice, target: number): { mean: boolean; confident: boolean } {
  return choice.order === 'max'
    ? { mean: e.mean >= target, confident: e.mean - e.halfWidth >= target }
    : { mean: e.mean <= target, confident: e.mean + e.halfWidth <= target };
}

/** Greedy search for the cheapest point reaching `target` (see the module comment). */
export async function greedySearch(
  factors: readonly SearchFactor[],
  choice: KpiChoice,
  target: number,
  evaluate: Evaluate,
): Promise<SearchOutcome> {
  const path: SearchStep[] = [];
  const step = async (points: number[][]): Promise<SearchStep[]> => {
    const estimates = await evaluate(points);
    const steps = points.map((values, i) => ({
      values,
      estimate: estimates[i]!,
      reaches: reachesTarget(estimates[i]!, choice, target).mean,
    }));
    path.push(...steps);
    return steps;
  };
  let positions = factors.map(() => 0); // index into each factor's candidates
  let [current] = await step([positions.map((p, i) => factors[i]!.candidates[p]!)]);
  while (current && !current.reaches) {
    const moves = factors.flatMap((f, i) => (positions[i]! + 1 < f.candidates.length ? [i] : []));
    if (moves.length === 0) return { path };
    const next = moves.map((i) => positions.map((p, j) => (j === i ? p + 1 : p)));
    const steps = await step(next.map((pos) => pos.map((p, j) => factors[j]!.candidates[p]!)));
    let best = 0;
    steps.forEach((s, i) => {
      const m = s.estimate.mean,
        b = steps[best]!.estimate.mean;
      if (Number.isNaN(b) || (choice.order === 'max' ? m > b : m < b)) best = i; // ties: the first factor
    });
    positions = next[best]!;
    current = steps[best];
  }
  if (!current) return { path };
  const cost = current.values.reduce((a, b) => a + b, 0);
  return { answer: { ...current, cost, confident: reachesTarget(current.estimate, choice, target).confident }, path };
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v++) out.push(v);
  return out;
}
