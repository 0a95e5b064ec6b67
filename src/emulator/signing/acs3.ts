import type { WirePair } from '../http/wire-request.js';
import { rfc3986 } from './encode.js';
import { hmacSha256Hex, sha256Hex } from './hash.js';
import { sortPairs } from './pairs.js';

/** Name of the only V3 signature algorithm the emulator accepts. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** What goes into an ACS3 canonical request. */
export interface Acs3CanonicalInput {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request path as sent (`/` for RPC). */
  readonly path: string;
  /** Decoded query parameters. */
  readonly query: readonly WirePair[];
  /** Request headers under lower-case names. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** Lower-case names of the signed headers, in the order of the `SignedHeaders` list. */
  readonly signedHeaders: readonly string[];
  /** Hex SHA-256 of the body. */
  readonly payloadHash: string;
}

/**
 * Builds the ACS3 canonical request: method, path, the query sorted by name as `name=rfc3986(value)`
 * joined by `&`, one `name:value` line per signed header (values trimmed; repeated headers sorted and
 * joined by `,`), an empty line, the `;`-joined signed header names, and the payload hash.
 */
export function acs3CanonicalRequest(input: Acs3CanonicalInput): string {
  const query = sortPairs(input.query)
    .map(([name, value]) => `${name}=${rfc3986(value)}`)
    .join('&');
  const headerLines = input.signedHeaders
    .map((name) => {
      const values = (input.headers[name] ?? []).map((value) => value.trim()).sort();
      return `${name}:${values.join(',')}\n`;
    })
    .join('');
  return [
    input.method,
    input.path,
    query,
    headerLines,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

/**
 * Signs a canonical request: hex HMAC-SHA256, under the AccessKey secret, of
 * `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
 *
 * @example
 * ```ts
 * const signature = acs3Signature(acs3CanonicalRequest(input), secret);
 * const authorization = `ACS3-HMAC-SHA256 Credential=${id},SignedHeaders=${input.signedHeaders.join(';')},Signature=${signature}`;
 * ```
 */
export function acs3Signature(canonicalRequest: string, accessKeySecret: string): string {
  return hmacSha256Hex(accessKeySecret, `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`);
}
