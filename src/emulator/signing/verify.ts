import type { GatewayFailure } from '../errors.js';
import { headerValue, paramValue, type WireRequest } from '../http/wire-request.js';
import type { EmulatorKey, SignatureVersion } from '../types.js';
import { readAcs3Claim } from './acs3-claim.js';
import { isFailure, type SignatureClaim } from './claim.js';
import { constantTimeEqual } from './compare.js';
import type { NonceStore } from './nonce-store.js';
import { checkTimestamp } from './timestamp.js';
import { readV1Claim } from './v1-claim.js';

/** What {@link verifySignature} checks against. */
export interface VerifierOptions {
  /** Accepted keys by AccessKey ID. */
  readonly keys: ReadonlyMap<string, EmulatorKey>;
  /** Clock, epoch milliseconds. */
  readonly now: () => number;
  /** Largest accepted distance between a request's timestamp and the clock. */
  readonly toleranceMs: number;
  /** Where used nonces are remembered. */
  readonly nonces: NonceStore;
}

/** The outcome of {@link verifySignature}. */
export type Verdict =
  | { readonly ok: true; readonly accessKeyId: string; readonly signatureVersion: SignatureVersion }
  | { readonly ok: false; readonly failure: GatewayFailure; readonly accessKeyId?: string };

/**
 * Authenticates a request signed with ACS3-HMAC-SHA256 (an `Authorization` header) or the legacy RPC
 * HMAC-SHA1 signature (`Signature` parameters). Checks, in order: the signing fields, the key, the body
 * hash and signature, the timestamp window, the STS token, and that the nonce was not used before (a nonce
 * is only recorded once everything else passed).
 */
export function verifySignature(request: WireRequest, options: VerifierOptions): Verdict {
  const claim = readClaim(request);
  if (isFailure(claim)) return { ok: false, failure: claim };
  const { accessKeyId } = claim;
  const failure = check(claim, options);
  return failure === undefined
    ? { ok: true, accessKeyId, signatureVersion: claim.signatureVersion }
    : { ok: false, failure, accessKeyId };
}

function readClaim(request: WireRequest): SignatureClaim | GatewayFailure {
  const authorization = headerValue(request, 'authorization');
  if (authorization !== undefined) return readAcs3Claim(request, authorization);
  const signsV1 = ['Signature', 'SignatureMethod', 'AccessKeyId'].some(
    (name) => paramValue(request, name) !== undefined,
  );
  if (signsV1) return readV1Claim(request);
  return { code: 'IncompleteSignature', detail: 'Send an Authorization header or the Signature parameters.' };
}

function check(claim: SignatureClaim, options: VerifierOptions): GatewayFailure | undefined {
  const key = options.keys.get(claim.accessKeyId);
  if (key === undefined) return { code: 'InvalidAccessKeyId.NotFound' };
  const mismatch = claim.verify(key.accessKeySecret);
  if (mismatch !== undefined) return mismatch;
  const nowMs = options.now();
  const time = checkTimestamp(claim.timestamp, nowMs, options.toleranceMs);
  if (isFailure(time)) return time;
  const tokenFailure = checkToken(claim.securityToken, key.securityToken);
  if (tokenFailure !== undefined) return tokenFailure;
  const fresh = options.nonces.use(claim.accessKeyId, claim.nonce, time.at + options.toleranceMs, nowMs);
  return fresh ? undefined : { code: 'SignatureNonceUsed' };
}

function checkToken(sent: string | undefined, expected: string | undefined): GatewayFailure | undefined {
  if (expected !== undefined && sent === undefined) return { code: 'MissingSecurityToken' };
  const matches = sent === undefined ? expected === undefined : constantTimeEqual(sent, expected ?? '');
  return matches ? undefined : { code: 'InvalidSecurityToken.MismatchWithAccessKey' };
}
