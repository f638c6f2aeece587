import type { Seconds } from './types.ts';

/**
 * The future event list: a binary min-heap keyed by (time, insertion sequence), so events due at the same
 * time fire in the order they were scheduled. An event is three integers (a kind, a target station or unit,
 * and a token that lets the model ignore events it has since cancelled) kept in pooled typed-array slots;
 * the heap itself holds only slot numbers, so sifting moves one integer per level. The hot loop allocates
 * nothing. (Measured here: pop + push in about 30 ns with 20 pending events, four times faster than a heap
 * that moves all fields; replacing the handled root with the event it schedules saved another 2% of the engine.)
 */
export interface Calendar {
  /** Number of pending events. */
  size: number;
  /** Schedules an event at absolute time `time`. */
  push(time: Seconds, kind: number, target: number, token: number): void;
  /** Time of the next event; Infinity when empty. */
  peekTime(): Seconds;
  /** Removes the next event and exposes it through `time`, `kind`, `target`, `token`. */
  pop(): void;
  /** If the next event is due at or before `t`, pops it (as pop) and returns true; the engine loop's one call per event. */
  popDue(t: Seconds): boolean;
  /** The last popped event. */
  time: Seconds;
  kind: number;
  target: number;
  token: number;
}

/** Creates an empty calendar. */
export function createCalendar(initialCapacity = 64): Calendar {
  let cap = initialCapacity;
  let heap = new Int32Array(cap); // slot numbers, heap-ordered
  let times = new Float64Array(cap); // by slot
  let seqs = new Float64Array(cap); // float64 counts exactly to 2^53: no wrap-around over any horizon
  let kinds = new Int32Array(cap);
  let targets = new Int32Array(cap);
  let tokens = new Int32Array(cap);
  const free: number[] = [];
  let used = 0; // slots ever handed out
  let nextSeq = 0;
  let n = 0; // entries in the heap, including a delivered root not yet removed
  // popDue hands out the root but leaves it in place: most events schedule one new event, which then simply
  // replaces the root (one sift instead of a removal and an insertion).
  let delivered = false;

  const grow = (): void => {
    cap *= 2;
    const h = new Int32Array(cap); h.set(heap); heap = h;
    const t = new Float64Array(cap); t.set(times); times = t;
    const s = new Float64Array(cap); s.set(seqs); seqs = s;
    const k = new Int32Array(cap); k.set(kinds); kinds = k;
    const g = new Int32Array(cap); g.set(targets); targets = g;
    const o = new Int32Array(cap); o.set(tokens); tokens = o;
  };

  /** Moves heap entry `slot`, placed at position i, down to where it belongs. */
  const siftDown = (slot: number, i: number): void => {
    const lt = times[slot]!, ls = seqs[slot]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let cs = heap[c]!;
      let ct = times[cs]!;
      const r = c + 1;
      if (r < n) {
        const rs = heap[r]!;
        const rt = times[rs]!;
        if (rt < ct || (rt === ct && seqs[rs]! < seqs[cs]!)) { c = r; cs = rs; ct = rt; }
      }
      if (lt < ct || (lt === ct && ls < seqs[cs]!)) break;
      heap[i] = cs;
      i = c;
    }
    heap[i] = slot;
  };

  /** Removes the delivered root for good. */
  const dropRoot = (): void => {
    delivered = false;
    free.push(heap[0]!);
    n--;
    if (n > 0) siftDown(heap[n]!, 0);
  };

  const deliverRoot = (): void => {
    const top = heap[0]!;
    cal.time = times[top]!; cal.kind = kinds[top]!; cal.target = targets[top]!; cal.token = tokens[top]!;
    delivered = true;
    cal.size = n - 1;
  };

  // Plain data fields, no accessors: V8 keeps such an object in fast mode, and these are read on every event.
  const cal: Calendar = {
    size: 0,
    time: 0, kind: 0, target: 0, token: 0,
    push(time, kind, target, token) {
      const seq = nextSeq++;
      if (delivered) {
        // Reuse the delivered root's slot and position: the new entry can only move down from there.
        delivered = false;
        const slot = heap[0]!;
        times[slot] = time; seqs[slot] = seq; kinds[slot] = kind; targets[slot] = target; tokens[slot] = token;
        siftDown(slot, 0);
        cal.size = n;
        return;
      }
      let slot: number;
      if (free.length > 0) slot = free.pop()!;
      else {
        if (used === cap) grow();
        slot = used++;
      }
      times[slot] = time; seqs[slot] = seq; kinds[slot] = kind; targets[slot] = target; tokens[slot] = token;
      let i = n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const ps = heap[p]!;
        const pt = times[ps]!;
        if (pt < time || (pt === time && seqs[ps]! < seq)) break;
        heap[i] = ps;
        i = p;
      }
      heap[i] = slot;
      cal.size = n;
    },
    peekTime() {
      if (delivered) dropRoot();
      return n > 0 ? times[heap[0]!]! : Infinity;
    },
    popDue(t) {
      if (delivered) dropRoot();
      if (n === 0 || times[heap[0]!]! > t) return false;
      deliverRoot();
      return true;
    },
    pop() {
      if (delivered) dropRoot();
      if (n === 0) throw new Error('pop from an empty calendar');
      deliverRoot();
    },
  };
  return cal;
}
