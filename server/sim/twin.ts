import type { LineState } from './lineState.ts';
import { isMachineSpec, type LineSpec, type MachineSpec, type StationSpec } from './spec.ts';

/**
 * The run-to-failure twin. A policy that services on readings (or on a timer) stops the wear-out failures its
 * warnings announce, so in its own run a warning can never be checked against the failure it foretold. The twin
 * is the same line with the same seed and no maintenance at all: every stream draws the same values, so its
 * machines wear as the real ones would have, and its warnings are scored there (kpi.ts scoreOnTwin).
 */

function acts(s: StationSpec): s is MachineSpec {
  return isMachineSpec(s) && s.wear?.warnAt !== undefined && (s.maintenance?.policy ?? 'time') !== 'none' && s.maintenance !== undefined;
}

/** The twin of `line`, or null when no machine both warns and is serviced. */
export function runToFailureTwin(line: LineSpec): LineSpec | null {
  if (!line.stations.some(acts)) return null;
  const stations = line.stations.map((s): StationSpec => {
    if (!isMachineSpec(s)) return s;
    const { maintenance: _serviced, ...rest } = s;
    return rest;
  });
  return { ...line, stations };
}

/** A state for the twin, which never maintains: a unit in maintenance starts idle there. */
export function runToFailureState(state: LineState): LineState {
  const units: LineState['units'] = {};
  for (const [id, list] of Object.entries(state.units)) units[id] = list.map((u) => (u.state === 'maintenance' ? { state: 'starved' } : u));
  return { ...state, units };
}
