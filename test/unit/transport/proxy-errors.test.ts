/**
 * A proxy's failures mapped to typed errors: a refusal names the proxy, the endpoint and the status and
 * says what to check; a failure to reach the proxy names the proxy, not the endpoint. Nothing reached
 * the service in either case (`delivery: 'notSent'`), so a transient one is retried even for a change.
 */
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors.js';
import { mapClientError } from '../../../src/transport/map-error.js';
import type { ProxyServer } from '../../../src/transport/proxy.js';
import { markProxyFailure, ProxyRefused } from '../../../src/transport/proxy-tunnel.js';
import { errorContext } from '../../support/error-context.js';

const PROXY: ProxyServer = {
  protocol: 'http',
  hostname: 'proxy.corp',
  port: 3128,
  address: 'proxy.corp:3128',
  authorization: undefined,
  source: 'proxy',
};

const refusal = (status: number, reason: string) =>
  new ProxyRefused('proxy.corp:3128', 'tds.cn-shanghai.aliyuncs.com:443', 'tunnel', status, reason);

describe('a refusal of the proxy', () => {
  it.each([
    [407, 'Proxy Authentication Required', false, 'Check the proxy credentials'],
    [403, 'Forbidden', false, 'Check that the proxy allows connections to this endpoint'],
    [502, 'Bad Gateway', true, 'The proxy could not reach the endpoint'],
    [503, 'Service Unavailable', true, 'The proxy could not reach the endpoint'],
    [504, 'Gateway Timeout', true, 'The proxy could not reach the endpoint in time'],
    [400, '', false, "Check the proxy's settings for this endpoint."],
  ])('%i %s: retried %s, for a change too', (status, reason, retried, advice) => {
    for (const mutating of [false, true]) {
      const error = mapClientError(refusal(status, reason), errorContext(mutating));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'ProxyRefused', delivery: 'notSent', retryable: retried });
      expect(error.statusCode).toBeUndefined();
      expect(error.message).toContain(
        `the proxy proxy.corp:3128 refused the tunnel to tds.cn-shanghai.aliyuncs.com:443: ${`${status} ${reason}`.trim()}. ${advice}`,
      );
    }
  });
});

describe('a proxy that cannot be reached', () => {
  it.each([
    ['ECONNREFUSED', true, 'the connection was refused (ECONNREFUSED)'],
    ['ENOTFOUND', true, 'its name does not resolve (ENOTFOUND)'],
    ['ECONNRESET', true, 'the connection was reset (ECONNRESET)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false, 'its certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ['ProxyInvalidAnswer', false, 'it answered oddly (ProxyInvalidAnswer)'],
  ])("%s is named as the proxy's, not sent; retried: %s", (code, retried, words) => {
    const raw = markProxyFailure(Object.assign(new Error('it answered oddly'), { code }), PROXY);
    const error = mapClientError(raw, errorContext(true));
    expect(error).toMatchObject({ name: 'NetworkError', code, delivery: 'notSent', retryable: retried });
    expect(error.message).toBe(
      `HandleSecurityEvents: could not reach the proxy proxy.corp:3128: ${words}. ` +
        'Check the proxy URL (the `proxy` option, or HTTPS_PROXY / HTTP_PROXY), and that the proxy runs.',
    );
    expect(error.message).not.toContain('tds.cn-shanghai');
  });

  it('without a code is a ProxyUnreachable error with the cause in words', () => {
    const error = mapClientError(markProxyFailure(new Error('socket gone.'), PROXY), errorContext(false));
    expect(error).toMatchObject({ code: 'ProxyUnreachable', delivery: 'notSent', retryable: false });
    expect(error.message).toMatch(
      /could not reach the proxy proxy\.corp:3128: socket gone\. Check the proxy URL/,
    );
  });
});
