/**
 * The MQTT topics a mirrored session reads a real line's events from (docs/plant.md, "Mirroring a line"): apart from
 * server/connect/mqtt, so a server without MQTT loads none of its modules.
 */
/** Root of the topics a mirrored session reads a real line's events from (docs/plant.md, "Mirroring a line"). */
export const MIRROR_ROOT = 'linetwin-in';
/** The subscription that hears every station's events under a mirror's prefix (`linetwin-in/<line>`). */
export const mirrorEventFilter = (prefix: string): string => `${prefix}/+/event`;
/** Where a mirror says why it ignored a message. */
export const mirrorErrorTopic = (prefix: string): string => `${prefix}/error`;

/** The station a mirror's event topic names (`<prefix>/<station>/event`), or null for any other topic. */
export function mirrorStation(prefix: string, topic: string): string | null {
  if (!topic.startsWith(`${prefix}/`) || !topic.endsWith('/event')) return null;
  const station = topic.slice(prefix.length + 1, -'/event'.length);
  return station && !station.includes('/') ? station : null;
}
