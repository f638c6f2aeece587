import type { Ack } from '../../server/protocol/events.ts';

/** Helpers for the training tests on a live server. */

/** A successful acknowledgement with its fields `T`. */
export type Ok<T> = { ok: true } & T;

/** The acknowledgement of a request that must succeed, typed as `T` (a refusal fails the test with its error). */
export async function ok<T extends object = object>(p: Ack<object> | Promise<Ack<object>>): Promise<Ok<T>> {
  const res = await p;
  if (!res.ok) throw new Error(`refused: ${res.error}`);
  return res as Ok<T>;
}
