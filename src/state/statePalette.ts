import { MACHINE_STATE_CODES } from '@protocol/events.ts';

/**
 * The machine-state palette, the one place it is defined. Used by the stack lights in 3D, by labels and by
 * the inspector, which also shows the state as text and an icon so nobody has to rely on colour alone.
 *
 * | state       | colour | icon        | meaning                                   |
 * |-------------|--------|-------------|-------------------------------------------|
 * | working     | green  | play        | processing a part                         |
 * | starved     | yellow | empty ring  | waiting for a part from upstream          |
 * | blocked     | blue   | square stop | finished part cannot leave: downstream full |
 * | down        | red    | cross       | failed or fault injected, waiting repair  |
 * | setup       | purple | gear        | changeover                                |
 * | maintenance | orange | wrench      | planned maintenance                       |
 * | off         | grey   | power       | outside shifts                            |
 *
 * A condition warning is not a state but shown over it (WARNING_STYLE): the stack light blinks amber and the
 * label and inspector show an amber warning triangle, until the machine is taken down for repair or service.
 *
 * Parts (issue 13): on a line with `products` every part's body is drawn in its product's colour (the scene's
 * `products[].color`); a part an inspection rejected is drawn red (REJECTED_PART_COLOR, the `down` red) on its way to
 * the reject route (scrap or a repair station), whatever its product. A defective part that no inspection has
 * caught looks like a good one: nobody on the line can see it either. A one-product line keeps its looks' colours.
 */

/** A machine state name (the protocol's order, see MACHINE_STATE_CODES). */
export type StateName = (typeof MACHINE_STATE_CODES)[number];

/** Display data of one state. */
export interface StateStyle {
  name: StateName;
  label: string;
  /** CSS / three colour, hex. */
  color: string;
  /** SVG path (24x24 viewBox) of the icon. */
  icon: string;
}

const STYLES: Record<StateName, Omit<StateStyle, 'name'>> = {
  working: { label: 'Working', color: '#22c55e', icon: 'M8 5v14l11-7z' },
  starved: { label: 'Starved', color: '#eab308', icon: 'M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16zm0 3a5 5 0 1 1 0 10a5 5 0 1 1 0-10z' },
  blocked: { label: 'Blocked', color: '#3b82f6', icon: 'M6 6h12v12H6z' },
  down: {
    label: 'Down',
    color: '#ef4444',
    icon: 'M6.4 4.9L12 10.6l5.6-5.7 1.5 1.5-5.7 5.6 5.7 5.6-1.5 1.5-5.6-5.7-5.6 5.7-1.5-1.5 5.7-5.6-5.7-5.6z',
  },
  setup: {
    label: 'Setup',
    color: '#a855f7',
    icon: 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8zm-1-6h2l.5 3 2 .9 2.5-1.8 1.4 1.4-1.8 2.5.9 2 3 .5v2l-3 .5-.9 2 1.8 2.5-1.4 1.4-2.5-1.8-2 .9-.5 3h-2l-.5-3-2-.9-2.5 1.8-1.4-1.4 1.8-2.5-.9-2-3-.5v-2l3-.5.9-2-1.8-2.5 1.4-1.4 2.5 1.8 2-.9z',
  },
  maintenance: {
    label: 'Maintenance',
    color: '#f97316',
    icon: 'M21 7.5a5 5 0 0 1-6.6 4.7L6.6 20a2 2 0 0 1-2.8-2.8l7.8-7.8A5 5 0 0 1 17.5 3l-3 3 .7 2.8 2.8.7z',
  },
  off: { label: 'Off', color: '#9ca3af', icon: 'M11 3h2v9h-2zM7.1 5.6l1.4 1.4A6 6 0 1 0 15.5 7l1.4-1.4A8 8 0 1 1 7.1 5.6z' },
  // a crescent moon: asleep, waking when a part comes (docs/energy.md); cyan, apart from every other state and warning
  standby: { label: 'Standby', color: '#06b6d4', icon: 'M14.5 3a9 9 0 1 0 6.5 13.9A7.5 7.5 0 0 1 14.5 3z' },
};

/** An open condition warning: amber `#f59e0b`, a warning triangle; the stack light blinks between it and the state. */
export const WARNING_STYLE = {
  label: 'Warning',
  color: '#f59e0b',
  icon: 'M12 2L1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z',
} as const;

/** A part rejected by an inspection, on its way to the reject route: the `down` red. */
export const REJECTED_PART_COLOR = '#ef4444';

/** Style of every state, indexed by protocol state code. */
export const STATE_STYLES: readonly StateStyle[] = MACHINE_STATE_CODES.map((name) => ({ name, ...STYLES[name] }));

/** Style of a state code; unknown codes (a newer server) show as `off` rather than crash. */
export function stateStyle(code: number): StateStyle {
  return STATE_STYLES[code] ?? STATE_STYLES[MACHINE_STATE_CODES.indexOf('off')]!;
}

/** State code of a name (-1 if unknown). */
export function stateCode(name: StateName): number {
  return MACHINE_STATE_CODES.indexOf(name);
}

// Which state a multi-unit station shows as a whole: trouble first, then activity, then idleness.
const PRIORITY: readonly StateName[] = ['down', 'maintenance', 'setup', 'working', 'blocked', 'starved', 'standby', 'off'];
const RANK = new Uint8Array(MACHINE_STATE_CODES.map((n) => PRIORITY.indexOf(n)));

/** The state shown for a station whose units are in states `a` and `b`: the one with the higher priority. */
export function dominantState(a: number, b: number): number {
  return (RANK[a] ?? 99) <= (RANK[b] ?? 99) ? a : b;
}
