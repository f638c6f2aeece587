import type { Seconds } from '../types.ts';

/** A FIFO ring of part slots with a time per entry (when it may leave); grows on demand. */
export interface PartQueue {
  parts: Int32Array;
  times: Float64Array;
  head: number;
  length: number;
}

/** Creates an empty queue with room for `capacity` parts before it grows. */
export function createPartQueue(capacity: number): PartQueue {
  const n = Math.max(4, capacity);
  return { parts: new Int32Array(n), times: new Float64Array(n), head: 0, length: 0 };
}

/** Appends a part that may leave at `readyAt`. */
export function enqueue(q: PartQueue, part: number, readyAt: Seconds): void {
  const cap = q.parts.length;
  if (q.length === cap) {
    const parts = new Int32Array(cap * 2),
      times = new Float64Array(cap * 2);
    for (let i = 0; i < q.length; i++) {
      parts[i] = q.parts[(q.head + i) % cap] as number;
      times[i] = q.times[(q.head + i) % cap] as number;
    }
    q.parts = parts;
    q.times = times;
    q.head = 0;
  }
  let at = q.head + q.length;
  if (at >= q.parts.length) at -= q.parts.length; // a conditional subtraction: cheaper than % in the hot path
  q.parts[at] = part;
  q.times[at] = readyAt;
  q.length++;
}

/** Removes and returns the front part. */
export function dequeue(q: PartQueue): number {
  const part = q.parts[q.head] as number;
  q.head = q.head + 1 === q.parts.length ? 0 : q.head + 1;
  q.length--;
  return part;
}

/** The front part's ready time. */
export function frontTime(q: PartQueue): Seconds {
  return q.times[q.head] as number;
}

/** The part at position i from the front (for snapshots). */
export function partAt(q: PartQueue, i: number): number {
  return q.parts[(q.head + i) % q.parts.length] as number;
}
