import type { Seconds, SimView } from '../sim/index.ts';
import type { OpenTask } from './tasks.ts';

/**
 * The "act on the warning" task (`actOnWarning`), scored from the engine: the class must start a service on a
 * machine while its condition warning is open. The engine's warning flag (SimView.unitWarned) is the truth: it
 * opens at the first reading above `warnAt` and ends only at a renewal, a service or a wear-out failure. So a
 * service by the class is right when the machine's flag is up at that moment, and a warned machine whose flag
 * drops without the class's service, with a failure logged since its warning, has failed. A flag that drops with no
 * failure was ended by someone else's service (a condition policy the scenario left on, an operator): that is
 * neither the class's act nor a failure, so it decides nothing.
 */

/** What the task reads of the line besides the engine's view: exact times from the session's event log. */
export interface WarningContext {
  view: SimView;
  now: Seconds;
  /** Wall clock (ms), for the time taken: read only when a task is decided (each reading is journaled). */
  wall(): number;
  /** When the station's latest warning was logged, if one was. */
  warnedAt(station: string): Seconds | undefined;
  /** The station's latest failure at or after `t`, or null. */
  failedSince(station: string, t: Seconds): Seconds | null;
}

/** Whether any unit of the machine `station` (a station index) has an open warning now. */
export function stationWarned(view: SimView, station: number): boolean {
  const st = view.stations[station];
  if (!st) return false;
  for (let k = 0; k < st.units; k++) if (view.unitWarned(station, k)) return true;
  return false;
}

/** The machines (ids) with an open warning now, in listed order. */
export function warnedMachines(view: SimView): string[] {
  return view.machines.filter((i) => stationWarned(view, i)).map((i) => view.stations[i]!.id);
}

/**
 * Follows an open actOnWarning task at sim time `ctx.now` (every sample, step and deadline): records the machines
 * that warn, and decides it missed when one of them stops warning without the class's service (it failed), or
 * when it is `due` undecided. Returns whether it decided.
 */
export function watchWarnings(task: OpenTask, ctx: WarningContext, due: boolean): boolean {
  const c = task.spec.check;
  if (c.kind !== 'actOnWarning' || task.status !== 'open' || task.outcome) return false;
  const seen = (task.warned ??= new Map<string, Seconds>());
  for (const i of ctx.view.machines) {
    const id = ctx.view.stations[i]!.id;
    if (c.station !== undefined && id !== c.station) continue;
    const open = stationWarned(ctx.view, i);
    const since = seen.get(id);
    if (open && since === undefined) seen.set(id, Math.min(ctx.now, ctx.warnedAt(id) ?? ctx.now));
    else if (!open && since !== undefined) {
      seen.delete(id);
      const at = ctx.failedSince(id, since);
      if (at === null) {
        (task.servicedByOthers ??= new Set()).add(id);
        continue;
      }
      task.outcome = { met: false, at, value: (at - since) / 60, wall: ctx.wall(), expected: id };
      return true;
    }
  }
  if (!due) return false;
  const expected = [...new Set([...seen.keys(), ...(task.servicedByOthers ?? [])])].join(', ') || (c.station ?? 'no machine warned');
  task.outcome = { met: false, at: ctx.now, value: 0, wall: ctx.wall(), expected };
  return true;
}

/**
 * The class started a service of `station` (its warning `open` just before): decides an open actOnWarning task,
 * right when the warning was open on the task's machine (any machine without `station`). The value is the minutes
 * from the warning to the service (0 when wrong). Returns whether it decided.
 */
export function serviceStarted(task: OpenTask, station: string, open: boolean, ctx: WarningContext): boolean {
  const c = task.spec.check;
  if (c.kind !== 'actOnWarning' || task.status !== 'open' || task.outcome) return false;
  const right = open && (c.station === undefined || c.station === station);
  const since = task.warned?.get(station) ?? ctx.warnedAt(station) ?? ctx.now;
  const warnedNow = warnedMachines(ctx.view);
  const expected = right ? station : (c.station ?? (warnedNow.join(', ') || 'no machine warned yet'));
  task.outcome = { met: right, at: ctx.now, value: right ? (ctx.now - since) / 60 : 0, wall: ctx.wall(), answer: station, expected };
  return true;
}
