import type { Feature, FeatureHost } from '../../session/feature.ts';
import { applyPlantCommand } from '../command.ts';
import { plantValues } from '../plantValues.ts';
import { createLineTwinSpace } from './addressSpace.ts';
import { loadOpcua } from './module.ts';
import { startOpcuaServer, type StartedOpcua } from './server.ts';

/**
 * `twin serve --opcua`: publishes every session over OPC UA and takes operator commands. It follows the sessions
 * through the host's tick listener (a reading per session per pacing tick) and applies commands through the same path
 * as the plant MQTT bridge. node-opcua is loaded only here, when the flag is given.
 */

export interface OpcuaFeatureOptions {
  /** TCP port (4840 is OPC UA's registered port; 0 = any free port). */
  port: number;
  host: string;
  /** Told the endpoint once the server listens. */
  info: (text: string) => void;
  warn: (text: string) => void;
}

/** Creates the OPC UA feature; the server starts in the background and reports through `info` or `warn`. */
export function createOpcuaFeature(host: FeatureHost, options: OpcuaFeatureOptions): Feature {
  let stopTicks = (): void => {};
  const started: Promise<StartedOpcua | null> = (async () => {
    const ua = await loadOpcua();
    const opcua = await startOpcuaServer(ua, {
      port: options.port,
      host: options.host,
      check: (address, token) => host.operatorSignIn(address, token).ok,
    });
    const namespace = opcua.server.engine.addressSpace!.getOwnNamespace();
    const space = createLineTwinSpace(ua, namespace, (context, session, command, payload) => {
      const caller = opcua.caller(context);
      if (!caller) return null;
      const result = applyPlantCommand(host, {
        address: caller.address,
        token: caller.token,
        session,
        command,
        payload,
        by: `OPC UA client ${caller.address}`,
      });
      if (!result.ok) options.warn(`OPC UA ${command} refused: ${result.error}`);
      return result;
    });
    for (const session of host.registry.all()) space.update(session, plantValues(session));
    stopTicks = host.onTick((session) => {
      space.update(session, plantValues(session));
      space.prune(new Set(host.registry.all().map((s) => s.id))); // a closed session's nodes go
    });
    options.info(`OPC UA server at ${opcua.url}`);
    return opcua;
  })().catch((error: unknown) => {
    options.warn(`OPC UA server did not start: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  return {
    connect: () => {},
    async close() {
      stopTicks();
      const opcua = await started;
      await opcua?.server.shutdown(0);
    },
  };
}
