import { plantEventSchema } from '../plantlog/event.ts';
import { describeZodError } from '../protocol/schemas.ts';
import type { MqttConnection } from '../connect/mqtt/feature.ts';
import { mirrorErrorTopic, mirrorEventFilter, mirrorStation } from './topics.ts';
import type { LiveMirror } from './live.ts';

/**
 * A live mirror's MQTT feed: one JSON event per message on `<prefix>/<station>/event`, in the plant log's form
 * (docs/plant.md) with `station` from the topic and `t` optional (the mirror's clock when left out). A message that is
 * not JSON, fails the plant log's schema or does not fit the line is ignored, and why goes to `<prefix>/error` and to
 * `warn`: the server stays up, the mirror unchanged.
 */

/** Largest message read (bytes): one event is under 200. */
const MAX_EVENT_BYTES = 4096;

/** Why a message is refused, or null when the mirror took it. */
function feedMessage(mirror: LiveMirror, station: string, payload: Buffer): string | null {
  if (payload.length > MAX_EVENT_BYTES) return `message of ${payload.length} bytes: at most ${MAX_EVENT_BYTES}`;
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'not JSON';
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const fields = raw as Record<string, unknown>;
  if (fields['station'] !== undefined && fields['station'] !== station)
    return `station ${JSON.stringify(fields['station'])} differs from the topic's "${station}"`;
  const parsed = plantEventSchema.safeParse({ t: mirror.now(), ...fields, station });
  if (!parsed.success) return describeZodError(parsed.error);
  return mirror.feed(parsed.data);
}

/** Feeds `mirror` from the broker's `<prefix>/+/event` topics. */
export async function startMqttFeed(mqtt: MqttConnection, prefix: string, mirror: LiveMirror, warn: (text: string) => void): Promise<void> {
  await mqtt.subscribe(
    mirrorEventFilter(prefix),
    (topic) => mirrorStation(prefix, topic) !== null,
    (topic, payload) => {
      const error = feedMessage(mirror, mirrorStation(prefix, topic)!, payload);
      if (error === null) return;
      warn(`MQTT mirror: ${topic}: ${error}; ignored`);
      mqtt.publish(mirrorErrorTopic(prefix), JSON.stringify({ topic, error }));
    },
  );
}
