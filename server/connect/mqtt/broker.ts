import { createServer, type Server } from 'node:net';

/**
 * The embedded MQTT broker (aedes) of `twin serve --mqtt` without a URL: a plain TCP listener on a local port, so a
 * dashboard or MQTT Explorer can connect with no broker of its own. aedes is imported here, on demand, so a server
 * without --mqtt never loads it.
 */

/** Default port of the embedded broker: MQTT's registered port. */
export const DEFAULT_MQTT_PORT = 1883;

/** An error of the MQTT connection the CLI reports as bad input (exit 2, no stack): `mqtt` marks it. */
export const mqttError = (message: string, cause: unknown): Error & { mqtt: true } =>
  Object.assign(new Error(message, { cause }), { mqtt: true as const });

/** A running embedded broker. */
export interface EmbeddedBroker {
  /** mqtt://host:port of the broker, with the port it really listens on. */
  url: string;
  close(): Promise<void>;
}

/** Starts the embedded broker on `host`:`port` (0 = any free port); rejects when the port is taken. */
export async function startEmbeddedBroker(port: number, host: string): Promise<EmbeddedBroker> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const server: Server = createServer((socket) => broker.handle(socket));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE' ? 'is in use' : code === 'EACCES' ? 'needs a permission this process lacks' : (error as Error).message;
    throw mqttError(`the MQTT port ${port} on ${host} ${why}; choose another with --mqtt-port`, error);
  }
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    close: async () => {
      // the broker first: it ends its clients' connections, which lets the listener close
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
