/**
 * Small dense linear systems (a few dozen unknowns: one per station), for the line's structure, solved once per
 * simulation. Gauss-Jordan elimination with partial pivoting.
 */

/**
 * Brings the augmented matrix `m` (rows of `unknowns` coefficients followed by right-hand sides) to reduced row
 * echelon form in place. Returns, for each unknown, the row holding its pivot, or -1 for a free unknown (a column
 * with nothing above `tolerance` times the largest coefficient left to pivot on).
 */
export function reduceRows(m: number[][], unknowns: number, tolerance = 1e-12): number[] {
  let scale = 0;
  for (const row of m) for (let c = 0; c < unknowns; c++) scale = Math.max(scale, Math.abs(row[c]!));
  const pivotRow = new Array<number>(unknowns).fill(-1);
  let r = 0;
  for (let c = 0; c < unknowns && r < m.length; c++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!)) best = i;
    if (!(Math.abs(m[best]![c]!) > tolerance * scale)) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    const p = m[r]!;
    const inv = 1 / p[c]!;
    for (let k = 0; k < p.length; k++) p[k]! *= inv;
    for (let i = 0; i < m.length; i++) {
      const row = m[i]!;
      const f = row[c]!;
      if (i === r || f === 0) continue;
      for (let k = 0; k < row.length; k++) row[k]! -= f * p[k]!;
    }
    pivotRow[c] = r++;
  }
  return pivotRow;
}

/** Solves A X = B for a square, non-singular A (columns of B are right-hand sides); null if A is singular. */
export function solve(a: number[][], b: number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...b[i]!]);
  const pivotRow = reduceRows(m, n);
  if (pivotRow.some((r) => r < 0)) return null;
  return pivotRow.map((r) => m[r]!.slice(n));
}
