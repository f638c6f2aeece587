/**
 * The MQTT topic scheme (docs/mqtt.md). One module names every topic, so the publisher, the command handler and the
 * docs cannot drift apart. Session ids (`s1`) and station ids are scene identifiers: they hold no `/`, `+` or `#`.
 */

/** Root of every LineTwin topic. */
export const TOPIC_ROOT = 'linetwin';

/** Retained list of the running sessions. */
export const sessionsTopic = (): string => `${TOPIC_ROOT}/sessions`;
/** Retained line KPIs of a session. */
export const lineKpiTopic = (session: string): string => `${TOPIC_ROOT}/${session}/line/kpi`;
/** Retained state of one station, published on change. */
export const stationStateTopic = (session: string, station: string): string => `${TOPIC_ROOT}/${session}/${station}/state`;
/** Retained KPIs of one station. */
export const stationKpiTopic = (session: string, station: string): string => `${TOPIC_ROOT}/${session}/${station}/kpi`;
/** Where operator commands for a session arrive. */
export const commandTopic = (session: string): string => `${TOPIC_ROOT}/${session}/cmd`;
/** Where the answers to a session's commands go. */
export const replyTopic = (session: string): string => `${TOPIC_ROOT}/${session}/cmd/reply`;
/** The subscription that hears the command topic of every session, present and future. */
export const COMMAND_FILTER = `${TOPIC_ROOT}/+/cmd`;

/** The session a command topic names, or null for any other topic. */
export function commandSession(topic: string): string | null {
  const parts = topic.split('/');
  return parts.length === 3 && parts[0] === TOPIC_ROOT && parts[2] === 'cmd' && parts[1] ? parts[1] : null;
}
