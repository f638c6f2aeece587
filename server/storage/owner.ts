import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who owns a stored run (or a database of live sessions): the process's pid, host and start. A pid alone is not
 * enough: after a crash the system may give the same pid to a later process, which would keep a dead run
 * `running` for ever. The start is the boot id and the process's start time in clock ticks since boot (Linux
 * /proc); where /proc is missing it is empty and the check falls back to the pid.
 */

/** A process, as stored with what it owns. */
export interface ProcessOwner {
  pid: number;
  host: string;
  /** `bootId:startTicks`, or '' when the system does not tell. */
  started: string;
}

/** Whether an owner still runs: `unknown` for another host, whose processes this one cannot see. */
export type OwnerState = 'alive' | 'gone' | 'unknown';

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** The start of process `pid` (`bootId:startTicks`), or '' when /proc does not say. */
function processStart(pid: number): string {
  const boot = read('/proc/sys/kernel/random/boot_id')?.trim();
  const stat = read(`/proc/${pid}/stat`);
  if (!boot || stat === null) return '';
  // after the command name in parentheses (which may hold spaces) come fields 3...; the start time is field 22
  const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return ticks === undefined ? '' : `${boot}:${ticks}`;
}

/** This process. */
export function currentOwner(): ProcessOwner {
  return { pid: process.pid, host: hostname(), started: processStart(process.pid) };
}

/** Is process `pid` alive on this machine? */
function pidAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, but belongs to another user
  }
}

/**
 * Does `owner` still run? An owner stored without a host (before hosts were recorded) is taken to be of this
 * host, as LineTwin assumed then; one without a start is judged by its pid alone.
 */
export function ownerState(owner: { pid: number; host: string | null; started: string | null }): OwnerState {
  if (owner.host !== null && owner.host !== '' && owner.host !== hostname()) return 'unknown';
  if (owner.pid === process.pid) return !owner.started || owner.started === currentOwner().started ? 'alive' : 'gone';
  if (!pidAlive(owner.pid)) return 'gone';
  if (!owner.started) return 'alive';
  const now = processStart(owner.pid);
  return now === '' || now === owner.started ? 'alive' : 'gone'; // another process has that pid now
}
