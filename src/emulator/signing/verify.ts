import { randomBytes } from 'node:crypto';
import type { GatewayFailure } from '../errors.js';
import type { SignatureVersion } from '../http/handler.js';
import { headerValue, paramValue, type WireRequest } from '../http/wire-request.js';
import { readAcs3Claim } from './acs3.js';
import { constantTimeEqual, isFailure, type SignatureClaim } from './scheme.js';
import { readV1Claim } from './v1.js';

/** What {@link verifySignature} checks against. */
export interface VerifierOptions {
  /** Accepted keys by AccessKey ID. */
  readonly keys: KeyLookup;
  /** Clock, epoch milliseconds. */
  readonly now: () => number;
  /** Largest accepted distance between a request's timestamp and the clock. */
  readonly toleranceMs: number;
  /** Where used nonces are remembered. */
  readonly nonces: NonceStore;
}

/** A key the verifier accepts, with when it stops being accepted, for temporary credentials. */
export interface VerifiedKey extends EmulatorKey {
  /** Epoch milliseconds from which requests signed with it get `InvalidSecurityToken.Expired`. */
  readonly expiresAt?: number;
}

/** Finds the key of an AccessKey ID. A `Map` of keys is one. */
export interface KeyLookup {
  get(accessKeyId: string): VerifiedKey | undefined;
}

/** The outcome of {@link verifySignature}. */
export type Verdict =
  | { readonly ok: true; readonly accessKeyId: string; readonly signatureVersion: SignatureVersion }
  | { readonly ok: false; readonly failure: GatewayFailure; readonly accessKeyId?: string };

/**
 * Authenticates a request signed with ACS3-HMAC-SHA256 (an `Authorization` header) or the legacy RPC
 * HMAC-SHA1 signature (`Signature` parameters). Checks, in order: the signing fields, the key, the body
 * hash and signature, the timestamp window, the STS token and its expiry, and that the nonce was not used before (a nonce
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
  if (key.expiresAt !== undefined && nowMs >= key.expiresAt) return { code: 'InvalidSecurityToken.Expired' };
  const fresh = options.nonces.use(claim.accessKeyId, claim.nonce, time.at + options.toleranceMs, nowMs);
  return fresh ? undefined : { code: 'SignatureNonceUsed' };
}

function checkToken(sent: string | undefined, expected: string | undefined): GatewayFailure | undefined {
  if (expected !== undefined && sent === undefined) return { code: 'MissingSecurityToken' };
  const matches = sent === undefined ? expected === undefined : constantTimeEqual(sent, expected ?? '');
  return matches ? undefined : { code: 'InvalidSecurityToken.MismatchWithAccessKey' };
}

/** An AccessKey the emulator accepts. */
export interface EmulatorKey {
  /** AccessKey ID, e.g. `LTAIemulator0a1b2c3d`. */
  readonly accessKeyId: string;
  /** AccessKey secret the request must be signed with. */
  readonly accessKeySecret: string;
  /**
   * STS token this key requires. When set, every request signed with the key must carry exactly this token
   * (`x-acs-security-token` for ACS3, `SecurityToken` for v1); when unset, a request must carry none.
   */
  readonly securityToken?: string;
}

/**
 * The emulator's default test key: the given ID and secret, or `LTAIemulator` plus random hex and a
 * random secret.
 */
export function defaultKey(accessKeyId?: string, accessKeySecret?: string): EmulatorKey {
  return {
    accessKeyId: accessKeyId ?? `LTAIemulator${randomBytes(6).toString('hex')}`,
    accessKeySecret: accessKeySecret ?? randomBytes(24).toString('base64url'),
  };
}

/**
 * Remembers signature nonces per AccessKey until they expire (when the request's timestamp leaves the
 * tolerance, so that a replay fails the timestamp check instead), so that a replayed request is
 * refused. Each request costs O(1): nonces are kept in the order they were used and forgotten from the
 * oldest on as they expire (one that outlives an older one waits for it). Memory is bounded: past
 * `capacity` nonces, the oldest is forgotten first, expired or not.
 */
export class NonceStore {
  /** When each nonce expires, by AccessKey ID then nonce. */
  readonly #byKey = new Map<string, Map<string, number>>();
  /** From `#oldest` on, the AccessKey ID, nonce and expiry of each use, in the order of use. */
  #order: (string | number)[] = [];
  #oldest = 0;
  #size = 0;
  readonly #capacity: number;

  /** @param capacity - nonces kept at most, over every key @defaultValue 100000 */
  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  /**
   * Records a nonce until `expiresAt`. Returns `false`, recording nothing, when the key already used the
   * same nonce and it has not expired at `nowMs`.
   */
  use(accessKeyId: string, nonce: string, expiresAt: number, nowMs: number): boolean {
    const nonces = this.#byKey.get(accessKeyId) ?? new Map<string, number>();
    this.#byKey.set(accessKeyId, nonces);
    const seenUntil = nonces.get(nonce);
    if (seenUntil !== undefined && seenUntil >= nowMs) return false;
    nonces.set(nonce, expiresAt);
    if (seenUntil === undefined) this.#size++;
    const order = this.#order;
    order.push(accessKeyId, nonce, expiresAt);
    let oldest = this.#oldest;
    for (; oldest < order.length; oldest += 3) {
      const until = order[oldest + 2] as number;
      if (until >= nowMs && this.#size <= this.#capacity) break;
      const kept = this.#byKey.get(order[oldest] as string);
      const used = order[oldest + 1] as string;
      // A nonce used again after it expired has a newer entry: this one no longer counts.
      if (kept?.get(used) === until && kept.delete(used)) this.#size--;
    }
    this.#oldest = oldest;
    if (oldest > 3072 && oldest * 2 > order.length) {
      this.#order = order.slice(oldest);
      this.#oldest = 0;
    }
    return true;
  }
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * Parses a signing timestamp, UTC ISO 8601 as the clients send it (`2026-01-15T08:00:00Z`, milliseconds
 * allowed), into epoch milliseconds; `undefined` when it is not one or names no real date.
 */
export function parseSigningTimestamp(value: string): number | undefined {
  // Requests signed within the same second carry the same text: the last one read is kept.
  if (value !== lastTimestamp.text) lastTimestamp = { text: value, at: readTimestamp(value) };
  return lastTimestamp.at;
}

/** The signing timestamp {@link parseSigningTimestamp} read last. */
let lastTimestamp: { readonly text: string; readonly at: number | undefined } = { text: '', at: undefined };

function readTimestamp(value: string): number | undefined {
  const match = ISO_UTC.exec(value);
  if (match === null) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  // Date.parse rolls a day past the month's end over (2026-02-30 reads as March 2): such a date is not one.
  const date = new Date(at);
  const real =
    date.getUTCFullYear() === Number(match[1]) &&
    date.getUTCMonth() + 1 === Number(match[2]) &&
    date.getUTCDate() === Number(match[3]);
  return real ? at : undefined;
}

/**
 * Checks a signing timestamp against the clock: `InvalidTimeStamp.Format` when unreadable,
 * `InvalidTimeStamp.Expired` when further than `toleranceMs` from `nowMs` either way.
 */
export function checkTimestamp(
  value: string,
  nowMs: number,
  toleranceMs: number,
): { at: number } | GatewayFailure {
  const at = parseSigningTimestamp(value);
  if (at === undefined) return { code: 'InvalidTimeStamp.Format' };
  if (Math.abs(nowMs - at) > toleranceMs) return { code: 'InvalidTimeStamp.Expired' };
  return { at };
}
