import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a remote address counts for in the per-address trainee limit. An IPv4 address is itself (also when
 * Node reports it IPv4-mapped, `::ffff:10.0.0.7`). An IPv6 address counts as its /64: one home, phone or server
 * usually has a whole /64, so counting single IPv6 addresses would let one machine register without bound.
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  const bare = address.replace(/%.*$/, ''); // a zone (fe80::1%eth0) names the interface, not the network
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const left = groups(head),
    right = groups(tail);
  const full = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
