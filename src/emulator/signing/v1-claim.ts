import type { GatewayFailure } from '../errors.js';
import { paramValue, type WireRequest } from '../http/wire-request.js';
import type { SignatureClaim } from './claim.js';
import { constantTimeEqual } from './compare.js';
import { v1Signature, v1StringToSign } from './v1.js';

const REQUIRED_PARAMS = ['AccessKeyId', 'Signature', 'Timestamp', 'SignatureNonce'] as const;

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
