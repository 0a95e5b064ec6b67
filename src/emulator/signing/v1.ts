import type { GatewayFailure } from '../errors.js';
import { paramValue, type WirePair, type WireRequest } from '../http/wire-request.js';
import { constantTimeEqual, hmacSha1Base64, rfc3986, type SignatureClaim, sortPairs } from './scheme.js';

const REQUIRED_PARAMS = ['AccessKeyId', 'Signature', 'Timestamp', 'SignatureNonce'] as const;

/**
 * Builds the legacy RPC string to sign: `METHOD&%2F&` + the percent-encoded canonical query, which is
 * every parameter (query and form body, `Signature` excluded by the caller) sorted by name as
 * `rfc3986(name)=rfc3986(value)` joined by `&`.
 */
export function v1StringToSign(method: string, params: readonly WirePair[]): string {
  const canonical = sortPairs(params)
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  return `${method}&${rfc3986('/')}&${rfc3986(canonical)}`;
}

/**
 * Signs a legacy RPC string to sign: base64 HMAC-SHA1 under `accessKeySecret + '&'`.
 *
 * @example
 * ```ts
 * const signature = v1Signature(v1StringToSign('POST', params), secret);
 * ```
 */
export function v1Signature(stringToSign: string, accessKeySecret: string): string {
  return hmacSha1Base64(`${accessKeySecret}&`, stringToSign);
}

/**
 * Reads the legacy RPC signing parameters (from the query string or the form body). Fails with
 * `InvalidSignatureMethod` unless `SignatureMethod` is `HMAC-SHA1`, and with `IncompleteSignature` when
 * `SignatureVersion` is not `1.0` or a signing parameter is missing.
 */
export function readV1Claim(request: WireRequest): SignatureClaim | GatewayFailure {
  const method = paramValue(request, 'SignatureMethod');
  if (method !== 'HMAC-SHA1') return { code: 'InvalidSignatureMethod', detail: 'Use HMAC-SHA1.' };
  if (paramValue(request, 'SignatureVersion') !== '1.0') {
    return { code: 'IncompleteSignature', detail: 'SignatureVersion must be 1.0.' };
  }
  const missing = REQUIRED_PARAMS.find((name) => (paramValue(request, name) ?? '') === '');
  if (missing !== undefined)
    return { code: 'IncompleteSignature', detail: `The ${missing} parameter is missing.` };
  const signature = paramValue(request, 'Signature') ?? '';
  return {
    signatureVersion: 'v1',
    accessKeyId: paramValue(request, 'AccessKeyId') ?? '',
    timestamp: paramValue(request, 'Timestamp') ?? '',
    nonce: paramValue(request, 'SignatureNonce') ?? '',
    securityToken: paramValue(request, 'SecurityToken'),
    verify(accessKeySecret) {
      const signed = [...request.query, ...request.form].filter(([name]) => name !== 'Signature');
      const expected = v1Signature(v1StringToSign(request.method, signed), accessKeySecret);
      return constantTimeEqual(expected, signature) ? undefined : { code: 'SignatureDoesNotMatch' };
    },
  };
}
