/**
 * Which proxy a client uses: the `proxy` option first (`false` for none), else the environment's
 * `https_proxy`/`HTTPS_PROXY` or `http_proxy`/`HTTP_PROXY` by the endpoint's protocol, lowercase first,
 * with `no_proxy`/`NO_PROXY` and loopback hosts exempt. A proxy URL is parsed once and its credentials
 * become a `Proxy-Authorization` header, never part of what is printed.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import type { ResolvedEndpoint } from '../../../src/transport/endpoint.js';
import { resolveProxy } from '../../../src/transport/proxy.js';
import { caught } from '../../support/caught.js';

const HTTPS: ResolvedEndpoint = { host: 'tds.cn-shanghai.aliyuncs.com', protocol: 'https' };
const HTTP: ResolvedEndpoint = { host: 'emulator.test:8080', protocol: 'http' };
const LOOPBACK: ResolvedEndpoint = { host: '127.0.0.1:8080', protocol: 'http' };

describe('the proxy of a client', () => {
  it('is none when neither the option nor the environment gives one', () => {
    expect(resolveProxy(undefined, HTTPS, {})).toBeUndefined();
  });

  it('is https_proxy / HTTPS_PROXY for an https endpoint, http_proxy / HTTP_PROXY for an http one', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128' };
    expect(resolveProxy(undefined, HTTPS, env)).toMatchObject({
      address: 'secure-proxy:3128',
      source: 'HTTPS_PROXY',
    });
    expect(resolveProxy(undefined, HTTP, env)).toMatchObject({
      address: 'plain-proxy:3128',
      source: 'HTTP_PROXY',
    });
    expect(resolveProxy(undefined, HTTPS, { HTTP_PROXY: 'http://plain-proxy:3128' })).toBeUndefined();
    expect(resolveProxy(undefined, HTTP, { HTTPS_PROXY: 'http://secure-proxy:3128' })).toBeUndefined();
  });

  it('reads the lowercase variable first, as curl does; one set empty means no proxy', () => {
    const both = { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' };
    expect(resolveProxy(undefined, HTTPS, both)).toMatchObject({ address: 'lower:1', source: 'https_proxy' });
    expect(
      resolveProxy(undefined, HTTPS, { https_proxy: '', HTTPS_PROXY: 'http://upper:2' }),
    ).toBeUndefined();
  });

  it('skips hosts that no_proxy / NO_PROXY exempts, lowercase first', () => {
    const proxy = { HTTPS_PROXY: 'http://proxy:3128' };
    expect(resolveProxy(undefined, HTTPS, { ...proxy, NO_PROXY: '.aliyuncs.com' })).toBeUndefined();
    expect(resolveProxy(undefined, HTTPS, { ...proxy, NO_PROXY: 'aliyuncs.com:443' })).toBeUndefined();
    expect(resolveProxy(undefined, HTTPS, { ...proxy, NO_PROXY: 'aliyuncs.com:8443' })).toBeDefined();
    expect(
      resolveProxy(undefined, HTTPS, { ...proxy, no_proxy: 'example.com', NO_PROXY: '*' }),
    ).toBeDefined();
    expect(
      resolveProxy(undefined, HTTP, { HTTP_PROXY: 'http://proxy:3128', no_proxy: 'emulator.test' }),
    ).toBeUndefined();
  });

  it('never applies the environment proxy to a loopback endpoint; the option does apply', () => {
    const env = { HTTP_PROXY: 'http://proxy:3128' };
    expect(resolveProxy(undefined, LOOPBACK, env)).toBeUndefined();
    expect(resolveProxy(undefined, { host: 'localhost:8080', protocol: 'http' }, env)).toBeUndefined();
    expect(resolveProxy(undefined, { host: '[::1]:8080', protocol: 'http' }, env)).toBeUndefined();
    expect(resolveProxy('http://proxy:3128', LOOPBACK, env)).toMatchObject({
      address: 'proxy:3128',
      source: 'proxy',
    });
  });

  it('takes the option over the environment, NO_PROXY included; `false` turns every proxy off', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: '*' };
    expect(resolveProxy('http://option-proxy:8080', HTTPS, env)).toMatchObject({
      address: 'option-proxy:8080',
      source: 'proxy',
    });
    expect(resolveProxy(new URL('http://url-proxy:8080'), HTTPS, env)).toMatchObject({
      address: 'url-proxy:8080',
    });
    expect(resolveProxy(false, HTTPS, { HTTPS_PROXY: 'http://env-proxy:3128' })).toBeUndefined();
  });

  it('parses the URL: scheme, host, port (80 or 443 by default), IPv6 in brackets', () => {
    expect(resolveProxy('http://proxy.corp', HTTPS, {})).toEqual({
      protocol: 'http',
      hostname: 'proxy.corp',
      port: 80,
      address: 'proxy.corp:80',
      authorization: undefined,
      source: 'proxy',
    });
    expect(resolveProxy('https://proxy.corp', HTTPS, {})).toMatchObject({ protocol: 'https', port: 443 });
    expect(resolveProxy('HTTP://[fd00::1]:3128/', HTTPS, {})).toMatchObject({
      hostname: 'fd00::1',
      port: 3128,
      address: '[fd00::1]:3128',
    });
  });

  it('takes a host:port without scheme as an http proxy, as curl does', () => {
    expect(resolveProxy(undefined, HTTPS, { HTTPS_PROXY: 'proxy.corp:3128' })).toMatchObject({
      protocol: 'http',
      address: 'proxy.corp:3128',
    });
  });

  it('turns the credentials of the URL into a Basic Proxy-Authorization, percent-decoded', () => {
    const proxy = resolveProxy('http://alice:p%40ss%3Aword@proxy.corp:3128', HTTPS, {});
    expect(proxy?.authorization).toBe(`Basic ${Buffer.from('alice:p@ss:word').toString('base64')}`);
    expect(proxy?.address).toBe('proxy.corp:3128');
    expect(JSON.stringify(proxy)).not.toContain('ss%3Aword');
    // A `%` that starts no escape is taken as it is.
    expect(resolveProxy('http://alice:100%zz@proxy.corp:3128', HTTPS, {})?.authorization).toBe(
      `Basic ${Buffer.from('alice:100%zz').toString('base64')}`,
    );
    expect(resolveProxy('http://bob@proxy.corp:3128', HTTPS, {})?.authorization).toBe(
      `Basic ${Buffer.from('bob:').toString('base64')}`,
    );
  });

  it.each([
    ['socks5://proxy.corp:1080', /socks5.*not supported.*http:\/\/ or https:\/\//],
    ['http://', /not a proxy URL/],
    ['http://proxy.corp:99999', /not a proxy URL/],
    ['', /not a proxy URL/],
  ])('refuses %j with a ValidationError naming `proxy`', (value, message) => {
    const error = caught(() => resolveProxy(value, HTTPS, {}));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'proxy', delivery: 'notSent' });
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a value that is not a URL, a string or false', () => {
    for (const value of [true, 3128, { host: 'proxy' }, null]) {
      const error = caught(() => resolveProxy(value, HTTPS, {}));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/`proxy` must be a proxy URL .*or false/);
    }
  });

  it('names the variable of a bad environment value, and never repeats its password', () => {
    const error = caught(() =>
      resolveProxy(undefined, HTTPS, { HTTPS_PROXY: 'socks5://alice:hunter2-secret@proxy.corp:1080' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/HTTPS_PROXY/);
    expect(JSON.stringify(error)).not.toContain('hunter2-secret');
    expect((error as Error).message).not.toContain('hunter2-secret');
  });
});
