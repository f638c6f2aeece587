import type { ISessionContext, OPCUAServer } from 'node-opcua';
import type { OpcuaModule } from './module.ts';

/**
 * The OPC UA server itself: endpoints, and who the caller is. Anonymous sessions may browse, read and subscribe;
 * user `operator` with the operator token as password may also call methods. The token is checked at activation by the
 * live server's sign-in (same per-address limits as the browser) and kept with the session, so each method call can go
 * through the same sign-in again in applyPlantCommand.
 */

/** The operator's user name. */
export const OPERATOR_USER = 'operator';

/** Checks a password sent from `address`; true when it is the operator token. */
export type CheckToken = (address: string, token: string) => boolean;

export interface OpcuaServerOptions {
  port: number;
  /** Interface to listen on (the live server's --host). */
  host: string;
  check: CheckToken;
}

/** A started OPC UA server, and the caller of a method. */
export interface StartedOpcua {
  server: OPCUAServer;
  url: string;
  /** The operator token and address of the session a method call comes from; null for anonymous callers. */
  caller(context: ISessionContext): { token: string; address: string } | null;
}

const addressOf = (session: object): string => (session as { channel?: { remoteAddress?: string } }).channel?.remoteAddress ?? 'unknown';

/** Creates and starts the server; the address space is empty but for the standard nodes until the caller fills it. */
export async function startOpcuaServer(ua: OpcuaModule, options: OpcuaServerOptions): Promise<StartedOpcua> {
  const tokens = new WeakMap<object, string>(); // server session -> operator token it activated with
  const server = new ua.OPCUAServer({
    port: options.port,
    host: options.host,
    // endpoints name the interface listened on; on all interfaces, the machine's name (node-opcua's default)
    ...(options.host === '0.0.0.0' || options.host === '::' ? {} : { hostname: options.host }),
    resourcePath: '/UA/LineTwin',
    buildInfo: { productName: 'LineTwin', manufacturerName: 'LineTwin' },
    // SecurityPolicy None is offered so that clients without a certificate (and the tests) can connect; the operator's
    // password is still encrypted with the server certificate (Basic256Sha256 user token policy), never sent in the clear.
    // Basic256Sha256 / SignAndEncrypt is offered too, for clients that can secure the whole channel (docs/opcua.md).
    securityPolicies: [ua.SecurityPolicy.None, ua.SecurityPolicy.Basic256Sha256],
    securityModes: [ua.MessageSecurityMode.None, ua.MessageSecurityMode.SignAndEncrypt],
    allowAnonymous: true,
    userManager: {
      isValidUser(this: object, user: string, password: string): boolean {
        if (user !== OPERATOR_USER || !options.check(addressOf(this), password)) return false;
        tokens.set(this, password);
        return true;
      },
    },
  });
  await server.initialize();
  await server.start();
  const url = server.getEndpointUrl();
  return {
    server,
    url,
    caller(context) {
      const session = context.session as object | undefined;
      const token = session ? tokens.get(session) : undefined;
      return session && token !== undefined ? { token, address: addressOf(session) } : null;
    },
  };
}
