/**
 * Seeded random streams. Every stream is named by station and purpose ("M3:failures") and derived from the
 * scene seed and the replication number alone, so adding or changing one station never shifts the numbers
 * another station draws: the basis of common random numbers in what-if comparisons.
 */

/** A source of random numbers. */
export interface RandomStream {
  /** Uniform in (0, 1) with 53 random bits: never exactly 0 or 1, so logarithms are always finite. */
  next(): number;
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
}

/** 32-bit FNV-1a hash of a string, to turn a stream name into seed material. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: spreads correlated seeds (1, 2, 3...) into well-mixed, independent-looking states; a bijection of 32-bit words. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A stream's sfc32 state: the words a, b, c and the counter d. */
interface Sfc32Stream extends RandomStream {
  readonly state: Int32Array;
}

/** One sfc32 step: the next 32-bit output. */
function step(s: Int32Array): number {
  const a = s[0]!,
    b = s[1]!,
    c = s[2]!,
    d = s[3]!;
  const t = (((a + b) | 0) + d) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = c + (c << 3);
  s[2] = ((c << 21) | (c >>> 11)) + t;
  s[3] = d + 1;
  return t >>> 0;
}

// Every stream shares these two functions (the state lives in the stream), so each call site in the engine sees
// one target and V8 inlines it; per-stream closures measured 5% slower.
function nextUint32(this: Sfc32Stream): number {
  return step(this.state);
}

/** 53 random bits from two outputs, offset by half an ulp so the result lies strictly inside (0, 1). */
function nextUniform(this: Sfc32Stream): number {
  const s = this.state;
  const hi = step(s) >>> 5;
  const lo = step(s) >>> 6;
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast chaotic generator): passes PractRand to 2^42+ bytes, 128-bit state,
 * only 32-bit integer operations, so it is fast and bit-identical on every JS engine.
 *
 * Seeding keeps seed and replication apart: the seed fills word a, the replication word b, the stream name's hash
 * word c, each through a bijective mixer, and d is the counter. Every step of sfc32 is a bijection of its state,
 * so for a given name, distinct (seed, replication) pairs with both in [0, 2^32) start distinct states and draw
 * distinct streams. (Combining their hashes into one word, as before, let pairs coincide: seed 5 replication 0
 * was seed 0 replication 4160200975.)
 */
export function createStream(seed: number, replication: number, name: string): RandomStream {
  const state = new Int32Array(4);
  state[0] = splitmix32(seed >>> 0);
  state[1] = splitmix32(Math.imul(replication >>> 0, 0x632be5ab) >>> 0); // another bijection: odd multiplier, then mix
  state[2] = splitmix32(fnv1a(name));
  state[3] = 1;
  for (let i = 0; i < 12; i++) step(state); // discard the first outputs, as the sfc32 author recommends
  const stream: Sfc32Stream = { state, next: nextUniform, nextUint32 };
  return stream;
}

/** The purposes a station draws random numbers for; each gets its own stream. */
export type StreamPurpose =
  | 'processing'
  | 'failures'
  | 'repairs'
  | 'scrap'
  | 'arrivals'
  | 'setup'
  | 'maintenance'
  | 'routing'
  | 'wear'
  | 'wearRepairs'
  | 'signal'
  | 'products'
  | 'defects'
  | 'inspection'
  | 'partRepairs';

/** Streams of one simulation run, created on first use and named `<station>:<purpose>`. */
export function createStreamFactory(seed: number, replication: number): (station: string, purpose: StreamPurpose) => RandomStream {
  return (station, purpose) => createStream(seed, replication, `${station}:${purpose}`);
}
