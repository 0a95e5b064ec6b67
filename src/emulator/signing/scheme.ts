import * as crypto from 'node:crypto';
import type { GatewayFailure } from '../errors.js';
import type { SignatureVersion } from '../http/handler.js';
import type { WirePair } from '../http/wire-request.js';

/** What a request says about who signed it, read before any key is looked up. */
export interface SignatureClaim {
  /** The signature scheme used. */
  readonly signatureVersion: SignatureVersion;
  /** The AccessKey ID the request names. */
  readonly accessKeyId: string;
  /** The signing timestamp, as sent. */
  readonly timestamp: string;
  /** The signature nonce, as sent. */
  readonly nonce: string;
  /** The STS token sent, if any. */
  readonly securityToken: string | undefined;
  /** Checks the signature (and, for ACS3, the body hash) with the named key's secret. */
  verify(accessKeySecret: string): GatewayFailure | undefined;
}

/** Tells a {@link GatewayFailure} from a successful read. */
export function isFailure<T extends object>(value: T | GatewayFailure): value is GatewayFailure {
  return 'code' in value;
}

/**
 * Percent-encodes a string the way Alibaba Cloud signatures expect (RFC 3986): `encodeURIComponent`
 * plus `!`, `'`, `(`, `)` and `*`, so that only unreserved characters stay as they are.
 *
 * @example
 * ```ts
 * rfc3986('a b*c'); // 'a%20b%2Ac'
 * ```
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Sorts parameter pairs by name in UTF-16 code unit order (what `Array#sort` does to the keys when the
 * client signs); pairs with the same name keep their wire order.
 */
export function sortPairs(pairs: readonly WirePair[]): WirePair[] {
  return [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `crypto.hash`, the one-shot digest, where this Node has it (20.12 on); it skips a stream per digest. */
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Buffer): string {
  return oneShotHash === undefined
    ? crypto.createHash('sha256').update(data).digest('hex')
    : oneShotHash('sha256', data, 'hex');
}

/** Hex HMAC-SHA256 of `data` under `key`. */
export function hmacSha256Hex(key: string, data: string): string {
  if (oneShotHash === undefined) return crypto.createHmac('sha256', key).update(data).digest('hex');
  // RFC 2104 on one-shot digests: H(key ^ opad || H(key ^ ipad || data)), with the pads of each key kept.
  const pads = hmacPads(key);
  const inner = oneShotHash('sha256', Buffer.concat([pads.inner, Buffer.from(data)]), 'buffer');
  return oneShotHash('sha256', Buffer.concat([pads.outer, inner]), 'hex');
}

/** SHA-256's block size in bytes. */
const SHA256_BLOCK_BYTES = 64;
/** The inner and outer pads of the keys seen, by key: the emulator's own few test keys, 64 at most. */
const padsByKey = new Map<string, { readonly inner: Uint8Array; readonly outer: Uint8Array }>();

function hmacPads(key: string): { readonly inner: Uint8Array; readonly outer: Uint8Array } {
  let pads = padsByKey.get(key);
  if (pads === undefined) {
    const bytes = Buffer.from(key);
    const block = Buffer.alloc(SHA256_BLOCK_BYTES);
    (bytes.length > SHA256_BLOCK_BYTES ? crypto.createHash('sha256').update(bytes).digest() : bytes).copy(
      block,
    );
    pads = { inner: block.map((byte) => byte ^ 0x36), outer: block.map((byte) => byte ^ 0x5c) };
    if (padsByKey.size >= 64) padsByKey.clear();
    padsByKey.set(key, pads);
  }
  return pads;
}

/** Base64 HMAC-SHA1 of `data` under `key`. */
export function hmacSha1Base64(key: string, data: string): string {
  return crypto.createHmac('sha1', key).update(data).digest('base64');
}

/** Compares two strings in time that does not depend on where they first differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
