import type { GatewayFailure } from '../errors.js';
import { headerValue, type WirePair, type WireRequest } from '../http/wire-request.js';
import {
  constantTimeEqual,
  hmacSha256Hex,
  rfc3986,
  type SignatureClaim,
  sha256Hex,
  sortPairs,
} from './scheme.js';

/** Name of the only V3 signature algorithm the emulator accepts. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

const REQUIRED_HEADERS = ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'] as const;
/** The payload hash of an empty body, the body of most RPC requests. */
const EMPTY_PAYLOAD_HASH = sha256Hex('');
/** A signature as ACS3 writes it: 64 lower-case hex digits. */
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
/** `SignedHeaders`: lower-case header names joined by `;`. */
const SIGNED_HEADERS = /^[a-z0-9-]+(?:;[a-z0-9-]+)*$/;

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
  let headerLines = '';
  for (const name of input.signedHeaders) {
    const values = input.headers[name] ?? [];
    const value =
      values.length === 1
        ? (values[0] as string).trim()
        : values
            .map((each) => each.trim())
            .sort()
            .join(',');
    headerLines += `${name}:${value}\n`;
  }
  return `${input.method}\n${input.path}\n${query}\n${headerLines}\n${input.signedHeaders.join(';')}\n${input.payloadHash}`;
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

/**
 * Reads an ACS3 `Authorization` header (`ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`) and
 * the headers it relies on. Fails with `IncompleteSignature` when a part is missing or garbled, a signing
 * header is absent, or `host`, `content-type` or an `x-acs-*` header present is left out of
 * `SignedHeaders`; with `InvalidSignatureMethod` for another ACS3 algorithm.
 */
export function readAcs3Claim(request: WireRequest, authorization: string): SignatureClaim | GatewayFailure {
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== ACS3_ALGORITHM) {
    return algorithm.startsWith('ACS3-')
      ? { code: 'InvalidSignatureMethod', detail: `Use ${ACS3_ALGORITHM}.` }
      : {
          code: 'IncompleteSignature',
          detail: `The Authorization header must start with ${ACS3_ALGORITHM}.`,
        };
  }
  const fields = parseFields(authorization.slice(space + 1));
  const accessKeyId = fields.Credential ?? '';
  const signedHeaderList = fields.SignedHeaders ?? '';
  const signature = fields.Signature ?? '';
  if (accessKeyId === '' || !HEX_SIGNATURE.test(signature) || !SIGNED_HEADERS.test(signedHeaderList)) {
    return {
      code: 'IncompleteSignature',
      detail: 'The Authorization header needs Credential, SignedHeaders and a hex Signature.',
    };
  }
  const missing = REQUIRED_HEADERS.find((name) => request.headers[name] === undefined);
  if (missing !== undefined)
    return { code: 'IncompleteSignature', detail: `The ${missing} header is missing.` };
  const signedHeaders = signedHeaderList.split(';');
  const unsigned = unsignedHeader(request, signedHeaders);
  if (unsigned !== undefined) {
    return { code: 'IncompleteSignature', detail: `The ${unsigned} header must be signed.` };
  }
  return {
    signatureVersion: 'v3',
    accessKeyId,
    timestamp: headerValue(request, 'x-acs-date') ?? '',
    nonce: headerValue(request, 'x-acs-signature-nonce') ?? '',
    securityToken: headerValue(request, 'x-acs-security-token'),
    verify(accessKeySecret) {
      const payloadHash = request.body.length === 0 ? EMPTY_PAYLOAD_HASH : sha256Hex(request.body);
      const declared = (headerValue(request, 'x-acs-content-sha256') ?? '').toLowerCase();
      if (!constantTimeEqual(declared, payloadHash)) {
        return {
          code: 'SignatureDoesNotMatch',
          detail: 'The x-acs-content-sha256 header does not match the body.',
        };
      }
      const { method, path, query, headers } = request;
      const canonical = acs3CanonicalRequest({ method, path, query, headers, signedHeaders, payloadHash });
      const matches = constantTimeEqual(acs3Signature(canonical, accessKeySecret), signature);
      return matches ? undefined : { code: 'SignatureDoesNotMatch' };
    },
  };
}

/** The `name=value` fields of an `Authorization` header after its algorithm, by name. */
function parseFields(text: string): Partial<Record<string, string>> {
  const fields: Partial<Record<string, string>> = Object.create(null);
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return fields;
}

/** The first header present that must be signed (`host`, `content-type`, `x-acs-*`) but is not. */
function unsignedHeader(request: WireRequest, signedHeaders: readonly string[]): string | undefined {
  for (const name in request.headers) {
    const mustSign = name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
    if (mustSign && !signedHeaders.includes(name)) return name;
  }
  return undefined;
}
