/**
 * Which hosts skip a proxy taken from the environment: the `NO_PROXY` list, read as curl reads it, and
 * the loopback hosts.
 *
 * @packageDocumentation
 */
import { BlockList, isIP } from 'node:net';

/**
 * Whether `NO_PROXY` (`list`) exempts `hostname` on `port` from the proxy. Entries are separated by
 * commas and/or white space; case and a trailing dot do not matter:
 * - `*` alone exempts every host;
 * - a name exempts itself and every host under it: `aliyuncs.com`, `.aliyuncs.com` and `*.aliyuncs.com`
 *   each cover `aliyuncs.com` and `tds.cn-shanghai.aliyuncs.com`, never `notaliyuncs.com`;
 * - an IP address (v6 with or without brackets) exempts that address, a CIDR range (`10.0.0.0/8`) every
 *   address in it; an address entry never matches a name, nor a name entry an address (no DNS lookup);
 * - `:port` after an entry narrows it to that port.
 */
export function noProxyMatches(list: string, hostname: string, port: number): boolean {
  const host = normalized(hostname);
  for (const raw of list.split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const entry = splitPort(raw);
    if (entry.port !== undefined && entry.port !== port) continue;
    if (matchesEntry(normalized(entry.host), host)) return true;
  }
  return false;
}

/**
 * Whether `hostname` is this machine's loopback: `localhost` (and any name under `.localhost`),
 * `127.0.0.0/8`, or `::1`. A proxy from the environment is never used for these; an explicit `proxy`
 * option is.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = normalized(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Lowercase, without brackets around an IPv6 address or a trailing dot. */
function normalized(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** An entry's host part and its port, when it names one (`host:port`, `[v6]:port`, `1.2.3.4:port`). */
function splitPort(entry: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) {
    return { host: bracketed[1] as string, port: toPort(bracketed[2]) };
  }
  // A bare IPv6 address (several colons) has no port.
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort !== null) return { host: withPort[1] as string, port: toPort(withPort[2]) };
  return { host: entry, port: undefined };
}

function toPort(digits: string | undefined): number | undefined {
  return digits === undefined ? undefined : Number(digits);
}

function matchesEntry(entry: string, host: string): boolean {
  const hostFamily = isIP(host);
  const range = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (range !== null) {
    const [, address = '', bits] = range;
    const family = isIP(address);
    if (family === 0 || family !== hostFamily || Number(bits) > (family === 4 ? 32 : 128)) return false;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const subnet = new BlockList();
    subnet.addSubnet(address, Number(bits), type);
    return subnet.check(host, type);
  }
  const entryFamily = isIP(entry);
  if (entryFamily !== 0 || hostFamily !== 0) {
    if (entryFamily !== hostFamily) return false;
    const type = entryFamily === 4 ? 'ipv4' : 'ipv6';
    const address = new BlockList();
    address.addAddress(entry, type);
    // Compared as addresses: `fd00::1` and `fd00:0::1` are one.
    return address.check(host, type);
  }
  const domain = entry.replace(/^\*?\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}
