import type { GatewayFailure } from '../errors.js';
import { headerValue, type WireRequest } from '../http/wire-request.js';
import { ACS3_ALGORITHM, acs3CanonicalRequest, acs3Signature } from './acs3.js';
import type { SignatureClaim } from './claim.js';
import { constantTimeEqual } from './compare.js';
import { sha256Hex } from './hash.js';

const REQUIRED_HEADERS = ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'] as const;

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
  const accessKeyId = fields.get('Credential') ?? '';
  const signedHeaders = (fields.get('SignedHeaders') ?? '').split(';');
  const signature = fields.get('Signature') ?? '';
  if (accessKeyId === '' || !/^[0-9a-f]{64}$/.test(signature) || !signedHeaders.every(isHeaderName)) {
    return {
      code: 'IncompleteSignature',
      detail: 'The Authorization header needs Credential, SignedHeaders and a hex Signature.',
    };
  }
  const missing = REQUIRED_HEADERS.find((name) => headerValue(request, name) === undefined);
  if (missing !== undefined)
    return { code: 'IncompleteSignature', detail: `The ${missing} header is missing.` };
  const unsigned = Object.keys(request.headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .find((name) => !signedHeaders.includes(name));
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
      const payloadHash = sha256Hex(request.body);
      const declared = (headerValue(request, 'x-acs-content-sha256') ?? '').toLowerCase();
      if (!constantTimeEqual(declared, payloadHash)) {
        return {
          code: 'SignatureDoesNotMatch',
          detail: 'The x-acs-content-sha256 header does not match the body.',
        };
      }
      const canonical = acs3CanonicalRequest({ ...request, signedHeaders, payloadHash });
      const matches = constantTimeEqual(acs3Signature(canonical, accessKeySecret), signature);
      return matches ? undefined : { code: 'SignatureDoesNotMatch' };
    },
  };
}

function parseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return fields;
}

function isHeaderName(name: string): boolean {
  return /^[a-z0-9-]+$/.test(name);
}
