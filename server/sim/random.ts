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

/** splitmix32 step: spreads correlated seeds (1, 2, 3...) into well-mixed, independent-looking states. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast chaotic generator): passes PractRand to 2^42+ bytes, 128-bit state,
 * only 32-bit integer operations, so it is fast and bit-identical on every JS engine.
 */
export function createStream(seed: number, replication: number, name: string): RandomStream {
  let s = splitmix32(fnv1a(name) ^ splitmix32(seed >>> 0) ^ splitmix32((replication * 0x632be5ab) >>> 0));
  let a = (s = splitmix32(s));
  let b = (s = splitmix32(s));
  let c = (s = splitmix32(s));
  let d = 1;
  const step = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) step(); // discard the first outputs, as the sfc32 author recommends
  return {
    // 53 random bits from two sfc32 outputs (written out: this is the hottest function of the engine),
    // offset by half an ulp so the result lies strictly inside (0, 1)
    next: () => {
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
      const hi = t >>> 5;
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
      return (hi * 67108864 + (t >>> 6) + 0.5) / 9007199254740992;
    },
    nextUint32: step,
  };
}

/** The purposes a station draws random numbers for; each gets its own stream. */
export type StreamPurpose = 'processing' | 'failures' | 'repairs' | 'scrap' | 'arrivals' | 'setup' | 'maintenance' | 'routing';

/** Streams of one simulation run, created on first use and named `<station>:<purpose>`. */
export function createStreamFactory(seed: number, replication: number): (station: string, purpose: StreamPurpose) => RandomStream {
  return (station, purpose) => createStream(seed, replication, `${station}:${purpose}`);
}
