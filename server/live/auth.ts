import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Shortest operator token an operator may choose (the generated one has 24 characters of base64url: 144 bits). */
const MIN_TOKEN_LENGTH = 16;
/** Fewest different characters a chosen token must have, so `aaaaaaaaaaaaaaaa` or `abababab...` are refused. */
const MIN_TOKEN_DISTINCT = 8;

/** Why a chosen token is too weak to guard the controls, or null when it is strong enough. */
function tokenWeakness(token: string): string | null {
  const distinct = new Set(token).size;
  if (token.length < MIN_TOKEN_LENGTH) return `it has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH}`;
  if (distinct < MIN_TOKEN_DISTINCT) return `it has only ${distinct} different characters; use at least ${MIN_TOKEN_DISTINCT}`;
  return null;
}

/**
 * The operator token: from TWIN_OPERATOR_TOKEN (unset or blank: generated at start, and printed once by
 * `twin serve`). A chosen token that is too weak is refused with the reason, never silently replaced.
 */
export function resolveOperatorToken(fromEnv: string | undefined): { token: string; generated: boolean } | { weak: string } {
  const chosen = fromEnv?.trim() ?? '';
  if (chosen === '') return { token: randomBytes(18).toString('base64url'), generated: true };
  const weak = tokenWeakness(chosen);
  return weak ? { weak } : { token: chosen, generated: false };
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected),
    b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
