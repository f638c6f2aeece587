import { describe, expect, it } from 'vitest';
import { networkOf } from '../../server/training/network.ts';

/** What the per-address trainee limit counts: IPv4 addresses one by one, IPv6 addresses by their /64. */

describe('the network of a remote address', () => {
  it('is an IPv4 address itself, also IPv4-mapped', () => {
    expect(networkOf('10.0.0.7')).toBe('10.0.0.7');
    expect(networkOf('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(networkOf('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    expect(networkOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:2::ffff')).toBe(networkOf('2001:db8:1:2:ffff::1'));
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf('2001:db8:1:3::1')).not.toBe(networkOf('2001:db8:1:2::1'));
  });

  it('is anything else as given', () => {
    expect(networkOf('')).toBe('');
    expect(networkOf('not an address')).toBe('not an address');
  });
});
