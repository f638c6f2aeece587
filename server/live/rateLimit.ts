/**
 * A token bucket: `rate` tokens per second on average, bursts up to `burst`. A message takes as many tokens as it
 * costs, so expensive requests use the allowance up faster. The clock is passed in, so tests can drive it.
 */
export interface RateLimiter {
  /** Takes `cost` tokens (1 by default); false when the bucket holds fewer (the message is dropped). */
  take(nowMs: number, cost?: number): boolean;
  /** Messages dropped so far. */
  readonly dropped: number;
}

/** Creates a full bucket. */
export function createRateLimiter(rate: number, burst: number): RateLimiter {
  let tokens = burst;
  let last = -1;
  let dropped = 0;
  return {
    take(nowMs, cost = 1) {
      if (last >= 0) tokens = Math.min(burst, tokens + ((nowMs - last) / 1000) * rate);
      last = nowMs;
      if (tokens >= cost) {
        tokens -= cost;
        return true;
      }
      dropped++;
      return false;
    },
    get dropped() {
      return dropped;
    },
  };
}
