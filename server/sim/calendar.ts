import type { Seconds } from './types.ts';

/**
 * The future event list: a binary min-heap keyed by (time, insertion sequence), so events due at the same
 * time fire in the order they were scheduled. Entries live in parallel typed arrays rather than objects:
 * the hot loop allocates nothing, which is what makes millions of events per second possible.
 * An event is three integers: a kind, a target (station or unit index) and a token that lets the
 * model ignore events it has since cancelled.
 */
export interface Calendar {
  /** Number of pending events. */
  readonly size: number;
  /** Schedules an event at absolute time `time`. */
  push(time: Seconds, kind: number, target: number, token: number): void;
  /** Time of the next event; Infinity when empty. */
  peekTime(): Seconds;
  /** Removes the next event and exposes it through `time`, `kind`, `target`, `token`. */
  pop(): void;
  /** The last popped event. */
  time: Seconds;
  kind: number;
  target: number;
  token: number;
}

/** Creates an empty calendar. */
export function createCalendar(initialCapacity = 64): Calendar {
  let cap = initialCapacity;
  let times = new Float64Array(cap);
  let seqs = new Float64Array(cap); // float64 counts exactly to 2^53: no wrap-around over any horizon
  let kinds = new Int32Array(cap);
  let targets = new Int32Array(cap);
  let tokens = new Int32Array(cap);
  let n = 0;
  let nextSeq = 0;

  const grow = (): void => {
    cap *= 2;
    const t = new Float64Array(cap); t.set(times); times = t;
    const s = new Float64Array(cap); s.set(seqs); seqs = s;
    const k = new Int32Array(cap); k.set(kinds); kinds = k;
    const g = new Int32Array(cap); g.set(targets); targets = g;
    const o = new Int32Array(cap); o.set(tokens); tokens = o;
  };

  // The popped event is exposed as plain data fields (not getters): they are read on every event.
  const cal = {
    time: 0, kind: 0, target: 0, token: 0,
    get size() { return n; },
    push(time: Seconds, kind: number, target: number, token: number): void {
      if (n === cap) grow();
      const seq = nextSeq++;
      // sift up: move parents down until the slot for the new entry is found
      let i = n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const pt = times[p] as number;
        if (pt < time || (pt === time && (seqs[p] as number) < seq)) break;
        times[i] = pt; seqs[i] = seqs[p] as number; kinds[i] = kinds[p] as number;
        targets[i] = targets[p] as number; tokens[i] = tokens[p] as number;
        i = p;
      }
      times[i] = time; seqs[i] = seq; kinds[i] = kind; targets[i] = target; tokens[i] = token;
    },
    peekTime(): Seconds {
      return n > 0 ? (times[0] as number) : Infinity;
    },
    pop(): void {
      if (n === 0) throw new Error('pop from an empty calendar');
      cal.time = times[0] as number; cal.kind = kinds[0] as number;
      cal.target = targets[0] as number; cal.token = tokens[0] as number;
      n--;
      if (n === 0) return;
      // sift the last entry down from the root
      const lt = times[n] as number, ls = seqs[n] as number;
      const lk = kinds[n] as number, lg = targets[n] as number, lo = tokens[n] as number;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (r < n) {
          const ct = times[c] as number, rt = times[r] as number;
          if (rt < ct || (rt === ct && (seqs[r] as number) < (seqs[c] as number))) c = r;
        }
        const ct = times[c] as number;
        if (lt < ct || (lt === ct && ls < (seqs[c] as number))) break;
        times[i] = ct; seqs[i] = seqs[c] as number; kinds[i] = kinds[c] as number;
        targets[i] = targets[c] as number; tokens[i] = tokens[c] as number;
        i = c;
      }
      times[i] = lt; seqs[i] = ls; kinds[i] = lk; targets[i] = lg; tokens[i] = lo;
    },
  };
  return cal;
}
