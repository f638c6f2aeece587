/**
 * Machine states on the wire. Frames and snapshots carry a state as its code: the index in this list. The engine
 * books states in the same order (a type test in test/protocol/ fails if the two lists drift apart).
 */
export const MACHINE_STATE_CODES = ['working', 'starved', 'blocked', 'down', 'setup', 'maintenance', 'off', 'standby'] as const;

/** Where a machine's time goes; every second of every unit is in exactly one of these. */
export type MachineState = (typeof MACHINE_STATE_CODES)[number];
