/**
 * A token bucket per connection: `rate` messages per second on average, bursts up to `burst`.
 * The clock is passed in, so tests can drive it.
 */
export interface RateLimiter {
  /** Takes one token; false when the bucket is empty (the message is dropped). */
  take(nowMs: number): boolean;
  /** Messages dropped so far. */
  readonly dropped: number;
}

/** Creates a full bucket. */
export function createRateLimiter(rate: number, burst: number): RateLimiter {
  let tokens = burst;
  let last = -1;
  let dropped = 0;
  return {
    take(nowMs) {
      if (last >= 0) tokens = Math.min(burst, tokens + ((nowMs - last) / 1000) * rate);
      last = nowMs;
      if (tokens >= 1) {
        tokens -= 1;
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
