/**
 * What a client event costs in rate-limit tokens (traffic.ts): 1 for a small request, more for one whose answer
 * is large or whose work is heavy, so a connection may ask for the experiment catalog (53 KB) twice a second but
 * not twenty times. Set by the size of the answer and the work behind it; events not listed cost 1.
 */
const EVENT_COSTS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    'experiment:catalog': 10, // 53 KB answer (cached, but still serialized per request)
    'experiment:csv': 10, // a whole run as CSV
    'experiment:open': 5, // a stored run with its results
    'experiment:history': 5,
    'experiment:file': 3,
    'experiment:start': 5,
    'experiment:live': 5, // creates a session
    'session:create': 5, // creates a session and runs its warm-up
    'session:reset': 5, // re-runs the warm-up
    'session:fork': 5, // creates a session from another's state
    'story:open': 5, // may create two or three sessions
    'session:join': 2, // a snapshot of the line
    'session:list': 2,
    'energy:breakdown': 5, // a report of the line and an answer that grows with it (the view asks every 2 s)
    'editor:estimate': 5, // five replications in worker threads
    'editor:save': 5, // writes a file
    'editor:run': 5, // creates a session and runs its warm-up
    'editor:open': 3, // reads a file
  }),
);

/** Tokens an event costs, at least 1. */
export function eventCost(event: string): number {
  return EVENT_COSTS.get(event) ?? 1; // a Map: an event named `constructor` finds nothing inherited
}
