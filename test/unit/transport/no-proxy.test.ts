/**
 * `NO_PROXY` as curl reads it: entries separated by commas or spaces, `*` for every host, an exact host
 * or a domain suffix (with or without its leading dot), an optional `:port`, IP addresses and CIDR
 * ranges; and the loopback hosts that bypass a proxy from the environment.
 */
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, noProxyMatches } from '../../../src/transport/no-proxy.js';

describe('noProxyMatches', () => {
  it.each([
    // [list, host, port, bypassed]
    ['*', 'tds.cn-shanghai.aliyuncs.com', 443, true],
    [' * ', 'anything.example', 80, true],
    ['', 'tds.cn-shanghai.aliyuncs.com', 443, false],
    [' , ,', 'tds.cn-shanghai.aliyuncs.com', 443, false],
    // An exact host, any case, a trailing dot on either side ignored.
    ['tds.cn-shanghai.aliyuncs.com', 'tds.cn-shanghai.aliyuncs.com', 443, true],
    ['TDS.CN-Shanghai.aliyuncs.com.', 'tds.cn-shanghai.aliyuncs.com.', 443, true],
    // A domain, with or without its leading dot, covers the domain and every host under it...
    ['aliyuncs.com', 'tds.cn-shanghai.aliyuncs.com', 443, true],
    ['.aliyuncs.com', 'tds.cn-shanghai.aliyuncs.com', 443, true],
    ['.aliyuncs.com', 'aliyuncs.com', 443, true],
    ['aliyuncs.com', 'aliyuncs.com', 443, true],
    // ...but not a host that merely ends with the same letters.
    ['aliyuncs.com', 'notaliyuncs.com', 443, false],
    ['.aliyuncs.com', 'evilaliyuncs.com', 443, false],
    // Separated by commas, spaces, or both.
    ['example.com, aliyuncs.com', 'sddp.cn-zhangjiakou.aliyuncs.com', 443, true],
    ['example.com aliyuncs.com', 'sddp.cn-zhangjiakou.aliyuncs.com', 443, true],
    ['example.com,\taliyuncs.com', 'sddp.cn-zhangjiakou.aliyuncs.com', 443, true],
    // A port narrows the entry to that port.
    ['aliyuncs.com:443', 'tds.cn-shanghai.aliyuncs.com', 443, true],
    ['aliyuncs.com:8443', 'tds.cn-shanghai.aliyuncs.com', 443, false],
    // IP addresses, v4 and v6 (brackets optional), and CIDR ranges.
    ['10.1.2.3', '10.1.2.3', 80, true],
    ['10.1.2.3', '10.1.2.4', 80, false],
    ['10.1.2.3:8080', '10.1.2.3', 8080, true],
    ['10.1.2.3:8080', '10.1.2.3', 80, false],
    ['10.0.0.0/8', '10.200.3.4', 80, true],
    ['10.0.0.0/8', '11.0.0.1', 80, false],
    ['10.0.0.0/99', '10.0.0.1', 80, false],
    ['example.com/8', 'example.com', 80, false],
    ['fd00::1', 'fd00::1', 80, true],
    ['[fd00::1]', 'fd00::1', 80, true],
    ['[fd00::1]:8080', 'fd00::1', 8080, true],
    ['fd00::/8', 'fd12:3456::1', 80, true],
    // An IP entry never matches a name, nor a name entry an IP.
    ['10.1.2.3', 'ten.example', 80, false],
    ['example.com', '10.1.2.3', 80, false],
    // A `*` among other entries, or a leading `*.`, is a wildcard for a domain as curl reads it.
    ['*.aliyuncs.com', 'tds.cn-shanghai.aliyuncs.com', 443, true],
  ])('NO_PROXY=%j, host %s port %i: bypassed %s', (list, host, port, bypassed) => {
    expect(noProxyMatches(list, host, port)).toBe(bypassed);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['localhost', true],
    ['LOCALHOST.', true],
    ['emulator.localhost', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['tds.cn-shanghai.aliyuncs.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
