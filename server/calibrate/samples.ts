import type { PlantLog } from '../plantlog/read.ts';

/**
 * What a plant log says about each machine station, as samples for the fits: cycle times, operating time, failures,
 * repair times, good and scrapped parts, setup times.
 *
 * A cycle is the working time a unit spent on one part: the sum of its `working` spells from one `part` event to the
 * next. The engine stops a cycle when the unit fails and resumes the remaining work after the repair, so summing the
 * spells (instead of keeping only cycles without a failure) gives the full drawn cycle time, and does not bias the
 * sample towards short cycles, which are the ones least likely to be hit by a failure.
 */
export interface StationSamples {
  station: string;
  /** Units seen in the log. */
  units: number;
  /** s, working time of each complete cycle. */
  cycles: number[];
  /** s, total time in `working` (the operating time the failure clock runs on). */
  workingTime: number;
  /** s, log span per unit summed, minus time down for failures (the clock of a calendar failure basis). */
  upTime: number;
  /** Failures (faults with cause `failure`; operator stops are left out). */
  failures: number;
  /** s, fault to repair of each failure. */
  repairs: number[];
  good: number;
  scrap: number;
  /** s, durations of `setup` spells. */
  setups: number[];
}

/** Where one unit is in the log. */
interface UnitTrack {
  state: string;
  since: number;
  /** s, working time since the last part; null until the unit's state is known at a part boundary. */
  work: number | null;
  faultAt: number | null;
}

/** Collects the samples of every station with machine events (state, part, fault, repair), in log order. */
export function collectSamples(log: PlantLog): Map<string, StationSamples> {
  const out = new Map<string, StationSamples>();
  const tracks = new Map<string, UnitTrack>();
  const end = log.events.length > 0 ? log.events[log.events.length - 1]!.t : 0;
  const samplesOf = (station: string): StationSamples => {
    let s = out.get(station);
    if (!s) {
      s = { station, units: 0, cycles: [], workingTime: 0, upTime: 0, failures: 0, repairs: [], good: 0, scrap: 0, setups: [] };
      out.set(station, s);
    }
    return s;
  };
  const trackOf = (s: StationSamples, unit: number, t: number): UnitTrack => {
    const key = `${s.station}\u0000${unit}`;
    let u = tracks.get(key);
    if (!u) {
      // a unit first seen at t = 0 starts empty (the way a simulated log begins); one first seen later may be mid-cycle
      u = { state: 'unknown', since: t, work: t === 0 ? 0 : null, faultAt: null };
      tracks.set(key, u);
      s.units++;
      s.upTime += end - t;
    }
    return u;
  };
  // ends the unit's current spell at t, crediting working time and setup spells
  const close = (s: StationSamples, u: UnitTrack, t: number): void => {
    const spell = t - u.since;
    if (u.state === 'working') {
      s.workingTime += spell;
      if (u.work !== null) u.work += spell;
    } else if (u.state === 'setup' && spell > 0) s.setups.push(spell);
    u.since = t;
  };
  for (const e of log.events) {
    if (e.event === 'level') continue;
    const s = samplesOf(e.station);
    const u = trackOf(s, e.unit, e.t);
    if (e.event === 'state') {
      close(s, u, e.t);
      if (u.state === 'unknown' && e.state !== 'working') u.work = 0; // not mid-cycle: the next part's work starts from here
      u.state = e.state;
    } else if (e.event === 'part') {
      close(s, u, e.t);
      if (u.work !== null && u.work > 0) s.cycles.push(u.work);
      u.work = 0;
      if (e.result === 'scrap') s.scrap++;
      else s.good++;
    } else if (e.event === 'fault') {
      if (e.cause === 'failure') {
        s.failures++;
        u.faultAt = e.t;
      } else u.faultAt = null;
    } else {
      if (u.faultAt !== null) {
        s.repairs.push(e.t - u.faultAt);
        s.upTime -= e.t - u.faultAt;
      }
      u.faultAt = null;
    }
  }
  for (const [key, u] of tracks) close(out.get(key.split('\u0000')[0]!)!, u, end);
  return out;
}
