import { describe, expect, it } from 'vitest';
import { createStream } from '../../server/sim/random.ts';
import { parseScene, SceneError } from '../../server/scene/index.ts';

/** Seeding of the named random streams: (seed, replication) pairs must never share a stream. */

const TWO_32 = 2 ** 32;

/** The first 64 bits a stream draws, as a key. */
function head(seed: number, replication: number, name = 'M1:processing'): string {
  const s = createStream(seed, replication, name);
  return `${s.nextUint32()}:${s.nextUint32()}`;
}

describe('streams of distinct (seed, replication) pairs are distinct', () => {
  it('seed 5 replication 0 is not seed 0 replication 4160200975 (they coincided when the two were XORed)', () => {
    for (const name of ['M1:processing', 'M1:failures', 'FILL:repairs']) expect(head(5, 0, name)).not.toBe(head(0, 4160200975, name));
  });

  it('random pairs, swapped pairs, pairs XORed with a common mask and the range ends all give different streams', () => {
    const rng = createStream(2024, 0, 'pairs');
    const word = (): number => rng.nextUint32();
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < 5000; i++) {
      const s = word(),
        r = rng.next() < 0.5 ? word() : word() & 0xff; // small replication numbers are the usual ones
      const mask = word();
      pairs.push([s, r], [r, s], [(s ^ mask) >>> 0, (r ^ mask) >>> 0]);
    }
    for (const a of [0, 1, 2 ** 31, TWO_32 - 1]) for (const b of [0, 1, 2 ** 31, TWO_32 - 1]) pairs.push([a, b]);
    const distinct = new Map(pairs.map(([s, r]) => [`${s},${r}`, [s, r] as const]));
    const streams = new Map<string, string>();
    for (const [key, [s, r]] of distinct) {
      const h = head(s, r);
      expect(streams.get(h), `${key} draws the same as ${streams.get(h)}`).toBeUndefined();
      streams.set(h, key);
    }
    expect(streams.size).toBe(distinct.size);
  });

  it('neighbouring seeds and replications give uniform, uncorrelated first draws', () => {
    const n = 10_000;
    for (const first of [
      (k: number) => createStream(k, 0, 'M1:processing').next(),
      (k: number) => createStream(7, k, 'M1:processing').next(),
    ]) {
      const bins = new Array(10).fill(0);
      let sx = 0,
        sy = 0,
        sxy = 0,
        sx2 = 0,
        sy2 = 0;
      let prev = first(0);
      for (let k = 1; k <= n; k++) {
        const x = first(k);
        bins[Math.floor(x * 10)]++;
        sx += prev;
        sy += x;
        sxy += prev * x;
        sx2 += prev * prev;
        sy2 += x * x;
        prev = x;
      }
      const chi2 = bins.reduce((acc, c) => acc + (c - n / 10) ** 2 / (n / 10), 0);
      expect(chi2).toBeLessThan(27.9); // 99.9% point of chi-square with 9 df
      const corr = (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sx2 / n - (sx / n) ** 2) * (sy2 / n - (sy / n) ** 2));
      expect(Math.abs(corr)).toBeLessThan(4 / Math.sqrt(n));
    }
  });
});

describe('scene seeds are whole numbers in [0, 2^32)', () => {
  const scene = (seed: string): string =>
    `name: t\nrun: { seed: ${seed} }\nstations:\n  - { id: IN, type: source }\n  - { id: M, type: machine, cycleTime: 1 }\n  - { id: OUT, type: sink }\n`;
  const seedError = (seed: string): string => {
    try {
      parseScene(scene(seed), 's.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(SceneError);
      return (e as SceneError).issues.find((i) => i.path === 'run.seed')?.message ?? (e as Error).message;
    }
    return '';
  };

  it('accepts 0 and 2^32 - 1', () => {
    expect(parseScene(scene('0'), 's.yaml').run.seed).toBe(0);
    expect(parseScene(scene(String(TWO_32 - 1)), 's.yaml').run.seed).toBe(TWO_32 - 1);
  });
  it('rejects a negative, fractional or too large seed, saying what a seed must be', () => {
    for (const bad of ['-1', '1.5', String(TWO_32), '1e12'])
      expect(seedError(bad)).toBe('must be a whole number from 0 to 4294967295 (2^32 - 1)');
  });
});
