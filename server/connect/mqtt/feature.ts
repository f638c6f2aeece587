import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { FeatureFactory } from '../../session/feature.ts';
import { mqttError, startEmbeddedBroker, type EmbeddedBroker } from './broker.ts';
import { handleMqttCommand } from './commands.ts';
import { createPublisher } from './publish.ts';
import { COMMAND_FILTER, commandSession, replyTopic } from './topics.ts';

/**
 * `twin serve --mqtt [url]`: every running session published to an MQTT broker, and operator commands taken from it.
 * The client (mqtt.js) and the embedded broker (aedes) are imported only here, and this module only when --mqtt is
 * given, so a server without it loads and starts neither. The connection is made before the server starts, so a
 * broker that cannot be reached (or a taken port) stops the start with a reason instead of failing silently later.
 */

/** Where to publish. */
export interface MqttOptions {
  /** mqtt://, mqtts://, ws:// or wss:// URL of an existing broker; omitted, an embedded broker is started. */
  url?: string | undefined;
  /** Port and address of the embedded broker (default DEFAULT_MQTT_PORT on the server's address). */
  port: number;
  host: string;
  warn: (text: string) => void;
}

/** A connection to the broker, ready to be plugged into the live server as a feature. */
export interface MqttConnection {
  /** The broker's URL (the embedded one's with its real port). */
  url: string;
  embedded: boolean;
  feature: FeatureFactory;
  /** Subscribes to `filter`; `listener` hears each message whose topic `accepts` (a mirror's feed: server/mirror). */
  subscribe(filter: string, accepts: (topic: string) => boolean, listener: (topic: string, payload: Buffer) => void): Promise<void>;
  /** Publishes a message that is not retained (when connected; dropped otherwise). */
  publish(topic: string, payload: string): void;
  /** Disconnects and stops the embedded broker; safe to call twice. */
  close(): Promise<void>;
}

/** Every command from MQTT shares one sign-in address: the broker hides who published it. */
const COMMAND_ADDRESS = 'mqtt';

/** Connects to the broker (starting the embedded one first when there is no URL). */
export async function startMqtt(options: MqttOptions): Promise<MqttConnection> {
  const broker: EmbeddedBroker | null = options.url ? null : await startEmbeddedBroker(options.port, options.host);
  const url = options.url ?? broker!.url;
  let client: MqttClient;
  try {
    const { connectAsync } = await import('mqtt');
    client = await connectAsync(
      url,
      {
        clientId: `linetwin-${randomBytes(4).toString('hex')}`,
        reconnectPeriod: 2000, // ms; a broker restart costs a couple of seconds of values, then retained ones catch up
        connectTimeout: 10_000,
        queueQoSZero: false, // values are stale a tick later: while offline, drop them rather than pile them up
      },
      false, // the first connection must work: a wrong URL stops the start
    );
  } catch (error) {
    await broker?.close();
    throw mqttError(`cannot connect to the MQTT broker at ${url}: ${(error as Error).message}`, error);
  }
  let lastError = '';
  client.on('error', (error) => {
    if (error.message !== lastError) options.warn(`MQTT: ${(lastError = error.message)}`);
  });
  let closed: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await client.endAsync();
      await broker?.close();
    })());

  const feature: FeatureFactory = (host) => {
    const publisher = createPublisher((topic, payload, retain) => {
      if (client.connected) client.publish(topic, payload, { qos: 0, retain });
    });
    const stop = host.onTick((session) => {
      publisher.sessions(host.registry.all().map((s) => s.id));
      publisher.tick(session);
    });
    client.on('message', (topic, payload, packet) => {
      const session = commandSession(topic);
      if (session === null) return;
      // a retained flag on delivery means the broker replays an old command to a new subscription: never repeat it
      const reply = packet.retain
        ? { id: null, ok: false, error: 'retained commands are ignored: publish commands without the retain flag' }
        : handleMqttCommand(host, session, payload, COMMAND_ADDRESS);
      client.publish(replyTopic(session), JSON.stringify(reply), { qos: 0, retain: false });
    });
    void client.subscribeAsync(COMMAND_FILTER, { qos: 0 }).catch((error: Error) => {
      options.warn(`MQTT: cannot subscribe to ${COMMAND_FILTER}, commands are off: ${error.message}`);
    });
    return {
      connect: () => {},
      close: async () => {
        stop();
        await close();
      },
    };
  };
  const subscribe: MqttConnection['subscribe'] = async (filter, accepts, listener) => {
    client.on('message', (topic, payload, packet) => {
      // a retained message is old news a broker replays to a new subscription: a mirror books only what happens now
      if (!packet.retain && accepts(topic)) listener(topic, payload);
    });
    await client.subscribeAsync(filter, { qos: 0 });
  };
  const publish = (topic: string, payload: string): void => {
    if (client.connected) client.publish(topic, payload, { qos: 0, retain: false });
  };
  return { url, embedded: broker !== null, feature, subscribe, publish, close };
}
