import type { Session } from '../../server/session/session.ts';

/** Helpers for the session persistence tests. */

/**
 * Everything a viewer or the report can see of a session, as text, to compare byte for byte: its info, snapshot
 * (stations, states, levels, parts, KPIs, event log), the engine's full report and the intervention log. The
 * number of viewers is left out: connections do not survive a restart.
 */
export function sessionState(s: Session): string {
  const info = { ...s.info(), viewers: 0 };
  const snapshot = { ...s.snapshot('viewer'), session: info };
  return JSON.stringify({ info, snapshot, report: s.sim.report(), interventions: s.interventions });
}
