import { createHash } from 'node:crypto';
import { tokenMatches } from './auth.ts';

/**
 * Operator sign-ins, by handshake token or `auth:operator`, limited per remote address over time: a rate limit per
 * connection let 100 connections guess about 1,300 tokens a second. After `failures` wrong tokens from one address
 * within `windowMs`, that address may not try again for `lockoutMs`, doubled for every further lockout up to
 * `maxLockoutMs`, across all of its connections. Only different wrong tokens count: browser tabs that still hold
 * the token of a server's previous start send that same one on every reconnect, and must not lock their operator
 * out, while a guesser has to try a new token each time. Every failure is logged with the address and the time,
 * never the token that was tried (only a hash of it is kept, in memory, for the window).
 */

/** How many wrong tokens an address may send, and how long it is locked out after. */
export interface SignInLimits {
  failures: number;
  windowMs: number;
  lockoutMs: number;
  maxLockoutMs: number;
}

/** 5 wrong tokens a minute, then 1 min locked, 2, 4... at most 1 h. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { failures: 5, windowMs: 60_000, lockoutMs: 60_000, maxLockoutMs: 3_600_000 };

/** The answer to a sign-in: accepted, or why not. */
export type SignInResult = { ok: true } | { ok: false; error: string };

/** The operator sign-in of one server. */
export interface SignIn {
  /** Checks `given` against the operator token for a client at `address`. */
  attempt(address: string, given: unknown): SignInResult;
}

interface AddressRecord {
  failures: Array<{ at: number; token: string }>; // failures in the current window: time (ms), hash of the token
  lockouts: number; // lockouts so far: the next one lasts lockoutMs * 2^lockouts
  lockedUntil: number; // ms
}

/** Addresses remembered before quiet ones are forgotten. */
const PRUNE_ABOVE = 10_000;

/** Creates the sign-in of a server with `token`; `log` gets one line per failure and lockout; `now` is the clock in ms. */
export function createSignIn(
  token: string,
  log: (text: string) => void,
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  now: () => number = Date.now,
): SignIn {
  const records = new Map<string, AddressRecord>();
  const prune = (t: number): void => {
    // an address is forgotten once it is not locked and its last failure left the window and the longest lockout
    for (const [address, r] of records)
      if (r.lockedUntil <= t && (r.failures.at(-1)?.at ?? 0) + limits.windowMs + limits.maxLockoutMs <= t) records.delete(address);
  };
  return {
    attempt(address, given) {
      const t = now();
      const r = records.get(address);
      if (r && r.lockedUntil > t) {
        // not even compared: a locked-out address learns nothing, right or wrong
        return {
          ok: false,
          error: `too many wrong operator tokens from ${address}: try again in ${Math.ceil((r.lockedUntil - t) / 1000)} s`,
        };
      }
      if (tokenMatches(token, given)) {
        records.delete(address);
        return { ok: true };
      }
      if (records.size > PRUNE_ABOVE) prune(t);
      const rec = r ?? { failures: [], lockouts: 0, lockedUntil: 0 };
      records.set(address, rec);
      if (rec.lockouts > 0 && t - rec.lockedUntil > limits.maxLockoutMs) rec.lockouts = 0; // quiet long enough: start over
      rec.failures = rec.failures.filter((f) => f.at > t - limits.windowMs);
      const hash = createHash('sha256').update(String(given)).digest('base64url');
      const repeated = rec.failures.some((f) => f.token === hash);
      if (!repeated) rec.failures.push({ at: t, token: hash });
      const count = `${rec.failures.length} different within ${limits.windowMs / 1000} s`;
      log(
        `operator sign-in failed from ${address} at ${new Date(t).toISOString()} (${repeated ? `a token already tried; ${count}` : count})`,
      );
      if (repeated) return { ok: false, error: 'wrong operator token' };
      if (rec.failures.length < limits.failures) return { ok: false, error: 'wrong operator token' };
      const ms = Math.min(limits.maxLockoutMs, limits.lockoutMs * 2 ** rec.lockouts);
      rec.lockouts++;
      rec.lockedUntil = t + ms;
      rec.failures = [];
      log(`operator sign-ins from ${address} locked for ${Math.round(ms / 1000)} s after ${limits.failures} wrong tokens`);
      return { ok: false, error: `wrong operator token; too many from ${address}: try again in ${Math.round(ms / 1000)} s` };
    },
  };
}
