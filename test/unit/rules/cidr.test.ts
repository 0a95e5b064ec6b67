import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inCidr, parseCidr } from '../../../src/rules/cidr.js';

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const ipv4 = octets.map((parts) => parts.join('.'));
const ipv6 = fc.ipV6();

/** The answer of node's own BlockList, the oracle. */
function oracle(address: string, network: string, prefix: number, family: 'ipv4' | 'ipv6'): boolean {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list.check(address, family);
}

describe('parseCidr / inCidr', () => {
  it('agree with node:net BlockList on IPv4 blocks', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.nat(32), (address, network, prefix) => {
        const block = parseCidr(`${network}/${prefix}`);
        expect(block).toBeDefined();
        expect(inCidr(address, block as never)).toBe(oracle(address, network, prefix, 'ipv4'));
      }),
      { numRuns: 2000 },
    );
  });

  it('agree with node:net BlockList on IPv6 blocks', () => {
    fc.assert(
      fc.property(ipv6, ipv6, fc.nat(128), (address, network, prefix) => {
        const block = parseCidr(`${network}/${prefix}`);
        fc.pre(block !== undefined && block.groups.length === 8);
        expect(inCidr(address, block as never)).toBe(oracle(address, network, prefix, 'ipv6'));
      }),
      { numRuns: 2000 },
    );
  });

  it('an address lies in its own block at every prefix length', () => {
    fc.assert(
      fc.property(ipv4, fc.nat(32), (address, prefix) => {
        expect(inCidr(address, parseCidr(`${address}/${prefix}`) as never)).toBe(true);
      }),
    );
  });

  it('reads bare addresses, ignores host bits, and reads IPv4-mapped and compressed IPv6', () => {
    const one = parseCidr('203.0.113.9');
    expect(one?.prefix).toBe(32);
    expect(inCidr('203.0.113.9', one as never)).toBe(true);
    expect(inCidr('203.0.113.8', one as never)).toBe(false);
    expect(inCidr('10.9.9.9', parseCidr('10.1.2.3/8') as never)).toBe(true);
    expect(inCidr('::ffff:10.1.2.3', parseCidr('10.0.0.0/8') as never)).toBe(true);
    expect(inCidr('10.1.2.3', parseCidr('::ffff:10.0.0.0/104') as never)).toBe(true);
    expect(inCidr('2001:db8::1', parseCidr('2001:0db8:0000::/48') as never)).toBe(true);
    expect(inCidr('fe80::1%eth0', parseCidr('fe80::/10') as never)).toBe(true);
    expect(inCidr('2001:db8::1', parseCidr('0.0.0.0/0') as never)).toBe(false);
    expect(inCidr(' 10.0.0.1 ', parseCidr('10.0.0.0/8') as never)).toBe(true);
  });

  it('refuses what is not a block', () => {
    for (const text of [
      '',
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/8/8',
      '10.0.0/8',
      'x/8',
      '::/129',
      '10.0.0.0/ 8',
      '::ffff:10.0.0.0/95',
    ]) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });
});
