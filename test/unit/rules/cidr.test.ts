import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inCidr, parseAddress, parseCidr } from '../../../src/rules/cidr.js';

/** Whether `address` lies in the block `cidr` (which must parse); `false` when it is no address. */
function within(address: string, cidr: string): boolean {
  const block = parseCidr(cidr);
  if (block === undefined) throw new Error(`not a block: ${cidr}`);
  const groups = parseAddress(address.trim());
  return groups !== undefined && inCidr(groups, block);
}

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
        expect(within(address, `${network}/${prefix}`)).toBe(oracle(address, network, prefix, 'ipv4'));
      }),
      { numRuns: 2000 },
    );
  });

  it('agree with node:net BlockList on IPv6 blocks', () => {
    fc.assert(
      fc.property(ipv6, ipv6, fc.nat(128), (address, network, prefix) => {
        const block = parseCidr(`${network}/${prefix}`);
        fc.pre(block !== undefined && block.groups.length === 8);
        expect(within(address, `${network}/${prefix}`)).toBe(oracle(address, network, prefix, 'ipv6'));
      }),
      { numRuns: 2000 },
    );
  });

  it('an address lies in its own block at every prefix length', () => {
    fc.assert(
      fc.property(ipv4, fc.nat(32), (address, prefix) => {
        expect(within(address, `${address}/${prefix}`)).toBe(true);
      }),
    );
  });

  it('reads bare addresses, ignores host bits, and reads IPv4-mapped and compressed IPv6', () => {
    const one = parseCidr('203.0.113.9');
    expect(one?.prefix).toBe(32);
    expect(within('203.0.113.9', '203.0.113.9')).toBe(true);
    expect(within('203.0.113.8', '203.0.113.9')).toBe(false);
    expect(within('10.9.9.9', '10.1.2.3/8')).toBe(true);
    expect(within('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(within('10.1.2.3', '::ffff:10.0.0.0/104')).toBe(true);
    expect(within('2001:db8::1', '2001:0db8:0000::/48')).toBe(true);
    expect(within('fe80::1%eth0', 'fe80::/10')).toBe(true);
    expect(within('2001:db8::1', '0.0.0.0/0')).toBe(false);
    expect(within(' 10.0.0.1 ', '10.0.0.0/8')).toBe(true);
  });

  it('reads addresses as isIP does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          ipv4,
          ipv6,
          fc.string({ maxLength: 16 }),
          octets.map((parts) => parts.join('.').replace('.', '.0')),
        ),
        (text) => {
          expect(parseAddress(text) !== undefined).toBe(isIP(text) !== 0);
        },
      ),
      { numRuns: 3000 },
    );
    for (const text of ['1.2.3.4.', '1.2.3', '01.2.3.4', '1.2.3.256', '', '.1.2.3', '1..2.3'])
      expect(parseAddress(text), text).toBeUndefined();
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
