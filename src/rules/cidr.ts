/**
 * CIDR blocks of IPv4 and IPv6 addresses, and whether an address lies in one. Addresses are read with
 * `node:net`'s `isIP` rules; an IPv4-mapped IPv6 address (`::ffff:203.0.113.5`) is its IPv4 address.
 *
 * @packageDocumentation
 */
import { isIP } from 'node:net';

/** An address as 16-bit groups: 2 for IPv4, 8 for IPv6. */
export type AddressGroups = readonly number[];

/** A parsed CIDR block. */
export interface CidrBlock {
  /** The block as written, e.g. `203.0.113.0/24`. */
  readonly text: string;
  /** The network address's groups. */
  readonly groups: AddressGroups;
  /** Prefix length in bits. */
  readonly prefix: number;
}

/**
 * Reads a CIDR block (`203.0.113.0/24`, `2001:db8::/32`) or a single address (a block of one);
 * `undefined` when it is neither. Host bits after the prefix are ignored, as `BlockList` does.
 */
export function parseCidr(text: string): CidrBlock | undefined {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const groups = parseAddress(address);
  if (groups === undefined) return undefined;
  const bits = groups.length * 16;
  if (prefixText === undefined) return { text, groups, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  // A block written in IPv4-mapped form (`::ffff:10.0.0.0/104`) counts its prefix over 128 bits.
  const mapped = groups.length === 2 && isIP(address) === 6;
  const effective = mapped ? prefix - 96 : prefix;
  if (prefix > (mapped ? 128 : bits) || effective < 0) return undefined;
  return { text, groups, prefix: effective };
}

/** Whether an address (read by {@link parseAddress}) lies in `block`. */
export function inCidr(groups: AddressGroups, block: CidrBlock): boolean {
  if (groups.length !== block.groups.length) return false;
  let left = block.prefix;
  for (let index = 0; left > 0; index++, left -= 16) {
    const mask = left >= 16 ? 0xffff : (0xffff << (16 - left)) & 0xffff;
    if (((groups[index] as number) & mask) !== ((block.groups[index] as number) & mask)) return false;
  }
  return true;
}

const DOT = 46;
const ZERO = 48;

/**
 * An IPv4 or IPv6 address as its groups, `undefined` for anything else (read as `isIP` does); an
 * IPv4-mapped IPv6 address gives its IPv4 groups. An IPv6 zone (`%eth0`) is left out.
 */
export function parseAddress(address: string): AddressGroups | undefined {
  const fast = readIpv4(address);
  if (fast !== undefined) return fast;
  if (isIP(address) !== 6) return undefined;
  const text = address.split('%')[0] as string;
  const groups = ipv6Groups(text);
  const mapped = groups.slice(0, 6).every((group, index) => group === (index === 5 ? 0xffff : 0));
  return mapped ? groups.slice(6) : groups;
}

/**
 * The groups of a dotted IPv4 address written as `isIP` accepts it (four decimal numbers to 255, no
 * leading zeros), read without allocating strings; `undefined` for anything else.
 */
function readIpv4(text: string): AddressGroups | undefined {
  let address = 0;
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let index = 0; index <= text.length; index++) {
    // The end of the text closes the last number, as a '.' closes the others.
    const code = index < text.length ? text.charCodeAt(index) : DOT;
    if (code >= ZERO && code <= ZERO + 9) {
      if (digits > 0 && value === 0) return undefined;
      value = value * 10 + code - ZERO;
      digits++;
      if (value > 255) return undefined;
    } else if (code === DOT && digits > 0 && octets < 4) {
      address = address * 256 + value;
      octets++;
      value = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? [Math.floor(address / 65536), address % 65536] : undefined;
}

function ipv4Groups(text: string): AddressGroups {
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** The 8 groups of a valid IPv6 address (`isIP` said so): `::` expanded, a dotted IPv4 tail read. */
function ipv6Groups(text: string): number[] {
  const parts = (side: string): number[] => {
    if (side === '') return [];
    return side
      .split(':')
      .flatMap((part) => (part.includes('.') ? [...ipv4Groups(part)] : [parseInt(part, 16)]));
  };
  const [head = '', tail] = text.split('::');
  const front = parts(head);
  if (tail === undefined) return front;
  const back = parts(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
