import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/**
 * DNS rebinding: a page on `evil.example` whose name the attacker points at 127.0.0.1 is, to the browser, its own
 * origin, so comparing Origin with Host lets it in. Every HTTP request and Socket.IO handshake is checked here
 * instead against the names the server was bound to: the bind address; with a loopback address also `localhost`,
 * 127.0.0.1 and [::1]; with 0.0.0.0 or :: also every interface address of the machine and its host name; plus
 * the hosts of `--allow-origin` entries. The port must be the server's. A browser's Origin must be `http:` and
 * the same host, or one of the allowed origins.
 */

/** Checks the Host and Origin headers of requests. */
export interface HostCheck {
  /** Why this request is refused, or null when it comes to a name the server was bound to. */
  refuse(req: IncomingMessage): string | null;
}

/** Where the server listens and whom it allows besides. */
export interface HostCheckOptions {
  /** The address given to listen on (`--host`). */
  host: string;
  /** The port it listens on (known once it listens, port 0 included). */
  port(): number;
  /** `--allow-origin` entries (full origins, `http://localhost:5173`). */
  allowOrigins: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** A host name as URL writes it: lower case, IPv6 in brackets. */
function normalHost(name: string): string {
  const bare = name.toLowerCase();
  return bare.includes(':') && !bare.startsWith('[') ? `[${bare}]` : bare;
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '';

/** The names the server answers to on its own port (without port). */
function ownNames(host: string): Set<string> {
  const names = new Set([normalHost(host)]);
  if (isLoopback(host) || isWildcard(host)) for (const n of LOOPBACK_NAMES) names.add(n);
  if (isWildcard(host)) {
    // read per request: interfaces come and go (a laptop changing networks)
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(normalHost(i.address.split('%')[0]!));
    const machine = hostname().toLowerCase();
    names.add(machine);
    names.add(`${machine}.local`);
  }
  return names;
}

/** `host:port` of a Host header or origin, with the default port written out; null if it does not parse. */
function hostPort(url: string): { host: string; hostname: string; port: number; protocol: string } | null {
  try {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return { host: `${u.hostname}:${port}`, hostname: u.hostname, port, protocol: u.protocol };
  } catch {
    return null;
  }
}

/** Creates the check for a server bound as `options` says. */
export function createHostCheck(options: HostCheckOptions): HostCheck {
  const allowed = options.allowOrigins.map((o) => hostPort(o)).filter((o) => o !== null);
  const allowedOrigins = new Set(allowed.map((o) => `${o.protocol}//${o.host}`));
  return {
    refuse(req) {
      const header = req.headers.host;
      const target = header && !/[/?#@\s]/.test(header) ? hostPort(`http://${header}`) : null;
      if (!target) return 'a request without a valid Host header';
      const own = target.port === options.port() && ownNames(options.host).has(target.hostname);
      if (!own && !allowed.some((o) => o.host === target.host)) return `a request for ${header}, a name this server was not started with`;
      const origin = req.headers.origin;
      if (origin === undefined) return null; // not a browser (socket.io-client in Node, curl): no page to rebind
      const from = hostPort(origin);
      if (!from) return `a page of origin ${origin}`;
      if (allowedOrigins.has(`${from.protocol}//${from.host}`)) return null;
      if (from.protocol === 'http:' && from.host === target.host) return null;
      return `a page of origin ${origin}`;
    },
  };
}
