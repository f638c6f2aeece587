import type { ListedSession, Role, SessionInfo } from '../protocol/events.ts';
import type { Session } from './session.ts';
import type { Intervention } from '../sim/index.ts';

/** A one-line human description of an intervention, for the event log; `by` names who made it (default: the operator). */
export function describeIntervention(iv: Intervention, by = 'operator'): string {
  switch (iv.type) {
    case 'fault':
      return `fault injected on ${iv.station}${iv.duration !== undefined ? ` for ${iv.duration} s` : ' until repaired'}${by === 'operator' ? '' : ` by ${by}`}`;
    case 'repair':
      return `${iv.station} repaired by ${by}`;
    case 'service':
      return `service of ${iv.station} started by ${by}`;
    case 'set': {
      const value =
        iv.param === 'cycleTime'
          ? `${iv.value.dist} ${JSON.stringify(iv.value).replace(/"dist":"\w+",?/, '')}`
          : typeof iv.value === 'object'
            ? JSON.stringify(iv.value) // power, per-product defects, a mix, a batch or pattern sequence
            : String(iv.value);
      return `${iv.station}.${iv.param} set to ${value}${by === 'operator' ? '' : ` by ${by}`}`;
    }
  }
}

/**
 * A session as a list shows it to a client of `role`: operators (trainers) get its join code, viewers do not, so
 * nobody outside the room can pick a training class's code off the list.
 */
export function listedSession(session: Session, role: Role): ListedSession {
  return listedInfo(session.info(), role);
}

/** A session's info as a list shows it to a client of `role` (a session of another process: its info is all there is). */
export function listedInfo(info: SessionInfo, role: Role): ListedSession {
  if (role === 'operator') return info;
  const { code: _code, ...listed } = info;
  return listed;
}
