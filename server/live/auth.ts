import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The operator token: from TWIN_OPERATOR_TOKEN, or generated at start (and printed once by `twin serve`). */
export function resolveOperatorToken(fromEnv: string | undefined): { token: string; generated: boolean } {
  if (fromEnv && fromEnv.trim().length >= 8) return { token: fromEnv.trim(), generated: false };
  return { token: randomBytes(18).toString('base64url'), generated: true };
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected),
    b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
