import type { Session } from '../../session/session.ts';
import { plantValues, type StationValues } from '../plantValues.ts';
import { lineKpiTopic, sessionsTopic, stationKpiTopic, stationStateTopic } from './topics.ts';

/**
 * What goes out to the broker after each session tick: a station's state when it changed, and the line's and
 * stations' KPIs at most once per simulated second (a session at speed max ticks thousands of simulated seconds a
 * second; a dashboard needs no more than one reading per simulated second), and once more where a paused session
 * stopped. Everything is retained, so a dashboard
 * that subscribes later gets the latest values at once. The publisher knows no MQTT client: it calls `send`.
 */

/** Sends one message: a topic, its JSON payload (empty string clears a retained topic) and whether the broker keeps it. */
export type Send = (topic: string, payload: string, retain: boolean) => void;

/** s, simulated time between two KPI readings of a session */
const KPI_INTERVAL = 1;

interface Seen {
  /** Last state payload sent per station (as JSON), to publish only changes. */
  states: Map<string, string>;
  /** Simulated time of the last KPI reading sent; -Infinity before the first. */
  kpiAt: number;
}

/** Follows every session's ticks and publishes its values through `send`. */
export interface Publisher {
  /** Publishes what changed in `session` since its last tick. */
  tick(session: Session): void;
  /** Publishes the session list if it changed, and clears the retained topics of sessions that closed. */
  sessions(ids: readonly string[]): void;
}

/** The state payload: the station's state by name and PackML number, and the product on it. */
const statePayload = (t: number, s: StationValues): string =>
  JSON.stringify({ t, state: s.state, packml: s.packmlState, units: s.units, product: s.product });

/** The station KPI payload: every value of plantValues but the state (it has its own topic). */
function kpiPayload(t: number, s: StationValues): string {
  const { id: _id, state: _state, packmlState: _packml, units: _units, product: _product, ...kpi } = s;
  return JSON.stringify({ t, ...kpi });
}

/** Creates a publisher that sends through `send`. */
export function createPublisher(send: Send): Publisher {
  const seen = new Map<string, Seen>(); // session id -> what it last sent
  let listed = '';
  return {
    tick(session) {
      let mine = seen.get(session.id);
      if (!mine) seen.set(session.id, (mine = { states: new Map(), kpiAt: -Infinity }));
      const values = plantValues(session);
      const t = values.line.t;
      for (const station of values.stations) {
        // compare without t: a state is new when it changed, not when time moved
        const key = JSON.stringify([station.state, station.units, station.product]);
        if (mine.states.get(station.id) === key) continue;
        mine.states.set(station.id, key);
        send(stationStateTopic(session.id, station.id), statePayload(t, station), true);
      }
      // a paused session's last reading goes out too, so a dashboard shows where the line stopped, as OPC UA and the browser do
      if (t - mine.kpiAt < KPI_INTERVAL && !(values.line.paused && t !== mine.kpiAt)) return;
      mine.kpiAt = t;
      send(lineKpiTopic(session.id), JSON.stringify(values.line), true);
      for (const station of values.stations) send(stationKpiTopic(session.id, station.id), kpiPayload(t, station), true);
    },
    sessions(ids) {
      const now = JSON.stringify(ids);
      if (now === listed) return;
      listed = now;
      send(sessionsTopic(), now, true);
      for (const [id, mine] of seen) {
        if (ids.includes(id)) continue;
        // a closed session's retained values would mislead a dashboard that subscribes later: clear them
        send(lineKpiTopic(id), '', true);
        for (const station of mine.states.keys()) {
          send(stationStateTopic(id, station), '', true);
          send(stationKpiTopic(id, station), '', true);
        }
        seen.delete(id);
      }
    },
  };
}
