import type { WirePair } from '../http/wire-request.js';
import { rfc3986 } from './encode.js';
import { hmacSha1Base64 } from './hash.js';
import { sortPairs } from './pairs.js';

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
